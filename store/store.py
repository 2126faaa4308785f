"""The state store: one `Store(url)` per process, safe to use from many threads.

SQLite (a file, the single-process default) or PostgreSQL (`postgresql+psycopg://...`, shared by replicas).
Every public method runs in its own short transaction; `Store.transaction()` groups several writes (the
poller moves ledger rows, tracked-case states and the watermark in ONE transaction).

SQLite specifics: WAL journal, a busy timeout, and writes that start with `BEGIN IMMEDIATE` so that two threads
never deadlock upgrading a read lock to a write lock (reads stay deferred and do not block writers).
Engines are shared per URL inside the process.
"""
from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, create_engine, delete, event, func, or_, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from store import migrate
from store.casebook import CaseBook
from store.intake import IntakeLog
from store import schema as t
from store.schema import utcnow

# ---------------------------------------------------------------------------------------------- records


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


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    case_id: str
    kind: str
    source_id: str
    slack_user_id: str
    payload: dict[str, Any]
    status: str                    # pending | sending | sent | muted | failed
    attempts: int
    created_at: datetime
    attempt_at: datetime | None
    attempt_by: str | None
    sent_at: datetime | None
    channel: str | None
    message_ts: str | None
    note_status: str               # pending | done | none
    last_error: str | None


class LeaseLost(RuntimeError):
    """The caller no longer holds the lease it relies on (another replica took over)."""


def transient(exc: BaseException) -> bool:
    """True for a database error that trying again can cure: the connection was cut (a server restart, a
    failover, a terminated session) or the database was briefly unavailable or locked."""
    return isinstance(exc, DBAPIError) and (exc.connection_invalidated or isinstance(exc, OperationalError))


OUTBOX_OPS = ("file_case", "add_comment", "close_case", "reopen_case", "update_description")

# ---------------------------------------------------------------------------------------------- engines

_ENGINES: dict[str, tuple[Engine, int]] = {}
_ENGINES_LOCK = threading.Lock()


