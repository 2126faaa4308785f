"""Per-person budgets (table `concierge_budget`): a counter per person and window ("messages in this minute", "cases
filed today"), shared by every replica through the database; the bot decides what the limits are (bot/budget.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, select

from store import schema as t
from store.engines import TableFamily, insert_for, write_transaction


class Budgets(TableFamily):
    def spend(self, key: str, window_end: datetime) -> int:
        """Count one use under `key` (one person's window, ending at `window_end`); returns the uses so far,
        this one included. Atomic across replicas (one upsert)."""
        c = t.budget.c
        with write_transaction(self._engine) as conn:
            stmt = (insert_for(conn, t.budget).values(key=key[:255], used=1, expires_at=window_end)
                    .on_conflict_do_update(index_elements=[c.key], set_={"used": c.used + 1})
                    .returning(c.used))
            return int(conn.execute(stmt).scalar_one())

    def used(self, key: str) -> int:
        """The uses counted under `key` in a window not yet ended (0 when none)."""
        c = t.budget.c
        with self._read() as conn:
            value = conn.execute(select(c.used).where(c.key == key[:255], c.expires_at > self.now())).scalar()
        return int(value or 0)

    @staticmethod
    def prune(conn: Connection, now: datetime) -> int:
        """Delete the counters of windows that have ended (inside the store's prune transaction)."""
        return conn.execute(delete(t.budget).where(t.budget.c.expires_at <= now)).rowcount
