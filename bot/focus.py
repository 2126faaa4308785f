"""Conversational focus: the case a user and the bot were just talking about.

After the bot files, shows, comments on, closes or reopens a case (or the user picks one from a list), that
case is "in focus" for a few minutes, so "close it", "add that it also happens on wifi", "any update?" or
"reopen it" act on it without the user naming it again.

The focus is one row per user in the store's pending-state table (kind "focus", id "focus:<user>"), so every
replica sees it and the store's own pruning removes it once expired. `Store` only offers one-use pending
state (`put_pending`/`take_pending` with a random id), so this module reads and replaces that row through the
store's engine; the row has exactly the shape `put_pending` writes, and `take_pending("focus:<user>", user)`
would consume it like any other.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

log = logging.getLogger("concierge.bot")

DEFAULT_TTL_SECONDS = 20 * 60


@dataclass(frozen=True)
class FocusedCase:
    case_id: str
    case_number: str
    subject: str = ""


class Focus:
    """Per-user case in focus, shared by replicas through the store, expiring after `ttl_seconds`."""

    def __init__(self, store: Any, *, ttl_seconds: float = DEFAULT_TTL_SECONDS):
        self.store, self.ttl_seconds = store, ttl_seconds

    @staticmethod
    def _key(slack_user_id: str) -> str:
        return f"focus:{slack_user_id}"

    def set(self, slack_user_id: str, case_id: str, case_number: str | None, subject: str | None = None) -> None:
        """Put a case in the user's focus. Never raises: focus is a convenience and must not cost the user
        the answer they are getting."""
        from store.schema import pending, utcnow
        now = utcnow()
        payload = {"case_id": case_id, "case_number": case_number or "", "subject": subject or ""}
        try:
            with self.store.engine.begin() as conn:
                conn.execute(delete(pending).where(pending.c.id == self._key(slack_user_id)))
                conn.execute(pending.insert().values(
                    id=self._key(slack_user_id), slack_user_id=slack_user_id, kind="focus", payload=payload,
                    created_at=now, expires_at=now + timedelta(seconds=self.ttl_seconds)))
        except Exception:  # noqa: BLE001
            log.warning("could not remember the case in focus for %s", slack_user_id, exc_info=True)

    def get(self, slack_user_id: str) -> FocusedCase | None:
        """The case in focus, or None (none yet, expired, or the store unreachable). A notification DM sent
        to the user after the focus was set (the poller's ledger) moves the focus to its case: "thanks, close
        it" right after "Sam resolved 00001008" means 00001008."""
        from store.schema import ledger, pending, utcnow
        now = utcnow()
        try:
            with self.store.engine.connect() as conn:
                row = conn.execute(select(pending.c.payload, pending.c.created_at).where(
                    pending.c.id == self._key(slack_user_id), pending.c.slack_user_id == slack_user_id,
                    pending.c.expires_at > now)).first()
                since = row.created_at if row is not None else now - timedelta(seconds=self.ttl_seconds)
                note = conn.execute(select(ledger.c.case_id, ledger.c.payload).where(
                    ledger.c.status == "sent", ledger.c.slack_user_id == slack_user_id, ledger.c.sent_at > since,
                ).order_by(ledger.c.sent_at.desc()).limit(1)).first()
        except Exception:  # noqa: BLE001
            log.warning("could not read the case in focus for %s", slack_user_id, exc_info=True)
            return None
        if note is not None:
            info = dict(note.payload or {})
            return FocusedCase(case_id=note.case_id, case_number=str(info.get("case_number") or ""),
                               subject=str(info.get("subject") or ""))
        if row is None:
            return None
        data = dict(row.payload)
        return FocusedCase(case_id=data["case_id"], case_number=data.get("case_number") or "",
                           subject=data.get("subject") or "")

    # -- the open question: the last "Which case?" / yes-no the bot asked, so a typed answer can answer it
    def set_question(self, slack_user_id: str, question: dict[str, Any], ttl_seconds: float = 600) -> None:
        """Remember the question just asked: {"pending", "op", "cases": [{id, number, subject}], "target"?}."""
        self._put(f"ask:{slack_user_id}", slack_user_id, "question", question, ttl_seconds)

    def question(self, slack_user_id: str) -> dict[str, Any] | None:
        return self._get(f"ask:{slack_user_id}", slack_user_id)

    def clear_question(self, slack_user_id: str) -> None:
        self._delete(f"ask:{slack_user_id}")

    def _put(self, key: str, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float) -> None:
        from store.schema import pending, utcnow
        now = utcnow()
        try:
            with self.store.engine.begin() as conn:
                conn.execute(delete(pending).where(pending.c.id == key))
                conn.execute(pending.insert().values(id=key, slack_user_id=slack_user_id, kind=kind, payload=payload,
                                                     created_at=now, expires_at=now + timedelta(seconds=ttl_seconds)))
        except Exception:  # noqa: BLE001
            log.warning("could not remember %s", key, exc_info=True)

    def _get(self, key: str, slack_user_id: str) -> dict[str, Any] | None:
        from store.schema import pending, utcnow
        try:
            with self.store.engine.connect() as conn:
                row = conn.execute(select(pending.c.payload).where(
                    pending.c.id == key, pending.c.slack_user_id == slack_user_id,
                    pending.c.expires_at > utcnow())).first()
        except Exception:  # noqa: BLE001
            log.warning("could not read %s", key, exc_info=True)
            return None
        return dict(row.payload) if row is not None else None

    def _delete(self, key: str) -> None:
        from store.schema import pending
        try:
            with self.store.engine.begin() as conn:
                conn.execute(delete(pending).where(pending.c.id == key))
        except Exception:  # noqa: BLE001
            log.warning("could not forget %s", key, exc_info=True)

    def clear(self, slack_user_id: str) -> None:
        from store.schema import pending
        try:
            with self.store.engine.begin() as conn:
                conn.execute(delete(pending).where(pending.c.id == self._key(slack_user_id)))
        except Exception:  # noqa: BLE001
            log.warning("could not clear the case in focus for %s", slack_user_id, exc_info=True)
