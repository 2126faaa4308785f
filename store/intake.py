"""Durable intake: the store side (table `concierge_intake`, see store/schema/conversation.py).

A user's message is recorded with its event before Slack gets the ack, and marked done when its work is done.
Whoever works on it holds a short lease, renewed while working; a replica that finds the lease expired (its
holder died or stalled) takes the event over, and each change of holder increments `token`, so the old holder's
renewals and `finish` are refused (fencing). A Slack retry of an unfinished event whose lease has expired takes
it over the same way: it resumes the work instead of being dropped as a duplicate.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, select, update

from store import schema as t
from store.schema import utcnow
from store.engines import read_connection, write_transaction


@dataclass(frozen=True, slots=True)
class IntakeClaim:
    key: str
    slack_user_id: str
    payload: dict[str, Any]
    token: int                 # fencing: grows with each new holder
    created_at: datetime
    attempts: int              # 1 for the first delivery; more when an unfinished event was taken over

    @property
    def resumed(self) -> bool:
        """Another holder started this event before: its work may have partly landed."""
        return self.attempts > 1


def _claim(row) -> IntakeClaim:  # noqa: ANN001
    return IntakeClaim(row.key, row.slack_user_id, dict(row.payload), row.token, row.created_at, row.attempts)


class IntakeLog:
    """The intake table of one Store (`Store.intake`)."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime] = utcnow):
        self._engine, self._insert, self.now = engine, insert, now

    def record(self, key: str, slack_user_id: str, payload: dict[str, Any], *, holder: str,
               lease_seconds: float) -> IntakeClaim | None:
        """Record an event and hold it. None when it is done, or being worked on under a live lease (a
        duplicate delivery); a claim when it is new or its holder's lease expired (taken over)."""
        now = self.now()
        until = now + timedelta(seconds=lease_seconds)
        c = t.intake.c
        with write_transaction(self._engine) as conn:
            row = conn.execute(self._insert(conn, t.intake).values(
                key=key[:255], slack_user_id=slack_user_id, payload=payload, status="working", holder=holder,
                token=1, lease_until=until, attempts=1, created_at=now,
            ).on_conflict_do_nothing(index_elements=[c.key]).returning(*t.intake.c)).first()
            if row is None:
                row = conn.execute(update(t.intake).where(
                    c.key == key[:255], c.status == "working", c.lease_until < now,
                ).values(holder=holder, token=c.token + 1, lease_until=until, attempts=c.attempts + 1)
                    .returning(*t.intake.c)).first()
        return _claim(row) if row else None

    def take_stalled(self, *, holder: str, lease_seconds: float, limit: int = 20) -> list[IntakeClaim]:
        """Take over events whose holder's lease expired (a dead or stalled replica), oldest first."""
        now = self.now()
        c = t.intake.c
        with write_transaction(self._engine) as conn:
            keys = [r.key for r in conn.execute(select(c.key).where(c.status == "working", c.lease_until < now)
                                                .order_by(c.created_at).limit(limit)
                                                .with_for_update(skip_locked=True))]
            if not keys:
                return []
            rows = conn.execute(update(t.intake).where(c.key.in_(keys), c.status == "working",
                                                       c.lease_until < now)
                                .values(holder=holder, token=c.token + 1,
                                        lease_until=now + timedelta(seconds=lease_seconds),
                                        attempts=c.attempts + 1).returning(*t.intake.c)).all()
        return sorted((_claim(r) for r in rows), key=lambda cl: cl.created_at)

    def renew(self, held: dict[str, int], *, lease_seconds: float) -> set[str]:
        """Extend the leases of the events held (key -> token); returns the keys lost to another holder."""
        now = self.now()
        c = t.intake.c
        lost: set[str] = set()
        with write_transaction(self._engine) as conn:
            for key, token in held.items():
                res = conn.execute(update(t.intake).where(c.key == key, c.token == token, c.status == "working")
                                   .values(lease_until=now + timedelta(seconds=lease_seconds)))
                if res.rowcount != 1:
                    lost.add(key)
        return lost

    def note_write(self, key: str, token: int) -> None:
        """The holder is about to send a Salesforce write for the event: recorded (the first time) before it
        is sent, so a later holder knows an earlier write may still land (`wrote_at`)."""
        c = t.intake.c
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.intake).where(c.key == key, c.token == token, c.wrote_at.is_(None))
                         .values(wrote_at=self.now()))

    def wrote_at(self, key: str) -> datetime | None:
        """When a holder of the event first sent a Salesforce write for it (None: none did)."""
        with read_connection(self._engine) as conn:
            return conn.execute(select(t.intake.c.wrote_at).where(t.intake.c.key == key)).scalar_one_or_none()

    def finish(self, key: str, token: int) -> bool:
        """Mark the event done; False when another holder took it over meanwhile (fenced out)."""
        c = t.intake.c
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.intake).where(c.key == key, c.token == token, c.status == "working")
                               .values(status="done", done_at=self.now()))
        return res.rowcount == 1

    def hand_back(self, key: str, token: int) -> bool:
        """Give an unfinished event up now (graceful shutdown): another replica takes it at its next sweep."""
        c = t.intake.c
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.intake).where(c.key == key, c.token == token, c.status == "working")
                               .values(lease_until=self.now() - timedelta(seconds=1)))
        return res.rowcount == 1

    def get(self, key: str) -> dict[str, Any] | None:
        with read_connection(self._engine) as conn:
            row = conn.execute(select(t.intake).where(t.intake.c.key == key)).first()
        return dict(row._mapping) if row else None

    def prune(self, conn: Any, before: datetime) -> int:
        """Delete events done before `before` (inside the store's prune transaction)."""
        return conn.execute(delete(t.intake).where(and_(t.intake.c.status == "done",
                                                        t.intake.c.done_at < before))).rowcount
