"""Files of the sandbox's state that hold secrets (the emulator's info file with its client secrets, the bot's log,
the databases) are created readable by their owner only (0600), whatever the umask; an existing file is tightened."""
from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600


def _open(path: str | os.PathLike[str], flags: int) -> int:
    fd = os.open(path, flags | os.O_CREAT, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)          # an older file, or one created under another umask
    except OSError:
        os.close(fd)
        raise
    return fd


def create_private(path: str | os.PathLike[str]) -> None:
    """Make sure `path` exists, owner-only (before SQLite opens it: its journal and WAL files take its mode)."""
    os.close(_open(path, os.O_WRONLY))


def write_private(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` atomically (readers never see half a file), owner-only."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with os.fdopen(_open(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def open_private_log(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for appending bytes, owner-only."""
    return os.fdopen(_open(path, os.O_WRONLY | os.O_APPEND), "ab")
