"""Knowledge answers (table `concierge_answers`): the articles shown for one problem, and what became of them.

One row per message answered from Knowledge (`asked_by`, the message's key: resumed work finds its row again).
The row holds the problem (so "File my case" files it without asking again) and the events that measure
deflection honestly (bot/deflection.py classifies them): confirmed ("This fixed it"), opened, filed. Filing is
claimed once (`claim_filing`): a second click or a typed "file it" after a click files nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from store import schema as t
from store.engines import TableFamily, write_transaction


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    id: int
    asked_by: str
    slack_user_id: str
    contact_id: str
    text: str
    case_type: str | None
    articles: list[dict[str, Any]]
    shown_at: datetime
    confirmed_at: datetime | None
    opened_at: datetime | None
    filed_at: datetime | None
    case_id: str | None


def _record(row: Any) -> AnswerRecord:
    return AnswerRecord(row.id, row.asked_by, row.slack_user_id, row.contact_id, row.text, row.case_type,
                        list(row.articles or []), row.shown_at, row.confirmed_at, row.opened_at, row.filed_at,
                        row.case_id)


class Answers(TableFamily):
    def record(self, slack_user_id: str, contact_id: str, *, asked_by: str, text: str, case_type: str | None,
               articles: list[dict[str, Any]]) -> AnswerRecord:
        """The answer shown for the message `asked_by` (recorded once; the same message gets its row back)."""
        try:
            with write_transaction(self._engine) as conn:
                conn.execute(t.answers.insert().values(
                    asked_by=asked_by, slack_user_id=slack_user_id, contact_id=contact_id, text=text,
                    case_type=case_type, articles=articles, shown_at=self.now()))
        except IntegrityError:
            pass
        got = self.by_message(asked_by)
        assert got is not None
        return got

    def by_message(self, asked_by: str) -> AnswerRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.answers).where(t.answers.c.asked_by == asked_by)).first()
        return _record(row) if row else None

    def get(self, answer_id: int, slack_user_id: str) -> AnswerRecord | None:
        """The person's own answer (another person's id gives None)."""
        c = t.answers.c
        with self._read() as conn:
            row = conn.execute(select(t.answers).where(c.id == answer_id, c.slack_user_id == slack_user_id)).first()
        return _record(row) if row else None

    def open_for(self, slack_user_id: str, within: timedelta) -> AnswerRecord | None:
        """The person's latest answer shown within `within` that is neither confirmed nor filed."""
        c = t.answers.c
        with self._read() as conn:
            row = conn.execute(select(t.answers).where(
                c.slack_user_id == slack_user_id, c.shown_at > self.now() - within, c.confirmed_at.is_(None),
                c.filed_at.is_(None)).order_by(c.shown_at.desc(), c.id.desc()).limit(1)).first()
        return _record(row) if row else None

    def _mark(self, answer_id: int, slack_user_id: str, column: str, *, only_if_unset: bool = True) -> bool:
        c = t.answers.c
        cond = [c.id == answer_id, c.slack_user_id == slack_user_id]
        if only_if_unset:
            cond.append(getattr(c, column).is_(None))
        with write_transaction(self._engine) as conn:
            return conn.execute(update(t.answers).where(*cond).values({column: self.now()})).rowcount == 1

    def confirm(self, answer_id: int, slack_user_id: str) -> bool:
        """"This fixed it". False when already confirmed (or not the person's)."""
        return self._mark(answer_id, slack_user_id, "confirmed_at")

    def opened(self, answer_id: int, slack_user_id: str) -> bool:
        return self._mark(answer_id, slack_user_id, "opened_at")

    def claim_filing(self, answer_id: int, slack_user_id: str) -> bool:
        """True once: the caller files the case. A second "File my case" (or a typed one) gets False."""
        return self._mark(answer_id, slack_user_id, "filed_at")

    def release_filing(self, answer_id: int, slack_user_id: str) -> None:
        """The filing failed before the case existed: it may be tried again."""
        c = t.answers.c
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.answers).where(c.id == answer_id, c.slack_user_id == slack_user_id,
                                                 c.case_id.is_(None)).values(filed_at=None))

    def set_case(self, answer_id: int, case_id: str) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.answers).where(t.answers.c.id == answer_id).values(case_id=case_id))

    def since(self, start: datetime) -> list[AnswerRecord]:
        """Every answer shown since `start`, oldest first (reports, metrics)."""
        c = t.answers.c
        with self._read() as conn:
            rows = conn.execute(select(t.answers).where(c.shown_at >= start).order_by(c.shown_at, c.id)).all()
        return [_record(r) for r in rows]
