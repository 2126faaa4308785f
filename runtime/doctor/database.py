"""Database check: reachable, and its tables and columns are those this version of Concierge uses."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, make_url
from sqlalchemy.exc import SQLAlchemyError

from runtime.doctor.result import Finding, Outcome, fail, ok, run_checks, warn
from store import Store, migrate
from store.schema import metadata

AREA = "Database"


def schema(settings: Any) -> Outcome:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not Path(url.database).exists():          # connecting would create it: leave that to `run`
        return warn(f"the SQLite file {url.database} does not exist yet",
                    "Nothing to do if this is a first start: `concierge run` creates it and its tables; otherwise "
                    "check DATABASE_URL (for several replicas use PostgreSQL).")
    store = Store(settings.database_url, create=False)
    try:
        inspector = inspect(store.engine)
        present = set(inspector.get_table_names())
        expected = sorted(metadata.tables)
        missing = [t for t in expected if t not in present]
        if len(missing) == len(expected):
            return warn(f"{store.dialect} reachable; no Concierge tables yet",
                        "Nothing to do: `concierge run` creates them when it starts.")
        stale = [f"{name}.{c.name}" for name in expected if name in present
                 for c in metadata.tables[name].columns
                 if c.name not in {col["name"] for col in inspector.get_columns(name)}]
        rev, newest = store.schema_version(), migrate.head()
        version = f"schema revision {rev or 'none'}" + ("" if rev == newest else f" (this version's: {newest})")
        if rev is not None and not _known(rev):
            return fail(f"{version}: a newer Concierge upgraded this database",
                        "Run the Concierge version that upgraded it, or point DATABASE_URL at a database for this "
                        "version; this version cannot downgrade it.")
        if rev is not None and rev != newest:          # an older revision: its successors add what is missing
            return warn(f"{version}; {len(expected) - len(missing)} of {len(expected)} tables present",
                        "Nothing to do: `concierge run` upgrades the schema in place when it starts "
                        "(docs/store.md).", missing + stale)
        if stale or (rev == newest and missing):
            return fail(f"{version}, but {len(stale + missing)} table(s) or column(s) this version needs are "
                        "missing", "Point DATABASE_URL at a database Concierge made, or restore this one; "
                        "tables changed by hand are not upgraded.", missing + stale)
        if rev is None:
            return warn(f"{version}: tables made before schema revisions existed",
                        "Nothing to do: `concierge run` adopts them as the baseline and upgrades them in place "
                        "when it starts (docs/store.md).", missing)
        return ok(f"{store.dialect} reachable; {version}; all {len(expected)} tables present and current")
    finally:
        store.close()


def _known(revision: str) -> bool:
    """Whether `revision` is one of this version's (an unknown one was written by a newer Concierge)."""
    try:
        return ScriptDirectory.from_config(migrate.config()).get_revision(revision) is not None
    except CommandError:
        return False


CHECKS: list[tuple[str, Callable[[Any], Outcome]]] = [("Schema", schema)]


def _failure(exc: Exception) -> Outcome | None:
    if isinstance(exc, (SQLAlchemyError, OSError, ValueError)):
        return fail(f"can't be reached: {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
                    "Check DATABASE_URL (sqlite:///path or postgresql+psycopg://user@host/db), that the server is "
                    "up, and the credentials.")
    return None


def run(settings: Any) -> list[Finding]:
    return run_checks(AREA, CHECKS, settings, _failure)
