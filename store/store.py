"""The state store: one `Store(url)` per process, safe to use from many threads.

SQLite (a file, the single-process default) or PostgreSQL (`postgresql+psycopg://...`, shared by replicas).
Every public method runs in its own short transaction; `Store.transaction()` groups several writes.

`Store` is the facade over its table families, one module each: directory.py (users), events.py and
intake.py (Slack events), casebook.py (the read model of employees' cases), questions.py (the bot's questions),
case_focus.py (the case in focus), preferences.py, tracking.py (tracked cases, status writes), outbox.py,
ledger.py (notifications, watermarks), leases.py; the flat methods over the last four are facade.py's mixins.
engines.py holds the shared engines (SQLite specifics there) and records.py what the methods return. Every family reads the time from the store's clock: `now`, a
callable returning an aware UTC datetime (default: the wall clock), which tests may replace.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from store import migrate
from store.casebook import CaseBook
from store.answers import Answers
from store.case_focus import CaseFocus
from store.directory import Directory
from store.engines import acquire_engine, insert_for, read_connection, release_engine, transient, write_transaction
from store.events import EventLog
from store.facade import LeaseMethods, LedgerMethods, OutboxMethods, TrackingMethods
from store.intake import IntakeLog
from store.holds import HeldNotices
from store.leases import Leases
from store.surveys import Surveys
from store.channel_cases import ChannelCases
from store.threads import CaseThreads
from store.ledger import Ledger
from store.outbox import Outbox
from store.preferences import PreferenceStore
from store.questions import Questions
from store.records import OUTBOX_OPS, Lease, LeaseLost, LedgerEntry, OutboxEntry, TrackedCase, UserRecord
from store.budget import Budgets
from store.schema import utcnow
from store.tracking import TrackedCases
from store.transaction import StoreTx

__all__ = ["OUTBOX_OPS", "Lease", "LeaseLost", "LedgerEntry", "OutboxEntry", "Store", "StoreTx", "TrackedCase",
           "UserRecord", "transient"]


class Store(TrackingMethods, OutboxMethods, LedgerMethods, LeaseMethods):
    """The state all parts of Concierge share. See the module docstring and docs/contracts.md ("Store")."""

    def __init__(self, url: str, *, event_retention: timedelta = timedelta(days=2),
                 busy_timeout_ms: int = 15_000, create: bool = True, now: Callable[[], datetime] = utcnow):
        self.url = url
        self.now = now
        self._engine = acquire_engine(url, busy_timeout_ms)
        self._closed = False
        self.event_retention = event_retention
        self._next_prune = now()
        self._prune_lock = threading.Lock()
        self.intake = IntakeLog(self._engine, insert_for, now)     # durable intake of users' messages
        self.casebook = CaseBook(self._engine, insert_for, now)    # the read model of employees' cases
        self._events = EventLog(self._engine, now)
        self._directory = Directory(self._engine, now)
        self.questions = Questions(self._engine, now)          # the bot's questions, one row each
        self.case_focus = CaseFocus(self._engine, now)         # the case in focus per person
        self._tracked = TrackedCases(self._engine, now)
        self._outbox = Outbox(self._engine, now)
        self._ledger = Ledger(self._engine, now)
        self._leases = Leases(self._engine, now)
        self.preferences = PreferenceStore(self._engine, insert_for, now)   # notification kinds on/off per person
        self.holds = HeldNotices(self._engine, now)   # held notices, their digests, people talking to the bot
        self.threads = CaseThreads(self._engine, insert_for, now)          # one thread per case in each DM
        self.surveys = Surveys(self._engine, now)        # satisfaction ratings on resolution notices
        self.answers = Answers(self._engine, now)        # Knowledge answers and what became of them (deflection)
        self.channel_cases = ChannelCases(self._engine, insert_for, now)   # one case per channel thread
        self.budgets = Budgets(self._engine, now)     # per-person counters (messages a minute, cases a day)
        if create:
            migrate.upgrade(self._engine)    # under a database lock: replicas may start together

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
            release_engine(self.url)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[StoreTx]:
        """One write transaction: everything inside commits together or not at all."""
        with write_transaction(self._engine) as conn:
            yield StoreTx(conn, self.now)

    # -- operations (readiness and metrics)
    def ping(self) -> None:
        """One round trip to the database (raises when it cannot be reached): the readiness check."""
        with read_connection(self._engine) as conn:
            conn.execute(select(1))

    def backlog(self) -> tuple[int, datetime | None, dict[tuple[str, str], int]]:
        """(outbox entries not yet delivered, the oldest one's created_at, ledger rows by (kind, status))."""
        return (*self._outbox.depth(), self._ledger.counts())

    # -- Slack event dedupe (events.py), and pruning every family's expired rows
    def claim_event(self, key: str) -> bool:
        """True the first time `key` is seen (by any replica); False for a redelivery."""
        now = self.now()
        claimed = self._events.claim_event(key, now)
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
        """Delete event keys older than the retention, expired questions and focus; returns rows deleted."""
        now = now or self.now()
        with write_transaction(self._engine) as conn:
            n = self._events.prune(conn, now - self.event_retention)
            n += self.questions.prune(conn, now) + self.case_focus.prune(conn, now)
            n += self.intake.prune(conn, now - self.event_retention)
            n += self.budgets.prune(conn, now)
        return n

    # -- user directory (directory.py)
    def get_user(self, slack_user_id: str) -> UserRecord | None:
        return self._directory.get_user(slack_user_id)

    def upsert_user(self, slack_user_id: str, *, email: str | None, contact_id: str | None = None,
                    contact_name: str | None = None, tz: str | None = None) -> UserRecord:
        """Create or refresh a user (refreshed_at = now). Arguments left None keep their stored value."""
        return self._directory.upsert_user(slack_user_id, email=email, contact_id=contact_id,
                                           contact_name=contact_name, tz=tz)

    def user_by_contact(self, contact_id: str) -> UserRecord | None:
        return self._directory.user_by_contact(contact_id)

    def users_by_contacts(self, contact_ids: Iterable[str]) -> dict[str, UserRecord]:
        """Batch form of user_by_contact (the poller maps every changed case at once)."""
        return self._directory.users_by_contacts(contact_ids)

    def user_by_email(self, email: str) -> UserRecord | None:
        return self._directory.user_by_email(email)
