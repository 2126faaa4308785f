"""The store's tests run on a store whose clock the test moves (`clock`, `db`): expiry, claims, leases and stamps
follow it, so no test sleeps for them. (tests/store/test_store.py keeps its own `db` on the wall clock.)"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import Store


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(any_store_url, clock):
    s = Store(any_store_url, now=clock)
    yield s
    s.close()
