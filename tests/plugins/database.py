"""Store fixtures: `store` (a fresh SQLite file per test) and `pg_url` (a PostgreSQL URL with a private schema).

`pg_url` reads CONCIERGE_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test). When the
server cannot be reached the test is skipped with the reason, unless CONCIERGE_REQUIRE_PG=1 (CI), where it
fails. Each test gets its own schema (selected through libpq `options=-csearch_path=...` in the URL, so any
process given the URL lands in it), dropped afterwards: parallel workers (pytest -n 2) never collide.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _require_pg() -> bool:
    return os.environ.get("CONCIERGE_REQUIRE_PG", "").strip() not in ("", "0", "false", "no")


def _admin_conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url
    u = make_url(url)
    parts = {"host": u.host or "127.0.0.1", "port": u.port or 5432, "dbname": u.database or "postgres",
             "user": u.username or "postgres", "connect_timeout": 3}
    if u.password:
        parts["password"] = u.password
    return " ".join(f"{k}={v}" for k, v in parts.items())


@pytest.fixture
def store(tmp_path) -> Iterator["Store"]:  # noqa: F821
    from store import Store
    s = Store(f"sqlite:///{tmp_path / 'concierge.sqlite'}")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL SQLAlchemy URL whose search_path is a fresh schema private to this test."""
    base = os.environ.get("CONCIERGE_TEST_PG_URL", DEFAULT_PG_URL)
    try:
        import psycopg
        admin = psycopg.connect(_admin_conninfo(base), autocommit=True)
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no PostgreSQL here"
        reason = f"PostgreSQL not reachable at {base} ({type(exc).__name__}: {exc})".replace("\n", " ")
        if _require_pg():
            pytest.fail(f"CONCIERGE_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in base else "?"
        try:
            yield f"{base}{sep}options=-csearch_path%3D{schema}"
        finally:
            from store.engines import _ENGINES  # engines left open by a failing test must not hold the schema
            for key in [k for k in _ENGINES if schema in k]:
                _ENGINES.pop(key)[0].dispose()
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store_url(request, tmp_path) -> str:
    """A store URL on each backend in turn (tests parametrized over SQLite and PostgreSQL)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'concierge.sqlite'}"
    return request.getfixturevalue("pg_url")
