"""What the bot reads back of the newest notification DM sent to a person (`Store.latest_notification`): the
case it was about and, when it passed on an agent's words, those words and who wrote them.

The ledger row's payload is written by the poller (notifications/snapshots.py: `StatusSnapshot` for "waiting",
with `question` and `asked_by`; `CommentSnapshot` for an agent's reply, with `body` and `author`). The bot may not
import the notifications, so this typed view of the few keys it needs lives with the ledger: it reads every row
as stored (keys it does not know are ignored, a missing key is None, a row is never refused), and
tests/notifications/test_snapshots.py checks it reads what the snapshots write.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self


@dataclass(frozen=True, kw_only=True)
class NoticeSent:
    case_id: str
    case_number: str | None = None
    subject: str | None = None
    question: str | None = None      # "waiting for you": the agent's newest public comment
    asked_by: str | None = None
    body: str | None = None          # an agent's reply passed on
    author: str | None = None

    @property
    def agent_words(self) -> str | None:
        """What the agent wrote that the DM passed on (their question, or their reply), if any."""
        return self.question or self.body

    @property
    def agent(self) -> str | None:
        return self.asked_by or self.author

    @classmethod
    def from_row(cls, case_id: str, payload: Mapping[str, Any] | None) -> Self:
        """The view of a ledger row (its case_id column and its payload JSON as stored)."""
        data = payload or {}
        return cls(case_id=case_id, **{key: _text(data.get(key)) for key in _KEYS})


_KEYS = ("case_number", "subject", "question", "asked_by", "body", "author")


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
