"""Durable intake, the bot's side: a user's message is recorded before it is acked, worked on under a short
lease renewed while working, and marked done when its replies are out (store/intake.py holds the table).

- `record(event)` runs in a listener middleware, before Bolt acks the event: the message and its event are in
  the store before Slack hears "received" (a store that cannot record answers 500, and Slack retries).
- While the work runs, a background thread renews the lease of every event this replica holds.
- The same thread takes over events whose holder's lease expired (a replica killed or stalled mid-work) and
  hands them to `resume`. A Slack retry of such an event takes it over too (`record` returns a claim).
- Work resumed after another holder may have partly landed: `resuming_since()` is set while it runs, and the
  writes that are not idempotent check first whether they already happened (bot/conversation.py); replies
  carry a key and are looked up before being posted again (slackui/slackpost.py).
"""
from __future__ import annotations

import contextvars
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from store import IntakeClaim, Store, transient

log = logging.getLogger("concierge.intake")

_RESUMING: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("concierge_resuming", default=None)


def holder_id() -> str:
    """This process, as a lease holder: host, pid and a random part (a restarted pid is another holder)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


_WORKING: contextvars.ContextVar[tuple[Any, IntakeClaim] | None] = contextvars.ContextVar("concierge_working",
                                                                                          default=None)


def resuming_since() -> datetime | None:
    """When the event being worked on was first received, if it is a resumed one (else None)."""
    return _RESUMING.get()


def earlier_write() -> datetime | None:
    """For resumed work: when an earlier attempt at this event (another holder, or this one before its
    database connection was cut) sent a Salesforce write, which may have landed or may still land. None when
    the work is not resumed, or no earlier attempt sent one (so nothing of it can land: write at once)."""
    working = _WORKING.get()
    if working is None or _RESUMING.get() is None:
        return None
    log_, claim = working
    return log_.wrote_at(claim.key)


def note_write() -> None:
    """About to send a Salesforce write for the event being worked on: record it first (see earlier_write)."""
    working = _WORKING.get()
    if working is not None:
        log_, claim = working
        log_.note_write(claim.key, claim.token)


class Intake:
    """One per process (created with the Bolt app)."""

    def __init__(self, store: Store, *, holder: str, lease_seconds: float = 10.0, sweep_seconds: float = 2.0):
        self.store = store
        self.log = store.intake
        self.holder = holder
        self.lease_seconds = lease_seconds
        self.sweep_seconds = sweep_seconds
        self.resume: Callable[[IntakeClaim], None] | None = None
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the event's life
    def record(self, key: str, user: str, event: dict[str, Any]) -> IntakeClaim | None:
        """Record the event (before the ack) and hold it; None for a duplicate (done, or held by a live
        worker). Starts the renew/sweep thread on first use."""
        self.start()
        claim = self.log.record(key, user, {"event": event}, holder=self.holder, lease_seconds=self.lease_seconds)
        if claim is not None:
            self._hold(claim)
            if claim.resumed:
                log.info("event %s taken over from an unfinished delivery (attempt %d)", key, claim.attempts)
        return claim

    def run(self, claim: IntakeClaim, work: Callable[[], None]) -> None:
        """Run `work` for a held event and mark it done (work that raised is left to be taken over)."""
        token = _RESUMING.set(claim.created_at if claim.resumed else None)
        working = _WORKING.set((self.log, claim))
        try:
            work()
        finally:
            _WORKING.reset(working)
            _RESUMING.reset(token)
        if not self.log.finish(claim.key, claim.token):
            log.warning("event %s was taken over by another replica before it finished here", claim.key)
        with self._lock:
            self._held.pop(claim.key, None)
            self._idle.notify_all()

    def retrying(self, claim: IntakeClaim, work: Callable[[], Any], attempts: int = 3) -> Any:
        """`work()`, tried again (as resumed work: what ran before may have landed) when the database connection
        was cut under it, as a PostgreSQL restart does; other errors propagate at once."""
        for attempt in range(1, attempts + 1):
            try:
                return work()
            except Exception as exc:
                if attempt == attempts or not transient(exc):
                    raise
                log.warning("event %s: database connection lost (%s); trying again", claim.key, type(exc).__name__)
                self._stop.wait(0.5 * attempt)
                _RESUMING.set(claim.created_at)
        raise AssertionError("unreachable")

    def _hold(self, claim: IntakeClaim) -> None:
        with self._lock:
            self._held[claim.key] = claim.token

    # -- background: renew what is held, take over what is stalled
    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._loop, name="concierge-intake", daemon=True)
            self._thread.start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no event is being worked on here (graceful shutdown lets work finish); False on timeout."""
        with self._lock:
            return self._idle.wait_for(lambda: not self._held, timeout)

    def stop(self, *, hand_back: bool = True) -> int:
        """Stop renewing; with `hand_back`, give unfinished events up at once so another replica takes them
        (graceful shutdown). Returns how many were handed back."""
        self._stop.set()
        with self._lock:
            held, self._held = dict(self._held), {}
        if not hand_back:
            return 0
        return sum(1 for key, token in held.items() if self.log.hand_back(key, token))

    def _loop(self) -> None:
        while not self._stop.wait(self.sweep_seconds) and not getattr(self.store, "closed", False):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the store may be briefly unreachable; try again next time
                log.warning("intake renew/sweep failed", exc_info=True)

    def tick(self) -> list[IntakeClaim]:
        """Renew the leases held, then take over stalled events and hand them to `resume`."""
        with self._lock:
            held = dict(self._held)
        if held:
            for key in self.log.renew(held, lease_seconds=self.lease_seconds):
                with self._lock:     # (finished meanwhile is not lost)
                    if self._held.pop(key, None) is not None:
                        log.warning("lost the lease of event %s to another replica", key)
        if self.resume is None:
            return []
        taken = self.log.take_stalled(holder=self.holder, lease_seconds=self.lease_seconds)
        for claim in taken:
            log.info("taking over event %s from a stalled or stopped replica (attempt %d)", claim.key,
                     claim.attempts)
            self._hold(claim)
            self.resume(claim)
        return taken
