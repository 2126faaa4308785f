"""Satisfaction surveys: the store side (table `concierge_surveys`, store/schema/notices.py; docs/csat.md).

A survey is the rating row carried by one resolution notice: one row per notice (`ledger_id`, unique), so a
notice sent again after a cut-off send (its ledger row recovered) carries the same survey, and two replicas
never make two. The hygiene rules that need the database are here, each in one transaction: at most one survey
per person per period (`offer`), a rating changed within a window updates the row (`rate`), a survey whose
case was reopened before an answer is withdrawn (`withdraw`) and one past its expiry answers nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, func, select

from store import schema as t
from store.engines import read_connection, write_transaction


class SurveyStatus(StrEnum):
    OFFERED = "offered"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Survey:
    id: int
    ledger_id: int
    case_id: str
    slack_user_id: str
    resolution: str
    kind: str
    case_number: str | None
    case_type: str | None
    agent: str | None
    status: str
    offered_at: datetime
    channel: str | None
    message_ts: str | None
    score: int | None
    comment: str | None
    rated_at: datetime | None
    changed_at: datetime | None
    record_id: str | None


class Rated(StrEnum):
    """What a tap on a rating did."""

    RECORDED = "recorded"        # the first rating
    CHANGED = "changed"          # a new score within the change window: the row updated
    SAME = "same"                # the score it already had (a double tap, a retried click)
    FINAL = "final"              # already rated and the window has passed: kept as it was
    WITHDRAWN = "withdrawn"      # the case was reopened before an answer
    EXPIRED = "expired"          # not answered in time
    NOT_FOUND = "not_found"      # no such survey for this person


@dataclass(frozen=True, slots=True)
class RateResult:
    outcome: Rated
    survey: Survey | None
    previous: int | None = None


class Surveys:
    """The surveys table of one Store (`Store.surveys`)."""

    def __init__(self, engine: Engine, now: Callable[[], datetime]):
        self._engine, self._now = engine, now

    def offer(self, ledger_id: int, *, case_id: str, slack_user_id: str, resolution: str, kind: str,
              case_number: str | None = None, case_type: str | None = None, agent: str | None = None,
              once_per: timedelta = timedelta(0)) -> Survey | None:
        """The survey of the notice `ledger_id`: the one it already has (a resend), else a new one unless the
        person was offered another within `once_per` (then None: this notice carries no rating)."""
        c = t.surveys.c
        now = self._now()
        with write_transaction(self._engine) as conn:
            row = conn.execute(select(t.surveys).where(c.ledger_id == ledger_id)).first()
            if row is not None:
                return _survey(row)
            if once_per > timedelta(0):
                recent = conn.execute(select(func.count()).select_from(t.surveys).where(
                    c.slack_user_id == slack_user_id, c.offered_at > now - once_per)).scalar_one()
                if recent:
                    return None
            inserted = conn.execute(t.surveys.insert().values(
                ledger_id=ledger_id, case_id=case_id, slack_user_id=slack_user_id, resolution=resolution[:64],
                kind=kind, case_number=case_number, case_type=(case_type or None) and case_type[:255],
                agent=(agent or None) and agent[:255], status=SurveyStatus.OFFERED, offered_at=now,
            ))
            new_id = (inserted.inserted_primary_key or [None])[0]
            return _survey(conn.execute(select(t.surveys).where(c.id == new_id)).one())

    def posted(self, survey_id: int, channel: str, message_ts: str) -> None:
        """Where the notice carrying it was posted (to withdraw its buttons later)."""
        with write_transaction(self._engine) as conn:
            conn.execute(t.surveys.update().where(t.surveys.c.id == survey_id).values(
                channel=channel, message_ts=message_ts))

    def get(self, survey_id: int) -> Survey | None:
        with read_connection(self._engine) as conn:
            return _survey(conn.execute(select(t.surveys).where(t.surveys.c.id == survey_id)).first())

    def rate(self, survey_id: int, slack_user_id: str, score: int, *, change_within: timedelta,
             expire_after: timedelta) -> RateResult:
        """A tap on a rating: the first one records it, another score within `change_within` of the first
        updates the row (never a second one); afterwards the rating stands. A withdrawn or expired survey
        records nothing."""
        c = t.surveys.c
        now = self._now()
        with write_transaction(self._engine) as conn:
            row = conn.execute(select(t.surveys).where(c.id == survey_id)).first()
            found = _survey(row)
            if found is None or found.slack_user_id != slack_user_id:
                return RateResult(Rated.NOT_FOUND, None)
            if found.status == SurveyStatus.WITHDRAWN:
                return RateResult(Rated.WITHDRAWN, found)
            if found.rated_at is None:
                if now - found.offered_at > expire_after:
                    return RateResult(Rated.EXPIRED, found)
                outcome = Rated.RECORDED
                values: dict[str, Any] = {"score": score, "rated_at": now, "changed_at": now,
                                          "status": SurveyStatus.ANSWERED}
            elif found.score == score:
                return RateResult(Rated.SAME, found, found.score)
            elif now - found.rated_at > change_within:
                return RateResult(Rated.FINAL, found, found.score)
            else:
                outcome = Rated.CHANGED
                values = {"score": score, "changed_at": now}
            conn.execute(t.surveys.update().where(c.id == survey_id).values(**values))
            updated = _survey(conn.execute(select(t.surveys).where(c.id == survey_id)).one())
        return RateResult(outcome, updated, found.score)

    def set_comment(self, survey_id: int, slack_user_id: str, comment: str) -> Survey | None:
        """The person's "Tell us more" (their own survey only); None when it is not theirs."""
        c = t.surveys.c
        with write_transaction(self._engine) as conn:
            done = conn.execute(t.surveys.update().where(c.id == survey_id, c.slack_user_id == slack_user_id)
                                .values(comment=comment, changed_at=self._now())).rowcount
            if not done:
                return None
            return _survey(conn.execute(select(t.surveys).where(c.id == survey_id)).one())

    def set_record_id(self, survey_id: int, record_id: str) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(t.surveys.update().where(t.surveys.c.id == survey_id).values(record_id=record_id))

    def withdraw(self, case_ids: Iterable[str]) -> list[Survey]:
        """The unanswered surveys of these cases (reopened before an answer) are withdrawn; returns them."""
        ids = list(set(case_ids))
        if not ids:
            return []
        c = t.surveys.c
        with write_transaction(self._engine) as conn:
            rows = conn.execute(select(t.surveys).where(c.case_id.in_(ids), c.status == SurveyStatus.OFFERED)).all()
            if rows:
                conn.execute(t.surveys.update().where(c.id.in_([r.id for r in rows]),
                                                      c.status == SurveyStatus.OFFERED)
                             .values(status=SurveyStatus.WITHDRAWN))
        return [s for s in (_survey(r) for r in rows) if s is not None]

    def of_person(self, slack_user_id: str) -> list[Survey]:
        with read_connection(self._engine) as conn:
            rows = conn.execute(select(t.surveys).where(t.surveys.c.slack_user_id == slack_user_id)
                                .order_by(t.surveys.c.id)).all()
        return [s for s in (_survey(r) for r in rows) if s is not None]

    def counts(self) -> dict[tuple[str, int | None], int]:
        """(status, score) -> surveys: the metrics' totals (read at scrape time)."""
        c = t.surveys.c
        with read_connection(self._engine) as conn:
            rows = conn.execute(select(c.status, c.score, func.count()).group_by(c.status, c.score)).all()
        return {(r[0], r[1]): int(r[2]) for r in rows}

    def answered(self, since: datetime | None = None) -> list[Survey]:
        """Every rated survey (first tapped at or after `since`), oldest first: the report's rows."""
        c = t.surveys.c
        q = select(t.surveys).where(c.score.is_not(None))
        if since is not None:
            q = q.where(c.rated_at >= since)
        with read_connection(self._engine) as conn:
            rows = conn.execute(q.order_by(c.rated_at)).all()
        return [s for s in (_survey(r) for r in rows) if s is not None]


def _survey(row: Any) -> Survey | None:
    if row is None:
        return None
    return Survey(**{f: getattr(row, f) for f in Survey.__dataclass_fields__})
