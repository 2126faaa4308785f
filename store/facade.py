"""The `Store`'s flat methods over four of its families, one mixin each (store/store.py builds the families):
the tracked cases and status writes (tracking.py), the outbox (outbox.py), the notification ledger and watermarks
(ledger.py), the leases (leases.py). Each method runs in its own short transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from store.leases import Leases
from store.ledger import Ledger
from store.notice import NoticeSent
from store.outbox import Outbox
from store.payloads import OutboxOp, OutboxPayload
from store.records import Lease, LedgerEntry, OutboxEntry, TrackedCase
from store.statuses import LedgerStatus, NoteStatus
from store.tracking import TrackedCases


class TrackingMethods:
    """The store's methods over the cases followed and the statuses Concierge wrote (tracking.py)."""

    _tracked: TrackedCases

    def track_case(self, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                   case_number: str | None, status: str | None, state: str | None,
                   subject: str | None = None, seen: bool = False) -> None:
        """Remember a case the bot filed or showed; `seen=True` when Concierge itself just made this status
        change (tracking.py says why)."""
        self._tracked.track_case(case_id, contact_id=contact_id, slack_user_id=slack_user_id,
                                 case_number=case_number, status=status, state=state, subject=subject, seen=seen)

    def get_tracked(self, case_id: str) -> TrackedCase | None:
        return self._tracked.get_tracked(case_id)

    def tracked_cases(self, case_ids: Iterable[str]) -> dict[str, TrackedCase]:
        return self._tracked.tracked_cases(case_ids)

    def count_tracked(self) -> int:
        return self._tracked.count_tracked()

    def set_muted(self, case_id: str, slack_user_id: str, muted: bool) -> bool:
        """Mute/unmute a case for its owner (False: tracked for someone else; tracking.py)."""
        return self._tracked.set_muted(case_id, slack_user_id, muted)

    def is_muted(self, case_id: str) -> bool:
        return self._tracked.is_muted(case_id)

    def touch_user_activity(self, case_id: str, at: datetime | None = None) -> None:
        """The user acted on the case: the inactivity clock and the nudge counter start over."""
        self._tracked.touch_user_activity(case_id, at)

    def nudge_candidates(self, *, states: Iterable[str], inactive_since: datetime, nudged_before: datetime,
                         max_per_case: int, limit: int = 1000) -> list[TrackedCase]:
        """Unmuted tracked cases due a nudge (tracking.py)."""
        return self._tracked.nudge_candidates(states=states, inactive_since=inactive_since,
                                              nudged_before=nudged_before, max_per_case=max_per_case, limit=limit)

    def record_status_write(self, case_key: str, status: str, at: datetime | None = None) -> None:
        """Concierge is about to set `status` on the case named `case_key` (15-character Id or CaseNumber)."""
        self._tracked.record_status_write(case_key, status, at)

    def status_writes(self, case_keys: Iterable[str]) -> dict[str, tuple[str, datetime]]:
        """case key -> (the status Concierge last wrote, when), for the keys that have one."""
        return self._tracked.status_writes(case_keys)


class OutboxMethods:
    """The store's methods over the operations waiting for Salesforce (outbox.py)."""

    _outbox: Outbox

    def enqueue_outbox(self, op: OutboxOp | str, slack_user_id: str, payload: OutboxPayload, dedupe_key: str, *,
                       settle_until: datetime | None = None) -> int:
        """Queue an operation for Salesforce with its typed payload (store/payloads.py); the same dedupe_key
        queued twice gives the first entry's id."""
        return self._outbox.enqueue_outbox(op, slack_user_id, payload, dedupe_key, settle_until=settle_until)

    def claim_outbox(self, holder: str, *, limit: int = 50, claim_seconds: float = 15,
                     settle_seconds: float = 0.0) -> list[OutboxEntry]:
        """Take due entries for delivery, with short claims renewed while the holder works; a claim taken over
        from a dead holder that had sent its write (`note_outbox_send`) is `in_doubt` and settles for
        `settle_seconds`; one never sent is delivered at once (outbox.py)."""
        return self._outbox.claim_outbox(holder, limit=limit, claim_seconds=claim_seconds,
                                         settle_seconds=settle_seconds)

    def note_outbox_send(self, entry_id: int, holder: str) -> bool:
        """`holder` is about to send the entry's write (recorded first); False: its claim was taken over."""
        return self._outbox.note_outbox_send(entry_id, holder)

    def renew_outbox_claims(self, holder: str, entry_ids: Iterable[int], claim_seconds: float) -> set[int]:
        """Extend `holder`'s claims on these entries; returns the ids still held (the others: fenced out)."""
        return self._outbox.renew_outbox_claims(holder, entry_ids, claim_seconds)

    def mark_outbox_delivered(self, entry_id: int, holder: str, result: dict[str, Any] | None = None) -> bool:
        return self._outbox.mark_outbox_delivered(entry_id, holder, result)

    def mark_outbox_failed(self, entry_id: int, holder: str, error: str, *, retry: bool = True,
                           base_delay: float = 30.0, max_delay: float = 3600.0,
                           settle_until: datetime | None = None) -> bool:
        """A failed attempt: back to the queue with exponential backoff, or `failed` for good (retry=False)."""
        return self._outbox.mark_outbox_failed(entry_id, holder, error, retry=retry, base_delay=base_delay,
                                               max_delay=max_delay, settle_until=settle_until)

    def expedite_outbox(self) -> int:
        return self._outbox.expedite_outbox()

    def get_outbox(self, entry_id: int) -> OutboxEntry | None:
        return self._outbox.get_outbox(entry_id)

    def outbox_entries(self, *, status: str | None = None, slack_user_id: str | None = None) -> list[OutboxEntry]:
        return self._outbox.outbox_entries(status=status, slack_user_id=slack_user_id)


