"""Database engines, shared per URL inside the process, and the SQL helpers every table family uses.

SQLite specifics: WAL journal, a busy timeout, and writes that start with `BEGIN IMMEDIATE` so that two threads
never deadlock upgrading a read lock to a write lock (reads stay deferred and do not block writers). SQLite has one
writer at a time; the threads of one process take turns at an in-process lock (`write_transaction`) instead of
polling for the file's lock through the busy handler, whose sleeps grow while others write (a long tail under load);
other processes on the same file still wait through the busy timeout.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

_ENGINES: dict[str, tuple[Engine, int]] = {}
_ENGINES_LOCK = threading.Lock()
# One writer at a time per SQLite engine in this process (re-entrant: a write nested in a write of the same thread
# waits on SQLite as before, not on itself).
_WRITERS: WeakKeyDictionary[Engine, threading.RLock] = WeakKeyDictionary()


def _make_engine(url: str, *, busy_timeout_ms: int) -> Engine:
    u = make_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        memory = u.database in (None, "", ":memory:")
        if not memory and not str(u.database).startswith("file:"):
            _private_file(str(u.database))
        engine = create_engine(
            u,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            **({"poolclass": StaticPool} if memory else {"pool_size": 10, "max_overflow": 20}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None      # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection):
            read_only = conn.get_execution_options().get("concierge_read_only", False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        _WRITERS[engine] = threading.RLock()
        return engine
    if backend == "postgresql":
        return create_engine(u, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise ValueError(f"unsupported DATABASE_URL backend {backend!r}: use sqlite:///FILE or postgresql+psycopg://")


def _private_file(path: str) -> None:
    """Create the database file owner-only (0600) before SQLite opens it, whatever the umask (its journal and WAL
    files take its mode); an existing one is tightened. It holds people's emails and their cases' subjects."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def acquire_engine(url: str, busy_timeout_ms: int) -> Engine:
    with _ENGINES_LOCK:
        engine, refs = _ENGINES.get(url, (None, 0))
        if engine is None:
            engine = _make_engine(url, busy_timeout_ms=busy_timeout_ms)
        _ENGINES[url] = (engine, refs + 1)
        return engine


def release_engine(url: str) -> None:
    with _ENGINES_LOCK:
        engine, refs = _ENGINES.get(url, (None, 0))
        if engine is None:
            return
        if refs <= 1:
            del _ENGINES[url]
            engine.dispose()
        else:
            _ENGINES[url] = (engine, refs - 1)


def transient(exc: BaseException) -> bool:
    """True for a database error that trying again can cure: the connection was cut (a server restart, a
    failover, a terminated session) or the database was briefly unavailable or locked."""
    return isinstance(exc, DBAPIError) and (exc.connection_invalidated or isinstance(exc, OperationalError))


def insert_for(conn: Connection, table: Any) -> Any:
    """An INSERT that supports ON CONFLICT on both backends."""
    if conn.dialect.name == "postgresql":
        return pg_dialect.insert(table)
    return sqlite_dialect.insert(table)


def chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction (commits at the end of the block, rolls back on an exception). On SQLite the process's
    writers take turns at one lock first, so a burst of writes queues in arrival order instead of sleeping in SQLite's
    busy handler; PostgreSQL's writers run side by side."""
    writer = _WRITERS.get(engine)
    if writer is None:
        with engine.begin() as conn:
            yield conn
        return
    with writer, engine.begin() as conn:
        yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (on SQLite a deferred BEGIN, which does not block writers)."""
    with engine.connect() as conn:
        conn = conn.execution_options(concierge_read_only=True)
        with conn.begin():
            yield conn


class TableFamily:
    """A family of the store's tables: the engine they live in and the store's clock (`now()`, UTC)."""

    def __init__(self, engine: Engine, now: Callable[[], datetime]):
        self._engine, self.now = engine, now

    def _read(self) -> AbstractContextManager[Connection]:
        return read_connection(self._engine)
