"""Fixtures for the intents tests: the shipped pipeline, trained once per session into a temporary cache."""
from __future__ import annotations

import pytest

import intents
from intents.model_cache import load_or_train
from intents.parser import IntentParser


@pytest.fixture(scope="session")
def model_root(tmp_path_factory):
    return tmp_path_factory.mktemp("intents-model")


@pytest.fixture(scope="session")
def parser(model_root) -> IntentParser:
    """The pipeline trained on the shipped data (cached under a session tmp dir), also made the default."""
    return intents.load(root=model_root)


@pytest.fixture(scope="session")
def trained(model_root):
    return load_or_train(root=model_root)
