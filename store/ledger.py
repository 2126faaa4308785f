"""The notification ledger (table `concierge_ledger`: one row per notification, its DM and its work note) and
the poller's watermarks (table `concierge_watermarks`)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from store import schema as t
from store.engines import TableFamily, chunks, insert_for, write_transaction
from store.leases import check_lease
from store.statuses import LedgerStatus, NoteStatus
from store.notice import NoticeSent
from store.records import Lease, LedgerEntry, as_ledger


class Ledger(TableFamily):
    def ledger_entry(self, case_id: str, kind: str, source_id: str) -> LedgerEntry | None:
        with self._read() as conn:
            row = conn.execute(select(t.ledger).where(t.ledger.c.case_id == case_id, t.ledger.c.kind == kind,
                                                      t.ledger.c.source_id == source_id)).first()
        return as_ledger(row) if row else None

    def ledger_entries(self, *, statuses: Iterable[LedgerStatus] | None = None, case_id: str | None = None,
                       limit: int | None = None, kinds: Iterable[str] | None = None) -> list[LedgerEntry]:
        q = select(t.ledger).order_by(t.ledger.c.id)
        if statuses is not None:
            q = q.where(t.ledger.c.status.in_(list(statuses)))
        if kinds is not None:
            q = q.where(t.ledger.c.kind.in_([str(k) for k in kinds]))
        if case_id:
            q = q.where(t.ledger.c.case_id == case_id)
        if limit:
            q = q.limit(limit)
        with self._read() as conn:
            return [as_ledger(r) for r in conn.execute(q)]

    def claim_ledger_send(self, entry_id: int, *, lease: Lease, ttl_seconds: float | None = None,
                          allow_statuses: tuple[LedgerStatus, ...] = (LedgerStatus.PENDING,)) -> bool:
        """Mark a ledger row `sending` before its DM goes out, fenced by the lease: False when the row is not
        in `allow_statuses` any more or the lease was lost. Raises nothing; the caller just skips the row."""
        now = self.now()
        with write_transaction(self._engine) as conn:
            if not check_lease(conn, now, lease.name, lease.holder, lease.token, ttl_seconds):
                return False
            res = conn.execute(update(t.ledger).where(
                t.ledger.c.id == entry_id, t.ledger.c.status.in_(allow_statuses),
            ).values(status=LedgerStatus.SENDING, attempts=t.ledger.c.attempts + 1, attempt_at=now, attempt_by=lease.holder))
            return res.rowcount == 1

    def mark_ledger_sent(self, entry_id: int, *, channel: str | None, message_ts: str | None) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.ledger).where(t.ledger.c.id == entry_id).values(
                status=LedgerStatus.SENT, sent_at=self.now(), channel=channel, message_ts=message_ts, last_error=None))

    def mark_ledger_status(self, entry_id: int, status: LedgerStatus, *, error: str | None = None,
                           note: bool | None = None) -> None:
        """Set a ledger row to `pending` (retry), `muted` or `failed`, with the error text."""
        values: dict[str, Any] = {"status": status, "last_error": error[:2000] if error else None}
        if note is False:
            values["note_status"] = NoteStatus.NONE
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.ledger).where(t.ledger.c.id == entry_id).values(**values))

    def ledger_notes_due(self, limit: int = 1000) -> list[LedgerEntry]:
        """Ledger rows whose DM went out (or was muted) and whose work note is not written yet."""
        with self._read() as conn:
            rows = conn.execute(select(t.ledger).where(
                t.ledger.c.note_status == NoteStatus.PENDING, t.ledger.c.status.in_((LedgerStatus.SENT, LedgerStatus.MUTED)),
            ).order_by(t.ledger.c.id).limit(limit)).all()
        return [as_ledger(r) for r in rows]

    def mark_notes_done(self, entry_ids: Iterable[int], status: NoteStatus = NoteStatus.DONE) -> None:
        """Record that the work notes of these ledger rows were written (or `failed` for good)."""
        ids = list(entry_ids)
        with write_transaction(self._engine) as conn:
            for chunk in chunks(ids, 500):
                conn.execute(update(t.ledger).where(t.ledger.c.id.in_(chunk)).values(note_status=status))

    def latest_notification(self, slack_user_id: str, since: datetime) -> NoticeSent | None:
        """The newest notification DM sent to the user after `since` (its case, the agent's words), or None."""
        with self._read() as conn:
            row = conn.execute(select(t.ledger.c.case_id, t.ledger.c.payload).where(
                t.ledger.c.status == LedgerStatus.SENT, t.ledger.c.slack_user_id == slack_user_id,
                t.ledger.c.sent_at > since).order_by(t.ledger.c.sent_at.desc()).limit(1)).first()
        return NoticeSent.from_row(row.case_id, row.payload) if row else None

    # -- watermarks
    def get_watermark(self, stream: str) -> datetime | None:
        with self._read() as conn:
            return conn.execute(select(t.watermarks.c.value).where(t.watermarks.c.stream == stream)).scalar()

    def get_watermark_since(self, stream: str) -> tuple[datetime | None, datetime | None]:
        """(watermark, when it was last changed by this store's clock); (None, None) when never set."""
        with self._read() as conn:
            row = conn.execute(select(t.watermarks.c.value, t.watermarks.c.updated_at)
                               .where(t.watermarks.c.stream == stream)).first()
        return (row.value, row.updated_at) if row else (None, None)

    def set_watermark(self, stream: str, value: datetime | None) -> None:
        with write_transaction(self._engine) as conn:
            set_watermark(conn, self.now(), stream, value)

    def counts(self) -> dict[tuple[str, str], int]:
        """Ledger rows by (kind, status): the backlog metric."""
        led = t.ledger.c
        with self._read() as conn:
            return {(r.kind, r.status): int(r.n) for r in conn.execute(
                select(led.kind, led.status, func.count().label("n")).group_by(led.kind, led.status))}


def add_ledger(conn: Connection, now: datetime, *, case_id: str, kind: str, source_id: str, slack_user_id: str,
               payload: dict[str, Any], status: LedgerStatus, note: bool, due_at: datetime | None = None,
               timing_version: int | None = None) -> int | None:
    ins = insert_for(conn, t.ledger).values(
        case_id=case_id, kind=kind, source_id=str(source_id)[:64], slack_user_id=slack_user_id, payload=payload,
        status=status, attempts=0, created_at=now, due_at=due_at, timing_version=timing_version,
        note_status=NoteStatus.PENDING if note else NoteStatus.NONE,
    ).on_conflict_do_nothing(index_elements=[t.ledger.c.case_id, t.ledger.c.kind, t.ledger.c.source_id])
    res = conn.execute(ins.returning(t.ledger.c.id))
    row = res.first()
    return row.id if row else None


def set_watermark(conn: Connection, now: datetime, stream: str, value: datetime | None) -> None:
    ins = insert_for(conn, t.watermarks).values(stream=stream, value=value, updated_at=now)
    conn.execute(ins.on_conflict_do_update(index_elements=[t.watermarks.c.stream],
                                           set_={"value": value, "updated_at": now}))