def _make_engine(url: str, *, busy_timeout_ms: int) -> Engine:
    u = make_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        memory = u.database in (None, "", ":memory:")
        engine = create_engine(
            u,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            **({"poolclass": StaticPool} if memory else {"pool_size": 10, "max_overflow": 20}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None      # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection):
            read_only = conn.get_execution_options().get("concierge_read_only", False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    if backend == "postgresql":
        return create_engine(u, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise ValueError(f"unsupported DATABASE_URL backend {backend!r}: use sqlite:///FILE or postgresql+psycopg://")


def _acquire_engine(url: str, busy_timeout_ms: int) -> Engine:
    with _ENGINES_LOCK:
        engine, refs = _ENGINES.get(url, (None, 0))
        if engine is None:
            engine = _make_engine(url, busy_timeout_ms=busy_timeout_ms)
        _ENGINES[url] = (engine, refs + 1)
        return engine


def _release_engine(url: str) -> None:
    with _ENGINES_LOCK:
        engine, refs = _ENGINES.get(url, (None, 0))
        if engine is None:
            return
        if refs <= 1:
            del _ENGINES[url]
            engine.dispose()
        else:
            _ENGINES[url] = (engine, refs - 1)


# ---------------------------------------------------------------------------------------------- helpers


def _insert(conn: Connection, table):
    """An INSERT that supports ON CONFLICT on both backends."""
    if conn.dialect.name == "postgresql":
        return pg_dialect.insert(table)
    return sqlite_dialect.insert(table)


def _user(row) -> UserRecord:
    return UserRecord(row.slack_user_id, row.email, row.contact_id, row.contact_name, row.tz, row.refreshed_at)


def _tracked(row) -> TrackedCase:
    return TrackedCase(row.case_id, row.contact_id, row.slack_user_id, row.case_number, row.subject, row.status,
                       row.state, row.seen_status, row.seen_state, bool(row.muted), row.tracked_at, row.updated_at,
                       row.last_user_activity, row.nudge_count, row.last_nudge_at)


def _outbox(row, in_doubt: bool = False) -> OutboxEntry:
    return OutboxEntry(row.id, row.op, row.slack_user_id, dict(row.payload), row.dedupe_key, row.status,
                       row.attempts, row.created_at, row.next_attempt_at, row.last_error,
                       dict(row.result) if row.result is not None else None, in_doubt)


def _ledger(row) -> LedgerEntry:
    return LedgerEntry(row.id, row.case_id, row.kind, row.source_id, row.slack_user_id, dict(row.payload),
                       row.status, row.attempts, row.created_at, row.attempt_at, row.attempt_by, row.sent_at,
                       row.channel, row.message_ts, row.note_status, row.last_error)


def _lease(row) -> Lease:
    return Lease(row.name, row.holder, row.token, row.acquired_at, row.expires_at)


def _norm_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ---------------------------------------------------------------------------------------------- operations
# Each takes a Connection inside an open transaction, so Store (one transaction per call) and StoreTx
# (several calls in one transaction) share them.


def _check_lease(conn: Connection, name: str, holder: str, token: int, ttl_seconds: float | None) -> bool:
    """Confirm (and optionally extend) a held lease. On PostgreSQL the UPDATE row-locks the lease until the
    surrounding transaction ends, so nobody can take it over between this check and the commit."""
    now = utcnow()
    values: dict[str, Any] = {"holder": holder}
    if ttl_seconds is not None:
        values["expires_at"] = now + timedelta(seconds=ttl_seconds)
    res = conn.execute(update(t.leases).where(
        t.leases.c.name == name, t.leases.c.holder == holder, t.leases.c.token == token,
        t.leases.c.expires_at > now).values(**values))
    return res.rowcount == 1


def _track_case(conn: Connection, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                case_number: str | None, status: str | None, state: str | None, subject: str | None,
                seen: bool) -> None:
    now = utcnow()
    state = str(state) if state is not None else None
    row = {"case_id": case_id, "contact_id": contact_id, "slack_user_id": slack_user_id,
           "case_number": case_number, "subject": subject, "status": status, "state": state,
           "seen_status": status, "seen_state": state, "muted": False, "tracked_at": now, "updated_at": now,
           "last_user_activity": now, "nudge_count": 0, "last_nudge_at": None}
    ins = _insert(conn, t.tracked_cases).values(**row)
    changes: dict[str, Any] = {"updated_at": now}
    for key, value in (("contact_id", contact_id), ("slack_user_id", slack_user_id),
                       ("case_number", case_number), ("subject", subject), ("status", status), ("state", state)):
        if value is not None:
            changes[key] = value
    if seen:
        changes["seen_status"] = status
        changes["seen_state"] = state
    conn.execute(ins.on_conflict_do_update(index_elements=[t.tracked_cases.c.case_id], set_=changes))


def _add_ledger(conn: Connection, *, case_id: str, kind: str, source_id: str, slack_user_id: str,
                payload: dict[str, Any], status: str, note: bool) -> int | None:
    ins = _insert(conn, t.ledger).values(
        case_id=case_id, kind=kind, source_id=str(source_id)[:64], slack_user_id=slack_user_id, payload=payload,
        status=status, attempts=0, created_at=utcnow(), note_status="pending" if note else "none",
    ).on_conflict_do_nothing(index_elements=[t.ledger.c.case_id, t.ledger.c.kind, t.ledger.c.source_id])
    res = conn.execute(ins.returning(t.ledger.c.id))
    row = res.first()
    return row.id if row else None


def _set_watermark(conn: Connection, stream: str, value: datetime | None) -> None:
    now = utcnow()
    ins = _insert(conn, t.watermarks).values(stream=stream, value=value, updated_at=now)
    conn.execute(ins.on_conflict_do_update(index_elements=[t.watermarks.c.stream],
                                           set_={"value": value, "updated_at": now}))


def _record_nudge(conn: Connection, case_id: str, at: datetime) -> None:
    conn.execute(update(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id).values(
        nudge_count=t.tracked_cases.c.nudge_count + 1, last_nudge_at=at))


def _pending_row(row_id: str, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float):
    """The INSERT of one conversation-state row, expiring `ttl_seconds` from now."""
    now = utcnow()
    return t.pending.insert().values(id=row_id, slack_user_id=slack_user_id, kind=kind, payload=payload,
                                     created_at=now, expires_at=now + timedelta(seconds=ttl_seconds))


class StoreTx:
    """Writes grouped in one transaction (see `Store.transaction`). Valid only inside its `with` block."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def require_lease(self, name: str, holder: str, token: int, ttl_seconds: float | None = None) -> None:
        """Raise LeaseLost unless `holder` still holds lease `name` with `token` (extends it when ttl given)."""
        if not _check_lease(self.conn, name, holder, token, ttl_seconds):
            raise LeaseLost(f"lease {name!r} is no longer held by {holder!r}")

    def add_ledger(self, *, case_id: str, kind: str, source_id: str, slack_user_id: str,
                   payload: dict[str, Any], status: str = "pending", note: bool = True) -> int | None:
        """Insert a ledger row; None when (case_id, kind, source_id) is already there (a duplicate)."""
        return _add_ledger(self.conn, case_id=case_id, kind=kind, source_id=source_id,
                           slack_user_id=slack_user_id, payload=payload, status=status, note=note)

    def set_watermark(self, stream: str, value: datetime | None) -> None:
        _set_watermark(self.conn, stream, value)

    def track_case(self, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                   case_number: str | None, status: str | None, state: str | None,
                   subject: str | None = None, seen: bool = True) -> None:
        """Upsert a tracked case; `seen=True` (the poller) also moves the poller's last-seen status."""
        _track_case(self.conn, case_id, contact_id=contact_id, slack_user_id=slack_user_id,
                    case_number=case_number, status=status, state=state, subject=subject, seen=seen)

    def record_nudge(self, case_id: str, at: datetime | None = None) -> None:
        _record_nudge(self.conn, case_id, at or utcnow())


# ---------------------------------------------------------------------------------------------- the store


class Store:
    """The state all parts of Concierge share. See the module docstring and docs/contracts.md ("Store")."""

    def __init__(self, url: str, *, event_retention: timedelta = timedelta(days=2),
                 busy_timeout_ms: int = 15_000, create: bool = True):
        self.url = url
        self._engine = _acquire_engine(url, busy_timeout_ms)
        self._closed = False
        self.event_retention = event_retention
        self._next_prune = utcnow()
        self._prune_lock = threading.Lock()
        self.intake = IntakeLog(self._engine, _insert)     # durable intake of users' messages
        self.casebook = CaseBook(self._engine, _insert)    # the read model of employees' cases
        if create:
            migrate.upgrade(self._engine)    # under a database lock: replicas may start together

    # -- plumbing
    @property
    def engine(self) -> Engine:
        return self._engine

    def schema_version(self) -> str | None:
        """The database's schema revision (store/migrations); `migrate.head()` is the newest."""
        return migrate.version(self._engine)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _release_engine(self.url)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[StoreTx]:
        """One write transaction: everything inside commits together or not at all."""
        with self._engine.begin() as conn:
            yield StoreTx(conn)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn = conn.execution_options(concierge_read_only=True)
            with conn.begin():
                yield conn

    # -- operations (readiness and metrics)
    def ping(self) -> None:
        """One round trip to the database (raises when it cannot be reached): the readiness check."""
        with self._engine.connect() as conn:
            conn.execute(select(1))

    def backlog(self) -> tuple[int, datetime | None, dict[tuple[str, str], int]]:
        """(outbox entries not yet delivered, the oldest one's created_at, ledger rows by (kind, status))."""
        o, led = t.outbox.c, t.ledger.c
        with self._read() as conn:
            depth, oldest = conn.execute(select(func.count(), func.min(o.created_at))
                                         .where(o.status.in_(("queued", "delivering")))).one()
            counts = {(r.kind, r.status): int(r.n) for r in conn.execute(
                select(led.kind, led.status, func.count().label("n")).group_by(led.kind, led.status))}
        return int(depth or 0), oldest, counts

    # -- Slack event dedupe
    def claim_event(self, key: str) -> bool:
        """True the first time `key` is seen (by any replica); False for a redelivery."""
        now = utcnow()
        with self._engine.begin() as conn:
            # RETURNING tells insert from conflict on both backends (INSERT rowcount is not portable).
            claimed = conn.execute(_insert(conn, t.events).values(key=key[:255], seen_at=now)
                                   .on_conflict_do_nothing(index_elements=[t.events.c.key])
                                   .returning(t.events.c.key)).first() is not None
        self._maybe_prune(now)
        return claimed

    def _maybe_prune(self, now: datetime) -> None:
        if now < self._next_prune or not self._prune_lock.acquire(blocking=False):
            return
        try:
            self._next_prune = now + timedelta(minutes=10)
            self.prune(now)
        finally:
            self._prune_lock.release()

    def prune(self, now: datetime | None = None) -> int:
        """Delete event keys older than the retention and expired pending state; returns rows deleted."""
        now = now or utcnow()
        with self._engine.begin() as conn:
            n = conn.execute(delete(t.events).where(t.events.c.seen_at < now - self.event_retention)).rowcount
            n += conn.execute(delete(t.pending).where(t.pending.c.expires_at <= now)).rowcount
            n += self.intake.prune(conn, now - self.event_retention)
        return n

    # -- user directory
    def get_user(self, slack_user_id: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.slack_user_id == slack_user_id)).first()
        return _user(row) if row else None

    def upsert_user(self, slack_user_id: str, *, email: str | None, contact_id: str | None = None,
                    contact_name: str | None = None, tz: str | None = None) -> UserRecord:
        """Create or refresh a user (refreshed_at = now). Arguments left None keep their stored value."""
        now = utcnow()
        email = _norm_email(email)
        with self._engine.begin() as conn:
            ins = _insert(conn, t.users).values(slack_user_id=slack_user_id, email=email, contact_id=contact_id,
                                                contact_name=contact_name, tz=tz, refreshed_at=now)
            changes: dict[str, Any] = {"refreshed_at": now}
            for key, value in (("email", email), ("contact_id", contact_id), ("contact_name", contact_name),
                               ("tz", tz)):
                if value is not None:
                    changes[key] = value
            conn.execute(ins.on_conflict_do_update(index_elements=[t.users.c.slack_user_id], set_=changes))
            row = conn.execute(select(t.users).where(t.users.c.slack_user_id == slack_user_id)).one()
        return _user(row)

    def user_by_contact(self, contact_id: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.contact_id == contact_id)
                               .order_by(t.users.c.refreshed_at.desc()).limit(1)).first()
        return _user(row) if row else None

    def users_by_contacts(self, contact_ids: Iterable[str]) -> dict[str, UserRecord]:
        """Batch form of user_by_contact (the poller maps every changed case at once)."""
        ids = sorted({c for c in contact_ids if c})
        out: dict[str, UserRecord] = {}
        with self._read() as conn:
            for chunk in _chunks(ids, 500):
                rows = conn.execute(select(t.users).where(t.users.c.contact_id.in_(chunk))
                                    .order_by(t.users.c.refreshed_at)).all()
                for row in rows:        # newest refresh wins when two Slack users share a contact
                    out[row.contact_id] = _user(row)
        return out

    def user_by_email(self, email: str) -> UserRecord | None:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.email == _norm_email(email))
                               .order_by(t.users.c.refreshed_at.desc()).limit(1)).first()
        return _user(row) if row else None

    # -- pending conversation state
    def put_pending(self, slack_user_id: str, kind: str, payload: dict[str, Any], ttl_seconds: float = 3600) -> str:
        """Keep `payload` for the user's next step; returns an unguessable id (fits in a button value)."""
        pending_id = secrets.token_urlsafe(16)
        with self._engine.begin() as conn:
            conn.execute(_pending_row(pending_id, slack_user_id, kind, payload, ttl_seconds))
        return pending_id

    def take_pending(self, pending_id: str, slack_user_id: str) -> dict[str, Any] | None:
        """The payload, once: None when unknown, expired, already taken, or owned by another user (whose
        attempt does not consume it)."""
        now = utcnow()
        with self._engine.begin() as conn:
            row = conn.execute(delete(t.pending).where(
                t.pending.c.id == pending_id, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > now).returning(t.pending.c.payload)).first()
        return dict(row.payload) if row else None

    # -- keyed conversation state (one row per key, replaced on write: the case in focus, the open question)
    def put_state(self, key: str, slack_user_id: str, kind: str, payload: dict[str, Any],
                  ttl_seconds: float) -> None:
        """Set (or replace) the state row `key` for the user; it expires after `ttl_seconds`."""
        with self._engine.begin() as conn:
            conn.execute(delete(t.pending).where(t.pending.c.id == key))
            conn.execute(_pending_row(key, slack_user_id, kind, payload, ttl_seconds))

    def get_state(self, key: str, slack_user_id: str) -> tuple[dict[str, Any], datetime] | None:
        """(payload, set_at) of a live state row owned by the user, without consuming it; else None."""
        with self._read() as conn:
            row = conn.execute(select(t.pending.c.payload, t.pending.c.created_at).where(
                t.pending.c.id == key, t.pending.c.slack_user_id == slack_user_id,
                t.pending.c.expires_at > utcnow())).first()
        return (dict(row.payload), row.created_at) if row else None

    def delete_state(self, key: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(t.pending).where(t.pending.c.id == key))

    def latest_notification(self, slack_user_id: str, since: datetime) -> tuple[str, dict[str, Any]] | None:
        """(case_id, payload) of the newest notification DM sent to the user after `since`, or None."""
        with self._read() as conn:
            row = conn.execute(select(t.ledger.c.case_id, t.ledger.c.payload).where(
                t.ledger.c.status == "sent", t.ledger.c.slack_user_id == slack_user_id,
                t.ledger.c.sent_at > since).order_by(t.ledger.c.sent_at.desc()).limit(1)).first()
        return (row.case_id, dict(row.payload or {})) if row else None

    # -- tracked cases
    def track_case(self, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                   case_number: str | None, status: str | None, state: str | None,
                   subject: str | None = None, seen: bool = False) -> None:
        """Remember a case the bot filed or showed (mute flag and nudge counters are kept on update).
        The poller's last-seen status is only set when the case is new to the store, or with `seen=True`:
        pass it when Concierge itself has just made this status change (the user closed or reopened through
        the bot). The poller never notifies about its own user's change, and a later agent change (e.g. the
        agent closing a case the user just reopened) is then compared with it, so it is not missed."""
        with self._engine.begin() as conn:
            _track_case(conn, case_id, contact_id=contact_id, slack_user_id=slack_user_id,
                        case_number=case_number, status=status, state=state, subject=subject, seen=seen)

    def get_tracked(self, case_id: str) -> TrackedCase | None:
        with self._read() as conn:
            row = conn.execute(select(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id)).first()
        return _tracked(row) if row else None

    def tracked_cases(self, case_ids: Iterable[str]) -> dict[str, TrackedCase]:
        ids = sorted(set(case_ids))
        out: dict[str, TrackedCase] = {}
        with self._read() as conn:
            for chunk in _chunks(ids, 500):
                for row in conn.execute(select(t.tracked_cases).where(t.tracked_cases.c.case_id.in_(chunk))):
                    out[row.case_id] = _tracked(row)
        return out

    def count_tracked(self) -> int:
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(t.tracked_cases)).scalar_one()

    def set_muted(self, case_id: str, slack_user_id: str, muted: bool) -> bool:
        """Mute/unmute a case for its owner. False when the case is tracked for someone else. A case not yet
        tracked is recorded (muted) for this user."""
        now = utcnow()
        with self._engine.begin() as conn:
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
        with self._engine.begin() as conn:
            conn.execute(update(t.tracked_cases).where(t.tracked_cases.c.case_id == case_id)
                         .values(last_user_activity=at or utcnow(), nudge_count=0, last_nudge_at=None))

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
        return [_tracked(r) for r in rows]

    # -- outbox
    def enqueue_outbox(self, op: str, slack_user_id: str, payload: dict[str, Any], dedupe_key: str) -> int:
        """Queue an operation for Salesforce; the same dedupe_key queued twice gives the first entry's id."""
        if op not in OUTBOX_OPS:
            raise ValueError(f"unknown outbox op {op!r}; expected one of {', '.join(OUTBOX_OPS)}")
        now = utcnow()
        with self._engine.begin() as conn:
            res = conn.execute(_insert(conn, t.outbox).values(
                op=op, slack_user_id=slack_user_id, payload=payload, dedupe_key=dedupe_key[:255], status="queued",
                attempts=0, created_at=now, next_attempt_at=now,
            ).on_conflict_do_nothing(index_elements=[t.outbox.c.dedupe_key]).returning(t.outbox.c.id)).first()
            if res:
                return res.id
            return conn.execute(select(t.outbox.c.id).where(t.outbox.c.dedupe_key == dedupe_key[:255])).scalar_one()

    def claim_outbox(self, holder: str, *, limit: int = 50, claim_seconds: float = 15) -> list[OutboxEntry]:
        """Take due entries for delivery (queued and due, or a delivery whose claim expired: its flusher died
        or stalled, flagged `in_doubt`); the claim is short and renewed while the holder works
        (`renew_outbox_claims`). Rows another replica is claiming are skipped (FOR UPDATE SKIP LOCKED on PG)."""
        now = utcnow()
        c = t.outbox.c
        with self._engine.begin() as conn:
            rows = conn.execute(select(c.id, c.status).where(or_(
                and_(c.status == "queued", c.next_attempt_at <= now),
                and_(c.status == "delivering", c.claimed_until < now),
            )).order_by(c.id).limit(limit).with_for_update(skip_locked=True)).all()
            if not rows:
                return []
            doubt = {r.id for r in rows if r.status == "delivering"}
            conn.execute(update(t.outbox).where(c.id.in_([r.id for r in rows])).values(
                status="delivering", claimed_by=holder, claimed_until=now + timedelta(seconds=claim_seconds),
                attempts=c.attempts + 1))
            got = conn.execute(select(t.outbox).where(c.id.in_([r.id for r in rows])).order_by(c.id)).all()
        return [_outbox(r, r.id in doubt) for r in got]

    def renew_outbox_claims(self, holder: str, entry_ids: Iterable[int], claim_seconds: float) -> set[int]:
        """Extend `holder`'s claims on these entries (a living flusher keeps them while it works); returns
        the ids still held (others were delivered, or taken over after the claim expired: fenced out)."""
        ids = list(entry_ids)
        if not ids:
            return set()
        c = t.outbox.c
        with self._engine.begin() as conn:
            rows = conn.execute(update(t.outbox).where(
                c.id.in_(ids), c.claimed_by == holder, c.status == "delivering",
            ).values(claimed_until=utcnow() + timedelta(seconds=claim_seconds)).returning(c.id)).all()
        return {r.id for r in rows}

    def mark_outbox_delivered(self, entry_id: int, holder: str, result: dict[str, Any] | None = None) -> bool:
        with self._engine.begin() as conn:
            res = conn.execute(update(t.outbox).where(
                t.outbox.c.id == entry_id, t.outbox.c.claimed_by == holder, t.outbox.c.status == "delivering",
            ).values(status="delivered", result=result, done_at=utcnow(), claimed_until=None, last_error=None))
        return res.rowcount == 1

    def mark_outbox_failed(self, entry_id: int, holder: str, error: str, *, retry: bool = True,
                           base_delay: float = 30.0, max_delay: float = 3600.0) -> bool:
        """A failed attempt: back to the queue with exponential backoff, or `failed` for good (retry=False)."""
        now = utcnow()
        with self._engine.begin() as conn:
            row = conn.execute(select(t.outbox.c.attempts).where(t.outbox.c.id == entry_id)).first()
            if row is None:
                return False
            delay = min(max_delay, base_delay * 2 ** max(0, row.attempts - 1))
            res = conn.execute(update(t.outbox).where(
                t.outbox.c.id == entry_id, t.outbox.c.claimed_by == holder, t.outbox.c.status == "delivering",
            ).values(status="queued" if retry else "failed", last_error=error[:2000], claimed_until=None,
                     next_attempt_at=now + timedelta(seconds=delay), done_at=None if retry else now))
        return res.rowcount == 1

    def get_outbox(self, entry_id: int) -> OutboxEntry | None:
        with self._read() as conn:
            row = conn.execute(select(t.outbox).where(t.outbox.c.id == entry_id)).first()
        return _outbox(row) if row else None

    def outbox_entries(self, *, status: str | None = None, slack_user_id: str | None = None) -> list[OutboxEntry]:
        q = select(t.outbox).order_by(t.outbox.c.id)
        if status:
            q = q.where(t.outbox.c.status == status)
        if slack_user_id:
            q = q.where(t.outbox.c.slack_user_id == slack_user_id)
        with self._read() as conn:
            return [_outbox(r) for r in conn.execute(q)]

    # -- notification ledger
    def ledger_entry(self, case_id: str, kind: str, source_id: str) -> LedgerEntry | None:
        with self._read() as conn:
            row = conn.execute(select(t.ledger).where(t.ledger.c.case_id == case_id, t.ledger.c.kind == kind,
                                                      t.ledger.c.source_id == source_id)).first()
        return _ledger(row) if row else None

    def ledger_entries(self, *, statuses: Iterable[str] | None = None, case_id: str | None = None,
                       limit: int | None = None) -> list[LedgerEntry]:
        q = select(t.ledger).order_by(t.ledger.c.id)
        if statuses is not None:
            q = q.where(t.ledger.c.status.in_(list(statuses)))
        if case_id:
            q = q.where(t.ledger.c.case_id == case_id)
        if limit:
            q = q.limit(limit)
        with self._read() as conn:
            return [_ledger(r) for r in conn.execute(q)]

    def claim_ledger_send(self, entry_id: int, *, lease: Lease, ttl_seconds: float | None = None,
                          allow_statuses: tuple[str, ...] = ("pending",)) -> bool:
        """Mark a ledger row `sending` before its DM goes out, fenced by the lease: False when the row is not
        in `allow_statuses` any more or the lease was lost. Raises nothing; the caller just skips the row."""
        now = utcnow()
        with self._engine.begin() as conn:
            if not _check_lease(conn, lease.name, lease.holder, lease.token, ttl_seconds):
                return False
            res = conn.execute(update(t.ledger).where(
                t.ledger.c.id == entry_id, t.ledger.c.status.in_(allow_statuses),
            ).values(status="sending", attempts=t.ledger.c.attempts + 1, attempt_at=now, attempt_by=lease.holder))
            return res.rowcount == 1

    def mark_ledger_sent(self, entry_id: int, *, channel: str | None, message_ts: str | None) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(t.ledger).where(t.ledger.c.id == entry_id).values(
                status="sent", sent_at=utcnow(), channel=channel, message_ts=message_ts, last_error=None))

    def mark_ledger_status(self, entry_id: int, status: str, *, error: str | None = None,
                           note: bool | None = None) -> None:
        """Set a ledger row to `pending` (retry), `muted` or `failed`, with the error text."""
        values: dict[str, Any] = {"status": status, "last_error": error[:2000] if error else None}
        if note is False:
            values["note_status"] = "none"
        with self._engine.begin() as conn:
            conn.execute(update(t.ledger).where(t.ledger.c.id == entry_id).values(**values))

    def ledger_notes_due(self, limit: int = 1000) -> list[LedgerEntry]:
        """Ledger rows whose DM went out (or was muted) and whose work note is not written yet."""
        with self._read() as conn:
            rows = conn.execute(select(t.ledger).where(
                t.ledger.c.note_status == "pending", t.ledger.c.status.in_(("sent", "muted")),
            ).order_by(t.ledger.c.id).limit(limit)).all()
        return [_ledger(r) for r in rows]

    def mark_notes_done(self, entry_ids: Iterable[int], status: str = "done") -> None:
        """Record that the work notes of these ledger rows were written (or `failed` for good)."""
        ids = list(entry_ids)
        with self._engine.begin() as conn:
            for chunk in _chunks(ids, 500):
                conn.execute(update(t.ledger).where(t.ledger.c.id.in_(chunk)).values(note_status=status))

    # -- Concierge's own status writes (who changed a case)
    def record_status_write(self, case_key: str, status: str, at: datetime | None = None) -> None:
        """Concierge is about to set `status` on the case named `case_key` (15-character Id or CaseNumber)."""
        now = at or utcnow()
        with self._engine.begin() as conn:
            ins = _insert(conn, t.status_writes).values(case_key=case_key, status=status, written_at=now)
            conn.execute(ins.on_conflict_do_update(index_elements=[t.status_writes.c.case_key],
                                                   set_={"status": status, "written_at": now}))

    def status_writes(self, case_keys: Iterable[str]) -> dict[str, tuple[str, datetime]]:
        """case key -> (the status Concierge last wrote, when), for the keys that have one."""
        keys = sorted({k for k in case_keys if k})
        out: dict[str, tuple[str, datetime]] = {}
        with self._read() as conn:
            for chunk in _chunks(keys, 500):
                for row in conn.execute(select(t.status_writes).where(t.status_writes.c.case_key.in_(chunk))):
                    out[row.case_key] = (row.status, row.written_at)
        return out

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
        with self._engine.begin() as conn:
            _set_watermark(conn, stream, value)

    # -- leases
    def acquire_lease(self, name: str, holder: str, ttl_seconds: float) -> Lease | None:
        """Take or renew lease `name` for `holder` until now + ttl. None while another holder's lease is
        unexpired. A takeover (new holder) increments the fencing token."""
        now = utcnow()
        expires = now + timedelta(seconds=ttl_seconds)
        c = t.leases.c
        with self._engine.begin() as conn:
            res = conn.execute(update(t.leases).where(
                c.name == name, or_(c.holder == holder, c.expires_at <= now),
            ).values(
                token=case((c.holder == holder, c.token), else_=c.token + 1),
                acquired_at=case((c.holder == holder, c.acquired_at), else_=now),
                holder=holder, expires_at=expires,
            ))
            if res.rowcount == 0:
                inserted = conn.execute(_insert(conn, t.leases).values(
                    name=name, holder=holder, token=1, acquired_at=now, expires_at=expires,
                ).on_conflict_do_nothing(index_elements=[c.name]).returning(c.name)).first()
                if inserted is None:
                    return None
            row = conn.execute(select(t.leases).where(c.name == name)).one()
        return _lease(row)

    def check_lease(self, lease: Lease, ttl_seconds: float | None = None) -> bool:
        """True while `lease` is still held (extends it when ttl_seconds is given)."""
        with self._engine.begin() as conn:
            return _check_lease(conn, lease.name, lease.holder, lease.token, ttl_seconds)

    def release_lease(self, name: str, holder: str) -> bool:
        """Give the lease up now (clean shutdown) so a standby takes over at its next attempt."""
        with self._engine.begin() as conn:
            res = conn.execute(update(t.leases).where(t.leases.c.name == name, t.leases.c.holder == holder)
                               .values(expires_at=utcnow() - timedelta(seconds=1)))
        return res.rowcount == 1

    def get_lease(self, name: str) -> Lease | None:
        with self._read() as conn:
            row = conn.execute(select(t.leases).where(t.leases.c.name == name)).first()
        return _lease(row) if row else None
