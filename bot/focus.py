"""Conversational focus: the case a user and the bot were just talking about.

After the bot files, shows, comments on, closes or reopens a case (or the user picks one from a list), that
case is "in focus" for a few minutes, so "close it", "add that it also happens on wifi", "any update?" or
"reopen it" act on it without the user naming it again.

The focus is one row per user in the store (`Store.case_focus`, table `concierge_case_focus`), so every replica
sees it and the store's own pruning removes it once expired. (The question the bot has open is not here: it is
its own row, `Store.questions`, bot/usecases/asking.py.)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from store import Store

log = logging.getLogger("concierge.bot")

DEFAULT_TTL_SECONDS = 20 * 60


@dataclass(frozen=True)
class FocusedCase:
    case_id: str
    case_number: str
    subject: str = ""


class Focus:
    """Per-user case in focus, shared by replicas through the store, expiring after `ttl_seconds`."""

    def __init__(self, store: Store, *, ttl_seconds: float = DEFAULT_TTL_SECONDS):
        self.store, self.ttl_seconds = store, ttl_seconds

    def set(self, slack_user_id: str, case_id: str, case_number: str | None, subject: str | None = None) -> None:
        """Put a case in the user's focus. Never raises: focus is a convenience and must not cost the user
        the answer they are getting."""
        try:
            self.store.case_focus.set(slack_user_id, case_id, case_number or "", subject or "", self.ttl_seconds)
        except Exception:  # noqa: BLE001
            log.warning("could not remember the case in focus for %s", slack_user_id, exc_info=True)

    def get(self, slack_user_id: str) -> FocusedCase | None:
        """The case in focus, or None (none yet, expired, or the store unreachable). A notification DM sent
        to the user after the focus was set (the poller's ledger) moves the focus to its case: "thanks, close
        it" right after "Sam resolved 00001008" means 00001008."""
        try:
            found = self.store.case_focus.get(slack_user_id)
            since = found.set_at if found else datetime.now(timezone.utc) - timedelta(seconds=self.ttl_seconds)
            note = self.store.latest_notification(slack_user_id, since)
        except Exception:  # noqa: BLE001
            log.warning("could not read the case in focus for %s", slack_user_id, exc_info=True)
            return None
        if note is not None:
            return FocusedCase(case_id=note.case_id, case_number=note.case_number or "", subject=note.subject or "")
        if found is None:
            return None
        return FocusedCase(case_id=found.case_id, case_number=found.case_number, subject=found.subject)

    def clear(self, slack_user_id: str) -> None:
        try:
            self.store.case_focus.clear(slack_user_id)
        except Exception:  # noqa: BLE001
            log.warning("could not forget the case in focus for %s", slack_user_id, exc_info=True)
