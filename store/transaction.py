"""`StoreTx`: writes of several table families grouped in one transaction (`Store.transaction()`): the poller
moves ledger rows, tracked-case states and the watermark together, fenced by its lease."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from store.ledger import add_ledger, set_watermark
from store.leases import check_lease
from store.records import LeaseLost
from store.statuses import LedgerStatus
from store.tracking import record_nudge, track_case


class StoreTx:
    """Writes grouped in one transaction (see `Store.transaction`). Valid only inside its `with` block."""

    def __init__(self, conn: Connection, now: Callable[[], datetime]):
        self.conn, self.now = conn, now

    def require_lease(self, name: str, holder: str, token: int, ttl_seconds: float | None = None) -> None:
        """Raise LeaseLost unless `holder` still holds lease `name` with `token` (extends it when ttl given)."""
        if not check_lease(self.conn, self.now(), name, holder, token, ttl_seconds):
            raise LeaseLost(f"lease {name!r} is no longer held by {holder!r}")

    def add_ledger(self, *, case_id: str, kind: str, source_id: str, slack_user_id: str,
                   payload: dict[str, Any], status: LedgerStatus = LedgerStatus.PENDING, note: bool = True,
                   due_at: datetime | None = None, timing_version: int | None = None) -> int | None:
        """Insert a ledger row; None when (case_id, kind, source_id) is already there (a duplicate). `due_at`:
        when it may go out (a `held` row waits for it), decided under version `timing_version` of its person's
        timing settings (store/preferences.py)."""
        return add_ledger(self.conn, self.now(), case_id=case_id, kind=kind, source_id=source_id,
                          slack_user_id=slack_user_id, payload=payload, status=status, note=note, due_at=due_at,
                          timing_version=timing_version)

    def set_watermark(self, stream: str, value: datetime | None) -> None:
        set_watermark(self.conn, self.now(), stream, value)

    def track_case(self, case_id: str, *, contact_id: str | None, slack_user_id: str | None,
                   case_number: str | None, status: str | None, state: str | None,
                   subject: str | None = None, seen: bool = True) -> None:
        """Upsert a tracked case; `seen=True` (the poller) also moves the poller's last-seen status."""
        track_case(self.conn, self.now(), case_id, contact_id=contact_id, slack_user_id=slack_user_id,
                   case_number=case_number, status=status, state=state, subject=subject, seen=seen)

    def record_nudge(self, case_id: str, at: datetime | None = None) -> None:
        record_nudge(self.conn, case_id, at or self.now())
