"""Schema management: the Alembic revisions in store/migrations, applied when a Store opens its database.

`upgrade(engine)` brings the schema to the newest revision under a database-wide lock, so any number of
replicas can start at once on an empty database: on PostgreSQL a transaction-level advisory lock keyed by the
current schema (`pg_advisory_xact_lock`), on SQLite the write lock `BEGIN IMMEDIATE` takes. The first replica
creates or upgrades the tables in one transaction (DDL is transactional on both backends); the others wait on
the lock, then find the schema at head and do nothing.

A database created before migrations existed (tables made by `create_all`, no version table) is stamped with
the baseline revision first, then upgraded in place. How to add a revision: docs/contracts.md ("Schema").
"""
from __future__ import annotations

import threading
from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

VERSION_TABLE = "concierge_schema_version"
BASELINE = "0001"                       # the schema `create_all` made before migrations existed
_BASELINE_TABLE = "concierge_events"    # present in every pre-migration database
_LOCAL = threading.Lock()               # one migration at a time inside a process (SQLite shares engines)


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def config(conn: Connection | None = None) -> Config:
    """Alembic configuration for store/migrations (with `conn`: the connection env.py runs on)."""
    cfg = Config()
    cfg.set_main_option("script_location", "store:migrations")
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """The newest revision in store/migrations."""
    rev = _script().get_current_head()
    assert rev is not None
    return rev


def current(conn: Connection) -> str | None:
    """The revision the database is at (None: no version table yet)."""
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def version(engine: Engine) -> str | None:
    """The database's schema revision, read without a lock (`concierge doctor`, tests)."""
    with engine.connect() as conn:
        return current(conn)


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        # Keyed by schema: replicas of one deployment serialise, unrelated schemas (tests) do not.
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('concierge-schema:' || current_schema()))"))
    # SQLite: the transaction began with BEGIN IMMEDIATE (store/store.py), which already excludes writers.


def upgrade(engine: Engine) -> str:
    """Bring the schema to head (no-op when it is there already); returns the revision."""
    target = head()
    with engine.connect() as probe:         # the common case, a started deployment: no lock, one read
        if current(probe) == target:
            return target
    with _LOCAL, engine.begin() as conn:
        _lock(conn)
        rev = current(conn)
        if rev == target:
            return target
        cfg = config(conn)
        if rev is None and inspect(conn).has_table(_BASELINE_TABLE):
            command.stamp(cfg, BASELINE)    # made by create_all before migrations: adopt it as the baseline
        command.upgrade(cfg, "head")
        return target
