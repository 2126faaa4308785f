"""The sandbox's files of state hold secrets (the emulator's client secrets, the bot's log): owner-only, whatever
the umask."""
from __future__ import annotations

import os

import pytest

from sandbox.private import open_private_log, write_private
from tests.file_modes import file_mode, open_umask  # noqa: F401 (open_umask: the fixture below)

pytestmark = pytest.mark.usefixtures("open_umask")     # every test here runs under an ordinary umask


def test_write_private_creates_and_tightens(tmp_path):
    path = tmp_path / "info.json"
    write_private(path, '{"client_secret": "s"}')
    assert file_mode(path) == 0o600 and path.read_text() == '{"client_secret": "s"}'
    os.chmod(path, 0o644)
    write_private(path, "again")
    assert file_mode(path) == 0o600 and path.read_text() == "again"


def test_open_private_log_appends_owner_only(tmp_path):
    path = tmp_path / "bot.log"
    with open_private_log(path) as f:
        f.write(b"one\n")
    with open_private_log(path) as f:
        f.write(b"two\n")
    assert file_mode(path) == 0o600 and path.read_bytes() == b"one\ntwo\n"


def test_the_emulators_info_file_and_database_are_private(tmp_path):
    from sandbox.salesforce import EmulatorServer
    server = EmulatorServer(str(tmp_path / "sf.sqlite"), seed=True, state_dir=str(tmp_path / "state")).start()
    try:
        server.write_info(tmp_path / "sf.json")
        assert file_mode(tmp_path / "sf.json") == 0o600
        assert file_mode(tmp_path / "sf.sqlite") == 0o600
    finally:
        server.stop()
