"""The bot's questions (table `concierge_questions`): one row per question asked ("Is this about case N?", "Which
case?", "Close case N?", "Did you mean ..."), holding all of it: kind, operation, the cases listed and the one
proposed, what it carries (text, comment body, files), the message that asked it, and who answered or closed it.

- **Put once per asking message** (`ask(..., key=)`): a message asks one question; its work resumed after a crash
  gets that question back as it is (open, answered, closed, replaced), even if what it would ask now differs
  (a case closed meanwhile), and changes nothing.
- **One use** (`take`): its id is in each of its buttons; the message or click taking it gets it, the same one
  taking it again gets it again (its work resumed), anyone else gets None. Taking it also closes it.
- **At most one open question per person** (a typed answer counts): the newest one asked with `typed=True`,
  unless a question asked by a later message is open (a message resumed late never replaces a later message's
  question, nor reads it: `open_question(taker=)`). `close` ends typed answers (a new request); its buttons
  keep working, and the message that closed it still reads it (its work resumed).

Rows taken before this table existed (revision 0008) keep the hashed id and taker they had then; `_ids` and
`_takers` match those forms too, for the hour such rows live.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, or_, select, update

from store import schema as t
from store.engines import TableFamily, write_transaction

ASK_TTL_SECONDS = 3600          # its buttons answer it for an hour
TYPED_TTL_SECONDS = 600         # a typed answer counts for ten minutes


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """A stored question (bot/dialogue/question.py reads it as a `Question`)."""

    id: str
    slack_user_id: str
    kind: str                                   # did_you_mean | pick | confirm | duplicate
    op: str                                     # close_case | reopen_case | add_comment | attach | file_case | ""
    candidates: tuple[dict[str, Any], ...] = ()  # [{id, number, subject}]
    target: str | None = None
    carried: dict[str, Any] = field(default_factory=dict)
    asked_by: str | None = None


class Questions(TableFamily):
    def ask(self, slack_user_id: str, kind: str, op: str, *, candidates: Sequence[dict[str, Any]] = (),
            target: str | None = None, carried: dict[str, Any] | None = None, asked_by: str | None = None,
            key: str | None = None, typed: bool = True, ttl_seconds: float = ASK_TTL_SECONDS,
            typed_ttl_seconds: float = TYPED_TTL_SECONDS) -> str:
        """Store a question and return its id (for its buttons). With `key` (the asking message, and what for),
        once per asking message: when `key` or the same `asked_by` already asked one (its work is resumed), that
        question's id, whatever it asked and whatever became of it. `typed`: it becomes the person's open
        question, replacing the one open, unless that one was asked by a later message than `asked_by`."""
        qid = secrets.token_urlsafe(16) if key is None else "q" + hashlib.sha256(key.encode()).hexdigest()[:40]
        q, now = t.questions.c, self.now()
        with write_transaction(self._engine) as conn:
            if key is not None:
                asked = conn.execute(select(q.id).where(or_(q.id.in_(_ids(qid)), and_(
                    q.slack_user_id == slack_user_id, q.asked_by == asked_by)) if asked_by else q.id.in_(_ids(qid)))
                    .order_by(q.created_at)).first()
                if asked is not None:
                    return str(asked.id)
            opens = typed and not any(_asked_before(asked_by, r.asked_by, strictly=True)
                                      for r in conn.execute(select(q.asked_by).where(*_open(slack_user_id, now))))
            if opens:
                conn.execute(update(t.questions).where(*_open(slack_user_id, now)).values(typed_until=None))
            conn.execute(t.questions.insert().values(
                id=qid, slack_user_id=slack_user_id, kind=kind, op=op, candidates=list(candidates), target=target,
                carried=carried or {}, asked_by=asked_by, created_at=now,
                expires_at=now + timedelta(seconds=ttl_seconds),
                typed_until=now + timedelta(seconds=typed_ttl_seconds) if opens else None))
        return qid

    def open_question(self, slack_user_id: str, *, taker: str | None = None) -> QuestionRecord | None:
        """The person's open question. For `taker` (the message that may answer it): first the question that
        message already took or closed (its work resumed), and never one asked by a later message."""
        q, now = t.questions.c, self.now()
        with self._read() as conn:
            if taker is not None:
                mine = conn.execute(select(t.questions).where(
                    q.slack_user_id == slack_user_id, q.expires_at > now,
                    or_(q.taken_by.in_(_takers(taker)), q.closed_by.in_(_takers(taker))),
                ).order_by(q.created_at.desc(), q.id).limit(1)).first()
                if mine is not None:
                    return _record(mine)
            row = conn.execute(select(t.questions).where(*_open(slack_user_id, now))
                               .order_by(q.created_at.desc(), q.id).limit(1)).first()
        if row is None or (taker is not None and _asked_before(taker, row.asked_by, strictly=True)):
            return None
        return _record(row)

    def take(self, question_id: str, slack_user_id: str, *, taker: str) -> QuestionRecord | None:
        """Answer the question (one use; it is closed too): the record for the first taker and for that taker
        again; None when unknown, expired, taken by someone else, or another person's (not consumed then)."""
        q, now = t.questions.c, self.now()
        mine = (q.id.in_(_ids(question_id)), q.slack_user_id == slack_user_id, q.expires_at > now)
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.questions).where(*mine, q.taken_by.is_(None)).values(taken_by=taker[:255]))
            conn.execute(update(t.questions).where(*mine, q.closed_by.is_(None), q.taken_by == taker[:255])
                         .values(closed_by=taker[:255]))
            row = conn.execute(select(t.questions).where(*mine, q.taken_by.in_(_takers(taker)))).first()
        return _record(row) if row is not None else None

    def close(self, question_id: str, slack_user_id: str, *, taker: str) -> None:
        """A message that is not an answer closes the question for typed answers (its buttons still work)."""
        q = t.questions.c
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.questions).where(q.id.in_(_ids(question_id)), q.slack_user_id == slack_user_id,
                                                   q.closed_by.is_(None)).values(closed_by=taker[:255]))

    def is_open(self, question_id: str, slack_user_id: str) -> bool:
        """Whether a button can still answer it (not taken, not expired)."""
        q = t.questions.c
        with self._read() as conn:
            return conn.execute(select(q.id).where(q.id.in_(_ids(question_id)), q.slack_user_id == slack_user_id,
                                                   q.taken_by.is_(None), q.expires_at > self.now())).first() is not None

    @staticmethod
    def prune(conn: Connection, now: datetime) -> int:
        """Delete expired questions (inside the store's prune transaction)."""
        return conn.execute(delete(t.questions).where(t.questions.c.expires_at <= now)).rowcount


def _open(slack_user_id: str, now: datetime) -> tuple[Any, ...]:
    q = t.questions.c
    return (q.slack_user_id == slack_user_id, q.typed_until > now, q.taken_by.is_(None), q.closed_by.is_(None))


def _record(row: Row[Any]) -> QuestionRecord:
    return QuestionRecord(row.id, row.slack_user_id, row.kind, row.op, tuple(row.candidates or ()), row.target,
                          dict(row.carried or {}), row.asked_by)


def legacy_hash(value: str) -> str:
    """How rows taken before revision 0008 named their id and taker."""
    return "taken:" + hashlib.sha256(value.encode()).hexdigest()[:48]


def _ids(question_id: str) -> tuple[str, str]:
    return question_id, legacy_hash(question_id)


def _takers(taker: str) -> tuple[str, str]:
    return taker[:255], legacy_hash(taker)


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
