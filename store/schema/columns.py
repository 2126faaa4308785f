"""What every table of the state store is built on: the one metadata (store/schema/__init__.py lists the tables)
and the UTC timestamp column.

Every timestamp is stored as UTC (`UTCDateTime`): SQLite keeps no zone, so values are normalised to naive UTC
on the way in and given back as aware UTC datetimes on the way out, identically on both backends.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware-UTC datetime column that behaves the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()


def utcnow() -> datetime:
    return datetime.now(UTC)
