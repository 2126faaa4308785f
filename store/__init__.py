"""Concierge's shared state (SQLAlchemy 2): users, Slack event dedupe, pending conversation state, tracked
cases, the outbox, the notification ledger, watermarks and leases. See store/store.py and docs/contracts.md."""
from store.casebook import CaseBook, CaseRow
from store.intake import IntakeClaim, IntakeLog
from store.statuses import LedgerStatus, NoteStatus, OutboxStatus
from store.store import (OUTBOX_OPS, LedgerEntry, Lease, LeaseLost, OutboxEntry, Store, StoreTx, TrackedCase,
                         UserRecord, transient)

__all__ = ["OUTBOX_OPS", "CaseBook", "CaseRow", "IntakeClaim", "IntakeLog", "LedgerEntry", "LedgerStatus", "Lease",
           "LeaseLost", "NoteStatus", "OutboxEntry", "OutboxStatus", "Store", "StoreTx", "TrackedCase", "UserRecord", "transient"]
