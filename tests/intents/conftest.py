"""Fixtures for the intents tests: the shipped pipeline, from the cache `make model` fills (trained there first when
missing or stale; a race between test workers is settled by the cache's atomic rename). Tests that train other data or
settings use their own temporary directories."""
from __future__ import annotations

import pytest

import intents
from intents.model_cache import load_or_train, model_root as cache_root
from intents.parser import IntentParser
from intents.urgency import urgency


@pytest.fixture(scope="session")
def model_root():
    return cache_root()


@pytest.fixture(scope="session")
def parser(model_root) -> IntentParser:
    """The pipeline trained on the shipped data (from the shared cache), also made the default."""
    return intents.load(root=model_root)


@pytest.fixture(scope="session")
def trained(model_root):
    return load_or_train(root=model_root)


def urgency_kind(text: str) -> str | None:
    """The kind of urgency the rules alone find in `text` ("security", "deadline", ...), or None."""
    found = urgency(text, learned=False)
    return found.kind if found else None