class LedgerMethods:
    """The store's methods over the notices decided and the watermarks (ledger.py)."""

    _ledger: Ledger

    def latest_notification(self, slack_user_id: str, since: datetime) -> NoticeSent | None:
        """The newest notification DM sent to the user after `since` (store/notice.py), or None."""
        return self._ledger.latest_notification(slack_user_id, since)

    def ledger_entry(self, case_id: str, kind: str, source_id: str) -> LedgerEntry | None:
        return self._ledger.ledger_entry(case_id, kind, source_id)

    def ledger_entries(self, *, statuses: Iterable[LedgerStatus] | None = None, case_id: str | None = None,
                       limit: int | None = None, kinds: Iterable[str] | None = None) -> list[LedgerEntry]:
        """Ledger rows in id order; `kinds`: only rows of these kinds (the DM notices, the channel posts)."""
        return self._ledger.ledger_entries(statuses=statuses, case_id=case_id, limit=limit, kinds=kinds)

    def claim_ledger_send(self, entry_id: int, *, lease: Lease, ttl_seconds: float | None = None,
                          allow_statuses: tuple[LedgerStatus, ...] = (LedgerStatus.PENDING,)) -> bool:
        """Mark a ledger row `sending` before its DM goes out, fenced by the lease (False: skip the row)."""
        return self._ledger.claim_ledger_send(entry_id, lease=lease, ttl_seconds=ttl_seconds,
                                              allow_statuses=allow_statuses)

    def mark_ledger_sent(self, entry_id: int, *, channel: str | None, message_ts: str | None) -> None:
        self._ledger.mark_ledger_sent(entry_id, channel=channel, message_ts=message_ts)

    def mark_ledger_status(self, entry_id: int, status: LedgerStatus, *, error: str | None = None,
                           note: bool | None = None) -> None:
        """Set a ledger row to `pending` (retry), `muted` or `failed`, with the error text."""
        self._ledger.mark_ledger_status(entry_id, status, error=error, note=note)

    def ledger_notes_due(self, limit: int = 1000) -> list[LedgerEntry]:
        """Ledger rows whose DM went out (or was muted) and whose work note is not written yet."""
        return self._ledger.ledger_notes_due(limit)

    def mark_notes_done(self, entry_ids: Iterable[int], status: NoteStatus = NoteStatus.DONE) -> None:
        """Record that the work notes of these ledger rows were written (or `failed` for good)."""
        self._ledger.mark_notes_done(entry_ids, status)

    def get_watermark(self, stream: str) -> datetime | None:
        return self._ledger.get_watermark(stream)

    def get_watermark_since(self, stream: str) -> tuple[datetime | None, datetime | None]:
        """(watermark, when it was last changed by this store's clock); (None, None) when never set."""
        return self._ledger.get_watermark_since(stream)

    def set_watermark(self, stream: str, value: datetime | None) -> None:
        self._ledger.set_watermark(stream, value)


class LeaseMethods:
    """The store's methods over the leases (leases.py)."""

    _leases: Leases

    def acquire_lease(self, name: str, holder: str, ttl_seconds: float) -> Lease | None:
        """Take or renew lease `name` for `holder` (None while another holds it; a takeover fences: leases.py)."""
        return self._leases.acquire_lease(name, holder, ttl_seconds)

    def check_lease(self, lease: Lease, ttl_seconds: float | None = None) -> bool:
        """True while `lease` is still held (extends it when ttl_seconds is given)."""
        return self._leases.check_lease(lease, ttl_seconds)

    def release_lease(self, name: str, holder: str) -> bool:
        """Give the lease up now (clean shutdown) so a standby takes over at its next attempt."""
        return self._leases.release_lease(name, holder)

    def get_lease(self, name: str) -> Lease | None:
        return self._leases.get_lease(name)
