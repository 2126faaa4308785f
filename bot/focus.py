"""Conversational focus: the case a user and the bot were just talking about.

After the bot files, shows, comments on, closes or reopens a case (or the user picks one from a list), that
case is "in focus" for a few minutes, so "close it", "add that it also happens on wifi", "any update?" or
"reopen it" act on it without the user naming it again.

The focus is one keyed state row per user in the store (`Store.put_state`/`get_state`, key "focus:<user>"),
so every replica sees it and the store's own pruning removes it once expired.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

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
        payload = {"case_id": case_id, "case_number": case_number or "", "subject": subject or ""}
        self._put(self._key(slack_user_id), slack_user_id, "focus", payload, self.ttl_seconds)

    def get(self, slack_user_id: str) -> FocusedCase | None:
        """The case in focus, or None (none yet, expired, or the store unreachable). A notification DM sent
        to the user after the focus was set (the poller's ledger) moves the focus to its case: "thanks, close
        it" right after "Sam resolved 00001008" means 00001008."""
        try:
            found = self.store.get_state(self._key(slack_user_id), slack_user_id)
            since = found[1] if found else datetime.now(timezone.utc) - timedelta(seconds=self.ttl_seconds)
            note = self.store.latest_notification(slack_user_id, since)
        except Exception:  # noqa: BLE001
            log.warning("could not read the case in focus for %s", slack_user_id, exc_info=True)
            return None
        if note is not None:
            case_id, info = note
            return FocusedCase(case_id=case_id, case_number=str(info.get("case_number") or ""),
                               subject=str(info.get("subject") or ""))
        if found is None:
            return None
        data = found[0]
        return FocusedCase(case_id=data["case_id"], case_number=data.get("case_number") or "",
                           subject=data.get("subject") or "")

    # -- the open question: the last "Which case?" / yes-no the bot asked, so a typed answer can answer it.
    # Unlike the focus, the question is not a convenience: a store error is raised (the message's work is tried
    # again), never taken for "no question open" (a typed answer would be refused and what it answered lost).
    def set_question(self, slack_user_id: str, question: dict[str, Any], ttl_seconds: float = 600) -> None:
        """Remember the question just asked: {"pending", "op", "cases": [{id, number, subject}], "target"?}."""
        self.store.put_state(self._ask(slack_user_id), slack_user_id, "question", question, ttl_seconds)

    def question(self, slack_user_id: str, *, taker: str | None = None) -> dict[str, Any] | None:
        """The open question; for `taker` (the key of the message answering it), first the question that
        message already took (its work resumed after a crash or a cut connection)."""
        if taker is not None and (taken := self.store.taken_pending(self._ask(slack_user_id), slack_user_id,
                                                                    taker)) is not None:
            return taken
        found = self.store.get_state(self._ask(slack_user_id), slack_user_id)
        if found is None:
            return None
        if taker is not None and _asked_before(taker, found[0].get("asked_by"), strictly=True):
            return None  # asked by a later message: not this one's to answer or close (its work resumed late)
        return found[0]

    def restate_question(self, slack_user_id: str, question: dict[str, Any]) -> None:
        """`set_question` for work resumed after a crash: the question is set again only while its one-use row
        is open (not answered meanwhile) and no question asked by a later message is open."""
        if not self.store.pending_open(question["pending"], slack_user_id):
            return
        current = self.question(slack_user_id)
        if current is not None and current.get("pending") != question["pending"] and \
                not _asked_before(current.get("asked_by"), question.get("asked_by")):
            return
        self.set_question(slack_user_id, question)

    def clear_question(self, slack_user_id: str, *, taker: str | None = None) -> None:
        """Close the open question; with `taker`, it stays readable by that message (`question(taker=...)`)."""
        if taker is None:
            self.store.delete_state(self._ask(slack_user_id))
        else:
            self.store.take_pending(self._ask(slack_user_id), slack_user_id, taker=taker)

    @staticmethod
    def _ask(slack_user_id: str) -> str:
        return f"ask:{slack_user_id}"

    def _put(self, key: str, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float) -> None:
        try:
            self.store.put_state(key, slack_user_id, kind, payload, ttl_seconds)
        except Exception:  # noqa: BLE001
            log.warning("could not remember %s", key, exc_info=True)

    def _delete(self, key: str) -> None:
        try:
            self.store.delete_state(key)
        except Exception:  # noqa: BLE001
            log.warning("could not forget %s", key, exc_info=True)

    def clear(self, slack_user_id: str) -> None:
        self._delete(self._key(slack_user_id))


def _asked_before(earlier: str | None, later: str | None, *, strictly: bool = False) -> bool:
    """Whether the message keyed `earlier` came before the one keyed `later` (DM keys `msg:<channel>:<ts>`, in
    Slack's ts order); False when either is not a DM's key."""
    a, b = (_ts(k) for k in (earlier, later))
    return a is not None and b is not None and (a < b or (a == b and not strictly))


def _ts(key: str | None) -> tuple[int, ...] | None:
    if not key or not key.startswith("msg:"):
        return None
    try:
        return tuple(int(x) for x in key.rsplit(":", 1)[-1].split("."))
    except ValueError:
        return None
