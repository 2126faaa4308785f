"""The case in focus per person (table `concierge_case_focus`): the case the person and the bot were just talking
about, replaced on write, expiring after a TTL (bot/focus.py decides what goes in and how long it lasts)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select

from store import schema as t
from store.engines import TableFamily, insert_for, write_transaction


@dataclass(frozen=True, slots=True)
class FocusRecord:
    case_id: str
    case_number: str
    subject: str
    set_at: datetime


class CaseFocus(TableFamily):
    def set(self, slack_user_id: str, case_id: str, case_number: str, subject: str, ttl_seconds: float) -> None:
        """Put the case in the person's focus (replacing the one there) for `ttl_seconds`."""
        now, c = self.now(), t.case_focus.c
        values = {"case_id": case_id, "case_number": case_number[:16], "subject": subject, "set_at": now,
                  "expires_at": now + timedelta(seconds=ttl_seconds)}
        with write_transaction(self._engine) as conn:
            conn.execute(insert_for(conn, t.case_focus).values(slack_user_id=slack_user_id, **values)
                         .on_conflict_do_update(index_elements=[c.slack_user_id], set_=values))

    def get(self, slack_user_id: str) -> FocusRecord | None:
        """The case in focus, unless it expired."""
        c = t.case_focus.c
        with self._read() as conn:
            row = conn.execute(select(c.case_id, c.case_number, c.subject, c.set_at).where(
                c.slack_user_id == slack_user_id, c.expires_at > self.now())).first()
        return FocusRecord(row.case_id, row.case_number, row.subject, row.set_at) if row else None

    def clear(self, slack_user_id: str) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(delete(t.case_focus).where(t.case_focus.c.slack_user_id == slack_user_id))

    @staticmethod
    def prune(conn: Connection, now: datetime) -> int:
        return conn.execute(delete(t.case_focus).where(t.case_focus.c.expires_at <= now)).rowcount
