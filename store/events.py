"""Slack event dedupe (table `concierge_events`): a redelivered event is seen once by all replicas."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete

from store import schema as t
from store.engines import TableFamily, insert_for, write_transaction


class EventLog(TableFamily):
    def claim_event(self, key: str, now: datetime) -> bool:
        """True the first time `key` is seen (by any replica); False for a redelivery."""
        with write_transaction(self._engine) as conn:
            # RETURNING tells insert from conflict on both backends (INSERT rowcount is not portable).
            return conn.execute(insert_for(conn, t.events).values(key=key[:255], seen_at=now)
                                .on_conflict_do_nothing(index_elements=[t.events.c.key])
                                .returning(t.events.c.key)).first() is not None

    @staticmethod
    def prune(conn: Connection, before: datetime) -> int:
        """Delete event keys seen before `before` (inside the store's prune transaction)."""
        return conn.execute(delete(t.events).where(t.events.c.seen_at < before)).rowcount
