"""Tracked cases (table `concierge_tracked_cases`): the cases the bot filed or showed, with their owner, mute
flag, last-seen status and nudge counters; and Concierge's own status writes (table
`concierge_status_writes`), so the poller knows who changed a case."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select, update

from store import schema as t
from store.engines import TableFamily, chunks, insert_for, write_transaction
from store.records import TrackedCase, as_tracked


class TrackedCases(TableFamily):
    def track_case(self, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                   case_number: str | None, status: str | None, state: str | None,
                   subject: str | None = None, seen: bool = False) -> None:
        """Upsert a tracked case (`Store.track_case` says when to pass `seen`)."""
        with write_transaction(self._engine) as conn:
            track_case(conn, self.now(), case_id, contact_id=contact_id, slack_user_id=slack_user_id,
                       case_number=case_number, status=status, state=state, subject=subject, seen=seen)

    def get_tracked(self, case_id: str) -> TrackedCase | None:
        with self._read() as conn:
            row = conn.execute(select(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id)).first()
        return as_tracked(row) if row else None

    def tracked_cases(self, case_ids: Iterable[str]) -> dict[str, TrackedCase]:
        ids = sorted(set(case_ids))
        out: dict[str, TrackedCase] = {}
        with self._read() as conn:
            for chunk in chunks(ids, 500):
                for row in conn.execute(select(t.tracked_cases).where(t.tracked_cases.c.case_id.in_(chunk))):
                    out[row.case_id] = as_tracked(row)
        return out

    def count_tracked(self) -> int:
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(t.tracked_cases)).scalar_one()

    def set_muted(self, case_id: str, slack_user_id: str, muted: bool) -> bool:
        """Mute/unmute a case for its owner. False when the case is tracked for someone else. A case not yet
        tracked is recorded (muted) for this user."""
        now = self.now()
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.tracked_cases).where(
                t.tracked_cases.c.case_id == case_id,
                or_(t.tracked_cases.c.slack_user_id == slack_user_id, t.tracked_cases.c.slack_user_id.is_(None)),
            ).values(muted=muted, slack_user_id=slack_user_id, updated_at=now))
            if res.rowcount:
                return True
            exists = conn.execute(select(t.tracked_cases.c.case_id)
                                  .where(t.tracked_cases.c.case_id == case_id)).first()
            if exists:
                return False
            conn.execute(t.tracked_cases.insert().values(
                case_id=case_id, slack_user_id=slack_user_id, muted=muted, tracked_at=now, updated_at=now,
                last_user_activity=now, nudge_count=0))
            return True

    def is_muted(self, case_id: str) -> bool:
        with self._read() as conn:
            muted = conn.execute(select(t.tracked_cases.c.muted)
                                 .where(t.tracked_cases.c.case_id == case_id)).scalar()
        return bool(muted)

    def touch_user_activity(self, case_id: str, at: datetime | None = None) -> None:
        """The user acted on the case: the inactivity clock and the nudge counter start over."""
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id)
                         .values(last_user_activity=at or self.now(), nudge_count=0, last_nudge_at=None))

    def nudge_candidates(self, *, states: Iterable[str], inactive_since: datetime, nudged_before: datetime,
                         max_per_case: int, limit: int = 1000) -> list[TrackedCase]:
        """Unmuted tracked cases in one of `states` (poller-seen state) whose user has not acted since
        `inactive_since`, nudged fewer than `max_per_case` times and not since `nudged_before`."""
        c = t.tracked_cases.c
        with self._read() as conn:
            rows = conn.execute(select(t.tracked_cases).where(
                c.muted.is_(False), c.slack_user_id.is_not(None),
                func.coalesce(c.seen_state, c.state).in_([str(s) for s in states]),
                c.last_user_activity < inactive_since, c.nudge_count < max_per_case,
                or_(c.last_nudge_at.is_(None), c.last_nudge_at < nudged_before),
            ).order_by(c.last_user_activity).limit(limit)).all()
        return [as_tracked(r) for r in rows]

    def record_status_write(self, case_key: str, status: str, at: datetime | None = None) -> None:
        """Concierge is about to set `status` on the case named `case_key` (15-character Id or CaseNumber)."""
        now = at or self.now()
        with write_transaction(self._engine) as conn:
            ins = insert_for(conn, t.status_writes).values(case_key=case_key, status=status, written_at=now)
            conn.execute(ins.on_conflict_do_update(index_elements=[t.status_writes.c.case_key],
                                                   set_={"status": status, "written_at": now}))

    def status_writes(self, case_keys: Iterable[str]) -> dict[str, tuple[str, datetime]]:
        """case key -> (the status Concierge last wrote, when), for the keys that have one."""
        keys = sorted({k for k in case_keys if k})
        out: dict[str, tuple[str, datetime]] = {}
        with self._read() as conn:
            for chunk in chunks(keys, 500):
                for row in conn.execute(select(t.status_writes).where(t.status_writes.c.case_key.in_(chunk))):
                    out[row.case_key] = (row.status, row.written_at)
        return out


def track_case(conn: Connection, now: datetime, case_id: str, *, contact_id: str | None,
               slack_user_id: str | None, case_number: str | None, status: str | None, state: str | None,
               subject: str | None, seen: bool) -> None:
    state = str(state) if state is not None else None
    row = {"case_id": case_id, "contact_id": contact_id, "slack_user_id": slack_user_id,
           "case_number": case_number, "subject": subject, "status": status, "state": state,
           "seen_status": status, "seen_state": state, "muted": False, "tracked_at": now, "updated_at": now,
           "last_user_activity": now, "nudge_count": 0, "last_nudge_at": None}
    ins = insert_for(conn, t.tracked_cases).values(**row)
    changes: dict[str, Any] = {"updated_at": now}
    for key, value in (("contact_id", contact_id), ("slack_user_id", slack_user_id),
                       ("case_number", case_number), ("subject", subject), ("status", status), ("state", state)):
        if value is not None:
            changes[key] = value
    if seen:
        changes["seen_status"] = status
        changes["seen_state"] = state
    conn.execute(ins.on_conflict_do_update(index_elements=[t.tracked_cases.c.case_id], set_=changes))


def record_nudge(conn: Connection, case_id: str, at: datetime) -> None:
    conn.execute(update(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id).values(
        nudge_count=t.tracked_cases.c.nudge_count + 1, last_nudge_at=at))
