"""Alembic environment: always run in-process by store/migrate.py on a connection it has locked."""
from __future__ import annotations

from alembic import context

from store.migrate import VERSION_TABLE
from store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only store.migrate.upgrade runs migrations
    raise RuntimeError("run migrations through store.migrate.upgrade(engine), not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
