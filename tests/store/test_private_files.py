"""The store's SQLite database (and its WAL files) is readable by its owner only, whatever the umask: it holds
people's emails, their cases' subjects and the bot's conversations."""
from __future__ import annotations

import os

import pytest

from store import Store
from tests.file_modes import file_mode, open_umask  # noqa: F401 (open_umask: the fixture below)

pytestmark = pytest.mark.usefixtures("open_umask")     # every test here runs under an ordinary umask


def test_a_new_sqlite_database_is_created_0600(tmp_path):
    db = tmp_path / "concierge.sqlite"
    store = Store(f"sqlite:///{db}")
    try:
        store.claim_event("k")
        assert file_mode(db) == 0o600
        for extra in (tmp_path / "concierge.sqlite-wal", tmp_path / "concierge.sqlite-shm"):
            if extra.exists():
                assert file_mode(extra) == 0o600
    finally:
        store.close()


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    db = tmp_path / "old.sqlite"
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    store = Store(f"sqlite:///{db}")
    try:
        assert file_mode(db) == 0o600
    finally:
        store.close()
