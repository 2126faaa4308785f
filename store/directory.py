"""The user directory: Slack users and the Salesforce contacts they map to (table `concierge_users`)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from store import schema as t
from store.engines import TableFamily, chunks, insert_for, write_transaction
from store.records import UserRecord, as_user


class Directory(TableFamily):
    def get_user(self, slack_user_id: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.slack_user_id == slack_user_id)).first()
        return as_user(row) if row else None

    def upsert_user(self, slack_user_id: str, *, email: str | None, contact_id: str | None = None,
                    contact_name: str | None = None, tz: str | None = None) -> UserRecord:
        """Create or refresh a user (refreshed_at = now). Arguments left None keep their stored value."""
        now = self.now()
        email = norm_email(email)
        with write_transaction(self._engine) as conn:
            ins = insert_for(conn, t.users).values(slack_user_id=slack_user_id, email=email, contact_id=contact_id,
                                                   contact_name=contact_name, tz=tz, refreshed_at=now)
            changes: dict[str, Any] = {"refreshed_at": now}
            for key, value in (("email", email), ("contact_id", contact_id), ("contact_name", contact_name),
                               ("tz", tz)):
                if value is not None:
                    changes[key] = value
            conn.execute(ins.on_conflict_do_update(index_elements=[t.users.c.slack_user_id], set_=changes))
            row = conn.execute(select(t.users).where(t.users.c.slack_user_id == slack_user_id)).one()
        return as_user(row)

    def user_by_contact(self, contact_id: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.contact_id == contact_id)
                               .order_by(t.users.c.refreshed_at.desc()).limit(1)).first()
        return as_user(row) if row else None

    def users_by_contacts(self, contact_ids: Iterable[str]) -> dict[str, UserRecord]:
        """Batch form of user_by_contact (the poller maps every changed case at once)."""
        ids = sorted({c for c in contact_ids if c})
        out: dict[str, UserRecord] = {}
        with self._read() as conn:
            for chunk in chunks(ids, 500):
                rows = conn.execute(select(t.users).where(t.users.c.contact_id.in_(chunk))
                                    .order_by(t.users.c.refreshed_at)).all()
                for row in rows:        # newest refresh wins when two Slack users share a contact
                    out[row.contact_id] = as_user(row)
        return out

    def user_by_email(self, email: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.email == norm_email(email))
                               .order_by(t.users.c.refreshed_at.desc()).limit(1)).first()
        return as_user(row) if row else None


def norm_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None
