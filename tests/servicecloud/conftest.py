"""Helpers for the Case domain tests (fixtures proper live in tests/plugins/desk.py)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


class CallMeter:
    """Counts the API calls an operation costs, from the emulator's usage counter."""

    def __init__(self, read: Callable[[], int]):
        self.read = read
        self.calls: int | None = None

    @contextmanager
    def __call__(self) -> Iterator["CallMeter"]:
        before = self.read()
        yield self
        self.calls = self.read() - before


@pytest.fixture
def meter(desk_calls: Callable[[], int]) -> CallMeter:
    return CallMeter(desk_calls)


def rows(sf_client: Any, soql: str) -> list[dict]:
    """Run a query through a plain simple-salesforce client (the test's independent view of the org)."""
    return list(sf_client.query_all(soql)["records"])
