"""Conversation state (table `concierge_pending`): one-use prompts (`put_pending` / `take_pending`, the id
fits in a button value) and keyed state replaced on write (the case in focus, the open question)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, select

from store import schema as t
from store.engines import TableFamily


class ConversationState(TableFamily):
    def put_pending(self, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float = 3600, *,
                    key: str | None = None) -> str:
        """Keep `payload` for the user's next step; returns an id (unguessable without `key`; fits in a button
        value). With `key` (the message asking, and what for), once: the same key gives the same id, and a row
        already put (open, taken or expired) is not put again: work resumed after a crash does not re-open a
        question that was answered."""
        if key is None:
            pending_id = secrets.token_urlsafe(16)
        else:
            pending_id = "q" + hashlib.sha256(key.encode()).hexdigest()[:40]   # (taking is owner-checked)
        with self._engine.begin() as conn:
            if key is not None and conn.execute(select(t.pending.c.id).where(
                    t.pending.c.id.in_((pending_id, _taken_id(pending_id))))).first() is not None:
                return pending_id
            conn.execute(pending_row(self.now(), pending_id, slack_user_id, kind, payload, ttl_seconds))
        return pending_id

    def take_pending(self, pending_id: str, slack_user_id: str, *, taker: str | None = None) -> dict[str, Any] | None:
        """The payload, once: None when unknown, expired, already taken, or owned by another user (whose
        attempt does not consume it). With `taker` (the key of the message or click consuming it), the row is
        kept as taken by it until it expires, and the same taker taking it again gets the payload again: work
        resumed after a crash or a cut database connection finds what its first attempt took (anyone else
        still gets None)."""
        now = self.now()
        with self._engine.begin() as conn:
            if taker is not None:
                again = conn.execute(select(t.pending.c.payload).where(
                    t.pending.c.id == _taken_id(pending_id), t.pending.c.kind == _taken_by(taker),
                    t.pending.c.slack_user_id == slack_user_id, t.pending.c.expires_at > now)).first()
                if again is not None:
                    return dict(again.payload)
            row = conn.execute(delete(t.pending).where(
                t.pending.c.id == pending_id, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > now).returning(t.pending.c.payload, t.pending.c.expires_at)).first()
            if row is not None and taker is not None:
                conn.execute(delete(t.pending).where(t.pending.c.id == _taken_id(pending_id)))
                conn.execute(t.pending.insert().values(id=_taken_id(pending_id), slack_user_id=slack_user_id,
                                                       kind=_taken_by(taker), payload=row.payload, created_at=now,
                                                       expires_at=row.expires_at))
        return dict(row.payload) if row else None

    def taken_pending(self, pending_id: str, slack_user_id: str, taker: str) -> dict[str, Any] | None:
        """The payload of a row `taker` took (`take_pending(..., taker=...)`), without taking anything; else None."""
        with self._read() as conn:
            row = conn.execute(select(t.pending.c.payload).where(
                t.pending.c.id == _taken_id(pending_id), t.pending.c.kind == _taken_by(taker),
                t.pending.c.slack_user_id == slack_user_id, t.pending.c.expires_at > self.now())).first()
        return dict(row.payload) if row else None

    def pending_open(self, pending_id: str, slack_user_id: str) -> bool:
        """Whether the row is there to be taken (not taken, not expired)."""
        with self._read() as conn:
            return conn.execute(select(t.pending.c.id).where(
                t.pending.c.id == pending_id, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > self.now())).first() is not None

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


def _taken_id(row_id: str) -> str:
    """Where a conversation-state row taken by a message or click is kept (see `take_pending`)."""
    return "taken:" + hashlib.sha256(row_id.encode()).hexdigest()[:48]


def _taken_by(taker: str) -> str:
    return "taken:" + hashlib.sha256(taker.encode()).hexdigest()[:48]


def pending_row(now: datetime, row_id: str, slack_user_id: str, kind: str, payload: dict[str, Any],
                ttl_seconds: float) -> Any:
    """The INSERT of one conversation-state row, expiring `ttl_seconds` from now."""
    return t.pending.insert().values(id=row_id, slack_user_id=slack_user_id, kind=kind, payload=payload,
                                     created_at=now, expires_at=now + timedelta(seconds=ttl_seconds))
