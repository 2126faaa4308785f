"""The sandbox's files of state hold secrets (the emulator's client secrets, the bot's log): owner-only, whatever
the umask."""
from __future__ import annotations

import os
import stat

import pytest

from sandbox.private import open_private_log, write_private


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_private_creates_and_tightens(tmp_path, open_umask):
    path = tmp_path / "info.json"
    write_private(path, '{"client_secret": "s"}')
    assert _mode(path) == 0o600 and path.read_text() == '{"client_secret": "s"}'
    os.chmod(path, 0o644)
    write_private(path, "again")
    assert _mode(path) == 0o600 and path.read_text() == "again"


def test_open_private_log_appends_owner_only(tmp_path, open_umask):
    path = tmp_path / "bot.log"
    with open_private_log(path) as f:
        f.write(b"one\n")
    with open_private_log(path) as f:
        f.write(b"two\n")
    assert _mode(path) == 0o600 and path.read_bytes() == b"one\ntwo\n"


def test_the_emulators_info_file_and_database_are_private(tmp_path, open_umask):
    from sandbox.salesforce import EmulatorServer
    server = EmulatorServer(str(tmp_path / "sf.sqlite"), seed=True, state_dir=str(tmp_path / "state")).start()
    try:
        server.write_info(tmp_path / "sf.json")
        assert _mode(tmp_path / "sf.json") == 0o600
        assert _mode(tmp_path / "sf.sqlite") == 0o600
    finally:
        server.stop()
