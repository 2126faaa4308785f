"""Schema management: Alembic revisions applied under a database lock (store/migrate.py)."""
from __future__ import annotations

import subprocess
import sys
import time
import zlib
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select

from store import Store, migrate
from store import schema as t

BASELINE_TABLES = {"concierge_events", "concierge_users", "concierge_pending", "concierge_tracked_cases",
                   "concierge_outbox", "concierge_ledger", "concierge_watermarks", "concierge_leases"}

# A replica's start-up, held at a shared advisory lock the test owns so that all of them go at the same instant.
# The lock's key is the test run's own (other runs may share the PostgreSQL server and count as waiters).
_REPLICA = """
import sys
import psycopg
from sqlalchemy.engine import make_url
from store import Store
url, key = sys.argv[1], int(sys.argv[2])
u = make_url(url)
with psycopg.connect(host=u.host, port=u.port or 5432, dbname=u.database, user=u.username, autocommit=True) as c:
    c.execute("SELECT pg_advisory_lock_shared(%s)", (key,))
    c.execute("SELECT pg_advisory_unlock_shared(%s)", (key,))
Store(url).close()
print("started")
"""


def _admin(pg_url: str):  # noqa: ANN202
    import psycopg
    from sqlalchemy.engine import make_url
    u = make_url(pg_url)
    return psycopg.connect(host=u.host, port=u.port or 5432, dbname=u.database, user=u.username, autocommit=True)


@pytest.mark.postgres
def test_replicas_starting_together_on_an_empty_database_all_start(pg_url):
    n, key = 6, zlib.crc32(pg_url.encode()) & 0x7FFFFFFF    # pg_url names this run's private schema
    with _admin(pg_url) as gate:
        gate.execute("SELECT pg_advisory_lock(%s)", (key,))
        procs = [subprocess.Popen([sys.executable, "-c", _REPLICA, pg_url, str(key)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(n)]
        deadline = time.monotonic() + 120      # six interpreters starting on a loaded 2-core machine
        while True:         # every replica is waiting at the gate: open it, they all create the schema at once
            waiting = gate.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s "
                                   "AND NOT granted", (key,)).fetchone()[0]
            if waiting == n or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert waiting == n, [p.poll() for p in procs]
        gate.execute("SELECT pg_advisory_unlock(%s)", (key,))
        results = [p.communicate(timeout=90) for p in procs]
    failures = [err for p, (_, err) in zip(procs, results, strict=True) if p.returncode != 0]
    assert not failures, failures[0]
    with Store(pg_url, create=False) as s:
        assert s.schema_version() == migrate.head()


@pytest.mark.parametrize("made", [BASELINE_TABLES, BASELINE_TABLES | {"concierge_status_writes"}],
                         ids=["baseline", "with-status-writes"])
def test_a_database_made_by_create_all_upgrades_in_place(any_store_url, made):
    from alembic import command
    from sqlalchemy import text
    old = create_engine(any_store_url)
    # what every start did before migrations existed: create_all of the tables of that time (the baseline
    # revision's definitions: today's tables may have columns added since), without a version table
    with old.begin() as conn:
        command.upgrade(migrate.config(conn), migrate.BASELINE)
        conn.execute(text(f"DROP TABLE {migrate.VERSION_TABLE}"))
    t.metadata.create_all(old, tables=[tb for tb in t.metadata.sorted_tables
                                       if tb.name in made - BASELINE_TABLES])
    with old.begin() as conn:
        conn.execute(t.users.insert().values(slack_user_id="U1", email="a@example.com",
                                             refreshed_at=datetime.now(UTC)))
    old.dispose()
    with Store(any_store_url) as s:
        assert s.schema_version() == migrate.head()
        assert s.get_user("U1").email == "a@example.com"       # the data stayed


def test_revisions_build_exactly_the_tables_the_code_declares(any_store_url):
    """Guards the rule "a change to store/schema/ needs a revision": the migrated database matches it."""
    with Store(any_store_url) as s:
        assert s.schema_version() == migrate.head()
        with s.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"version_table": migrate.VERSION_TABLE})
            diff = compare_metadata(ctx, t.metadata)
            tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert {tb.name for tb in t.metadata.sorted_tables} | {migrate.VERSION_TABLE} == tables


def test_opening_an_up_to_date_database_changes_nothing(any_store_url):
    with Store(any_store_url) as s:
        s.upsert_user("U2", email="b@example.com")
    with Store(any_store_url) as s:
        assert s.schema_version() == migrate.head()
        with s.engine.connect() as conn:
            assert conn.execute(select(t.users.c.email)).scalar_one() == "b@example.com"
