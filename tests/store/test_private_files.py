"""The store's SQLite database (and its WAL files) is readable by its owner only, whatever the umask: it holds
people's emails, their cases' subjects and the bot's conversations."""
from __future__ import annotations

import os
import stat

import pytest

from store import Store


@pytest.fixture
def open_umask():
    old = os.umask(0o022)       # a common default: new files world-readable
    try:
        yield
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_is_created_0600(tmp_path, open_umask):
    db = tmp_path / "concierge.sqlite"
    store = Store(f"sqlite:///{db}")
    try:
        store.claim_event("k")
        assert _mode(db) == 0o600
        for extra in (tmp_path / "concierge.sqlite-wal", tmp_path / "concierge.sqlite-shm"):
            if extra.exists():
                assert _mode(extra) == 0o600
    finally:
        store.close()


def test_an_existing_world_readable_database_is_made_private(tmp_path, open_umask):
    db = tmp_path / "old.sqlite"
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    store = Store(f"sqlite:///{db}")
    try:
        assert _mode(db) == 0o600
    finally:
        store.close()
