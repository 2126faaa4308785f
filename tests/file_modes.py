"""Shared by the tests of owner-only state files: an ordinary umask during the test, and a file's permission bits."""
from __future__ import annotations

import os
import stat

import pytest


@pytest.fixture
def open_umask():
    old = os.umask(0o022)       # a common default: new files world-readable
    try:
        yield
    finally:
        os.umask(old)


def file_mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)
