"""Short leases kept alive by the living, so that what a dead replica held comes back in seconds.

- `renewing(renew, every)`: runs `renew()` every `every` seconds in a background thread while a block runs
  (the outbox flusher keeps its claims on a batch this way; a claim is 15 s, not 5 minutes).
- `LeaseKeeper`: every replica tries to take or renew the poller lease every `renew_seconds` with a short TTL.
  The holder renews it; when the holder dies, the lease expires after `ttl_seconds` and a standby takes it at
  its next try (takeover < ttl + renew). A takeover increments the lease's fencing token, so a holder that was
  only stalled can no longer commit (the poller checks the token in every transaction and before every DM):
  never two pollers at once.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)


@contextmanager
def renewing(renew: Callable[[], Any], every: float) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                renew()
            except Exception:  # noqa: BLE001 - the store may be briefly unreachable; try again next time
                log.warning("renewing failed", exc_info=True)

    thread = threading.Thread(target=loop, name="concierge-renew", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


class LeaseKeeper:
    def __init__(self, store: Any, name: str, holder: str, *, ttl_seconds: float = 6.0,
                 on_acquired: Callable[[Any], None] | None = None):
        self.store, self.name, self.holder, self.ttl = store, name, holder, ttl_seconds
        self.on_acquired = on_acquired
        self._token: int | None = None

    def tick(self) -> Any:
        """Take or renew the lease; calls `on_acquired(lease)` when this replica just became the holder."""
        lease = self.store.acquire_lease(self.name, self.holder, self.ttl)
        token = lease.token if lease is not None else None
        if lease is not None and token != self._token:
            log.info("%s now holds the %s lease (token %s)", self.holder, self.name, token)
            if self.on_acquired is not None:
                self.on_acquired(lease)
        self._token = token
        return lease
