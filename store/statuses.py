"""The statuses the store's rows move through, as enums (`StrEnum`: a member is the string stored in the
column, so rows written before keep reading and a member compares equal to its value).

- `LedgerStatus` (concierge_ledger.status): a decided notice is `pending` (or `held` until its due time, quiet
  hours or the daily digest; `muted` when its person muted the case, never sent); claimed `sending` (one notice)
  or `digesting` (with the other rows of its digest); then `sent`, or `failed` for good.
- `NoteStatus` (concierge_ledger.note_status): the agent's work note of a delivered notice: `pending`, `done`,
  `failed` (Salesforce refused it) or `none` (no note: muted, failed).
- `OutboxStatus` (concierge_outbox.status): a write queued while Salesforce was away: `queued`, claimed
  `delivering`, then `delivered` or `failed`.
"""
from __future__ import annotations

from enum import StrEnum


class LedgerStatus(StrEnum):
    PENDING = "pending"
    HELD = "held"
    MUTED = "muted"
    SENDING = "sending"
    DIGESTING = "digesting"
    SENT = "sent"
    FAILED = "failed"


class NoteStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    NONE = "none"


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    FAILED = "failed"
