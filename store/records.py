"""The store's records: what its methods return (frozen dataclasses), built from table rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from store.payloads import OutboxOp
from store.schema import utcnow


@dataclass(frozen=True, slots=True)
class UserRecord:
    slack_user_id: str
    email: str | None
    contact_id: str | None
    contact_name: str | None
    tz: str | None
    refreshed_at: datetime

    def is_stale(self, max_age: timedelta, now: datetime | None = None) -> bool:
        """True when the record is older than `max_age` (the caller's refresh policy)."""
        return (now or utcnow()) - self.refreshed_at > max_age


@dataclass(frozen=True, slots=True)
class TrackedCase:
    case_id: str
    contact_id: str | None
    slack_user_id: str | None
    case_number: str | None
    subject: str | None
    status: str | None
    state: str | None
    seen_status: str | None        # what the poller last saw (transitions are detected against this)
    seen_state: str | None
    muted: bool
    tracked_at: datetime
    updated_at: datetime
    last_user_activity: datetime
    nudge_count: int
    last_nudge_at: datetime | None


@dataclass(frozen=True, slots=True)
class Lease:
    name: str
    holder: str
    token: int                     # grows every time the holder changes (fencing token)
    acquired_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    op: str
    slack_user_id: str
    payload: dict[str, Any]
    dedupe_key: str
    status: str                    # queued | delivering | delivered | failed
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_error: str | None
    result: dict[str, Any] | None
    in_doubt: bool = False         # a previous delivery attempt was cut off: it may have reached Salesforce
    settle_until: datetime | None = None   # before then an earlier attempt may still land: only check for it


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    case_id: str
    kind: str
    source_id: str
    slack_user_id: str
    payload: dict[str, Any]
    status: str                    # pending | sending | sent | muted | failed | held | digesting
    attempts: int
    created_at: datetime
    attempt_at: datetime | None
    attempt_by: str | None
    sent_at: datetime | None
    channel: str | None
    message_ts: str | None
    note_status: str               # pending | done | none
    last_error: str | None
    due_at: datetime | None = None     # when it may go out (a held row: the end of quiet hours, the digest hour)
    digest_key: str | None = None      # the digest message that holds it (status `digesting` or `sent`)
    timing_version: int | None = None  # a held row: the version of its person's timing settings due_at follows

    @property
    def due(self) -> datetime:
        return self.due_at or self.created_at


class LeaseLost(RuntimeError):
    """The caller no longer holds the lease it relies on (another replica took over)."""


OUTBOX_OPS: tuple[str, ...] = tuple(op.value for op in OutboxOp)   # store/payloads.py types each payload


def as_user(row) -> UserRecord:
    return UserRecord(row.slack_user_id, row.email, row.contact_id, row.contact_name, row.tz, row.refreshed_at)


def as_tracked(row) -> TrackedCase:
    return TrackedCase(row.case_id, row.contact_id, row.slack_user_id, row.case_number, row.subject, row.status,
                       row.state, row.seen_status, row.seen_state, bool(row.muted), row.tracked_at, row.updated_at,
                       row.last_user_activity, row.nudge_count, row.last_nudge_at)


def as_outbox(row, in_doubt: bool = False) -> OutboxEntry:
    return OutboxEntry(row.id, row.op, row.slack_user_id, dict(row.payload), row.dedupe_key, row.status,
                       row.attempts, row.created_at, row.next_attempt_at, row.last_error,
                       dict(row.result) if row.result is not None else None, in_doubt,
                       getattr(row, "settle_until", None))


def as_ledger(row) -> LedgerEntry:
    return LedgerEntry(row.id, row.case_id, row.kind, row.source_id, row.slack_user_id, dict(row.payload),
                       row.status, row.attempts, row.created_at, row.attempt_at, row.attempt_by, row.sent_at,
                       row.channel, row.message_ts, row.note_status, row.last_error, row.due_at, row.digest_key,
                       row.timing_version)


def as_lease(row) -> Lease:
    return Lease(row.name, row.holder, row.token, row.acquired_at, row.expires_at)
