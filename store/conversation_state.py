"""Conversation state (table `concierge_pending`): one-use prompts (`put_pending` / `take_pending`, the id
fits in a button value) and keyed state replaced on write (the case in focus, the open question)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, select

from store import schema as t
from store.engines import TableFamily


class ConversationState(TableFamily):
    def put_pending(self, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float = 3600) -> str:
        """Keep `payload` for the user's next step; returns an unguessable id (fits in a button value)."""
        pending_id = secrets.token_urlsafe(16)
        with self._engine.begin() as conn:
            conn.execute(pending_row(self.now(), pending_id, slack_user_id, kind, payload, ttl_seconds))
        return pending_id

    def take_pending(self, pending_id: str, slack_user_id: str) -> dict[str, Any] | None:
        """The payload, once: None when unknown, expired, already taken, or owned by another user (whose
        attempt does not consume it)."""
        now = self.now()
        with self._engine.begin() as conn:
            row = conn.execute(delete(t.pending).where(
                t.pending.c.id == pending_id, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > now).returning(t.pending.c.payload)).first()
        return dict(row.payload) if row else None

    def put_state(self, key: str, slack_user_id: str, kind: str, payload: dict[str, Any],
                  ttl_seconds: float) -> None:
        """Set (or replace) the state row `key` for the user; it expires after `ttl_seconds`."""
        with self._engine.begin() as conn:
            conn.execute(delete(t.pending).where(t.pending.c.id == key))
            conn.execute(pending_row(self.now(), key, slack_user_id, kind, payload, ttl_seconds))

    def get_state(self, key: str, slack_user_id: str) -> tuple[dict[str, Any], datetime] | None:
        """(payload, set_at) of a live state row owned by the user, without consuming it; else None."""
        with self._read() as conn:
            row = conn.execute(select(t.pending.c.payload, t.pending.c.created_at).where(
                t.pending.c.id == key, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > self.now())).first()
        return (dict(row.payload), row.created_at) if row else None

    def delete_state(self, key: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(t.pending).where(t.pending.c.id == key))

    @staticmethod
    def prune(conn: Connection, now: datetime) -> int:
        """Delete expired state (inside the store's prune transaction)."""
        return conn.execute(delete(t.pending).where(t.pending.c.expires_at <= now)).rowcount


def pending_row(now: datetime, row_id: str, slack_user_id: str, kind: str, payload: dict[str, Any],
                ttl_seconds: float) -> Any:
    """The INSERT of one conversation-state row, expiring `ttl_seconds` from now."""
    return t.pending.insert().values(id=row_id, slack_user_id=slack_user_id, kind=kind, payload=payload,
                                     created_at=now, expires_at=now + timedelta(seconds=ttl_seconds))
