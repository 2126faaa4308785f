"""The outbox (table `concierge_outbox`): operations for Salesforce queued while it is unreachable, claimed by
one flusher at a time (short claims, renewed while it works). An expired claim (its flusher died or stalled) is
taken over; it is `in_doubt` only when its holder had sent the write (`note_outbox_send`, recorded just before
sending): a claim never sent is retried at once."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from store import schema as t
from store.engines import TableFamily, insert_for, write_transaction
from store.payloads import PAYLOAD_TYPES, OutboxOp, OutboxPayload
from store.statuses import OutboxStatus
from store.records import OUTBOX_OPS, OutboxEntry, as_outbox


class Outbox(TableFamily):
    def enqueue_outbox(self, op: OutboxOp | str, slack_user_id: str, payload: OutboxPayload, dedupe_key: str, *,
                       settle_until: datetime | None = None) -> int:
        """Queue an operation for Salesforce with its typed payload (store/payloads.py, stored as its JSON); the
        same dedupe_key queued twice gives the first entry's id. `settle_until`: an earlier attempt of it may
        still land until then (its answer was lost), so until then a delivery only checks whether it did."""
        if op not in OUTBOX_OPS:
            raise ValueError(f"unknown outbox op {op!r}; expected one of {', '.join(OUTBOX_OPS)}")
        expected = PAYLOAD_TYPES[OutboxOp(op)]
        if type(payload) is not expected:
            raise TypeError(f"outbox op {op} takes a {expected.__name__}, not {type(payload).__name__}")
        now = self.now()
        with write_transaction(self._engine) as conn:
            res = conn.execute(insert_for(conn, t.outbox).values(
                op=str(op), slack_user_id=slack_user_id, payload=payload.to_json(), dedupe_key=dedupe_key[:255],
                status=OutboxStatus.QUEUED, attempts=0, created_at=now, next_attempt_at=now, settle_until=settle_until,
            ).on_conflict_do_nothing(index_elements=[t.outbox.c.dedupe_key]).returning(t.outbox.c.id)).first()
            if res:
                return res.id
            return conn.execute(select(t.outbox.c.id).where(t.outbox.c.dedupe_key == dedupe_key[:255])).scalar_one()

    def claim_outbox(self, holder: str, *, limit: int = 50, claim_seconds: float = 15,
                     settle_seconds: float = 0.0) -> list[OutboxEntry]:
        """Take due entries for delivery (queued and due, or a delivery whose claim expired: its flusher died
        or stalled; when that flusher had sent the write (`note_outbox_send`) it is flagged `in_doubt`, and the
        write may still land for `settle_seconds`: `settle_until`; a claim whose write was never sent is simply
        delivered now);
        the claim is short and renewed while the holder works (`renew_outbox_claims`). Rows another replica is
        claiming are skipped (FOR UPDATE SKIP LOCKED on PG)."""
        now = self.now()
        c = t.outbox.c
        with write_transaction(self._engine) as conn:
            rows = conn.execute(select(c.id, c.status, c.sent_at).where(or_(
                and_(c.status == OutboxStatus.QUEUED, c.next_attempt_at <= now),
                and_(c.status == OutboxStatus.DELIVERING, c.claimed_until < now),
            )).order_by(c.id).limit(limit).with_for_update(skip_locked=True)).all()
            if not rows:
                return []
            doubt = {r.id for r in rows if r.status == OutboxStatus.DELIVERING and r.sent_at is not None}
            if doubt and settle_seconds > 0:    # its dead flusher's write may be in flight from now on
                conn.execute(update(t.outbox).where(c.id.in_(doubt)).values(
                    settle_until=now + timedelta(seconds=settle_seconds)))
            conn.execute(update(t.outbox).where(c.id.in_([r.id for r in rows])).values(
                status=OutboxStatus.DELIVERING, claimed_by=holder, claimed_until=now + timedelta(seconds=claim_seconds),
                attempts=c.attempts + 1, sent_at=None))
            got = conn.execute(select(t.outbox).where(c.id.in_([r.id for r in rows])).order_by(c.id)).all()
        return [as_outbox(r, r.id in doubt) for r in got]

    def note_outbox_send(self, entry_id: int, holder: str) -> bool:
        """`holder` is about to send the entry's Salesforce write: recorded first, so that if it dies now the
        entry is taken over in doubt (its write may still land). False when the claim is no longer `holder`'s
        (taken over after it expired): then it must not send."""
        c = t.outbox.c
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.outbox).where(
                c.id == entry_id, c.claimed_by == holder, c.status == OutboxStatus.DELIVERING,
            ).values(sent_at=self.now()))
        return res.rowcount == 1

    def renew_outbox_claims(self, holder: str, entry_ids: Iterable[int], claim_seconds: float) -> set[int]:
        """Extend `holder`'s claims on these entries (a living flusher keeps them while it works); returns
        the ids still held (others were delivered, or taken over after the claim expired: fenced out)."""
        ids = list(entry_ids)
        if not ids:
            return set()
        c = t.outbox.c
        with write_transaction(self._engine) as conn:
            rows = conn.execute(update(t.outbox).where(
                c.id.in_(ids), c.claimed_by == holder, c.status == OutboxStatus.DELIVERING,
            ).values(claimed_until=self.now() + timedelta(seconds=claim_seconds)).returning(c.id)).all()
        return {r.id for r in rows}

    def mark_outbox_delivered(self, entry_id: int, holder: str, result: dict[str, Any] | None = None) -> bool:
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.outbox).where(
                t.outbox.c.id == entry_id, t.outbox.c.claimed_by == holder, t.outbox.c.status == OutboxStatus.DELIVERING,
            ).values(status=OutboxStatus.DELIVERED, result=result, done_at=self.now(), claimed_until=None, last_error=None))
        return res.rowcount == 1

    def mark_outbox_failed(self, entry_id: int, holder: str, error: str, *, retry: bool = True,
                           base_delay: float = 30.0, max_delay: float = 3600.0,
                           settle_until: datetime | None = None) -> bool:
        """A failed attempt: back to the queue with exponential backoff, or `failed` for good (retry=False).
        `settle_until`: the attempt may still land until then (its answer was lost)."""
        now = self.now()
        with write_transaction(self._engine) as conn:
            row = conn.execute(select(t.outbox.c.attempts).where(t.outbox.c.id == entry_id)).first()
            if row is None:
                return False
            delay = min(max_delay, base_delay * 2 ** max(0, row.attempts - 1))
            settle = {"settle_until": settle_until} if settle_until is not None else {}
            res = conn.execute(update(t.outbox).where(
                t.outbox.c.id == entry_id, t.outbox.c.claimed_by == holder, t.outbox.c.status == OutboxStatus.DELIVERING,
            ).values(status=OutboxStatus.QUEUED if retry else OutboxStatus.FAILED, last_error=error[:2000], claimed_until=None,
                     next_attempt_at=now + timedelta(seconds=delay), done_at=None if retry else now, **settle))
        return res.rowcount == 1

    def expedite_outbox(self) -> int:
        """Entries put back after a failed attempt are due now (Salesforce is back); entries settling (an
        earlier attempt may still land) keep their schedule. Returns how many."""
        now = self.now()
        c = t.outbox.c
        with write_transaction(self._engine) as conn:
            return conn.execute(update(t.outbox).where(
                c.status == OutboxStatus.QUEUED, c.next_attempt_at > now, c.last_error.is_not(None),
                or_(c.settle_until.is_(None), c.settle_until <= now)).values(next_attempt_at=now)).rowcount

    def get_outbox(self, entry_id: int) -> OutboxEntry | None:
        with self._read() as conn:
            row = conn.execute(select(t.outbox).where(t.outbox.c.id == entry_id)).first()
        return as_outbox(row) if row else None

    def outbox_entries(self, *, status: str | None = None, slack_user_id: str | None = None) -> list[OutboxEntry]:
        q = select(t.outbox).order_by(t.outbox.c.id)
        if status:
            q = q.where(t.outbox.c.status == status)
        if slack_user_id:
            q = q.where(t.outbox.c.slack_user_id == slack_user_id)
        with self._read() as conn:
            return [as_outbox(r) for r in conn.execute(q)]

    def depth(self) -> tuple[int, datetime | None]:
        """(entries not yet delivered, the oldest one's created_at): the backlog metric."""
        o = t.outbox.c
        with self._read() as conn:
            depth, oldest = conn.execute(select(func.count(), func.min(o.created_at))
                                         .where(o.status.in_((OutboxStatus.QUEUED, OutboxStatus.DELIVERING)))).one()
        return int(depth or 0), oldest
