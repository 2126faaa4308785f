"""Liveness and readiness (`/healthz`, `/readyz`), served in HTTP and Socket Mode alike (runtime/web.py).

Ready means every check below passes; the JSON body names each check and what is wrong:

* `database`: one round trip to the store;
* `salesforce`: a call answered within the last `signin_grace` seconds, or a session held with no sign-in
  failure since; otherwise a sign-in is attempted (at most every `signin_retry` seconds; a token request
  does not count against the API limit);
* `poller` (only while this replica holds the poller lease): the last good cycle is younger than three
  poll intervals (a new holder gets three intervals from taking the lease);
* `socket_mode` (only in Socket Mode): the WebSocket is connected.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from servicecloud.protocols import Desk
from store import Store


class PollerLease(Protocol):
    """The poller as readiness sees it (notifications.Poller): who it holds the lease as, how often it runs."""

    holder: str
    interval: float


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


class Readiness:
    def __init__(self, *, store: Store, desk: Desk, poller: PollerLease | None = None, lease_name: str = "poller",
                 last_good_cycle: Callable[[], float | None] | None = None,
                 socket_connected: Callable[[], bool] | None = None,
                 signin_grace: float = 300.0, signin_retry: float = 30.0):
        self.store, self.desk, self.poller, self.lease_name = store, desk, poller, lease_name
        self.last_good_cycle = last_good_cycle or (lambda: None)
        self.socket_connected = socket_connected
        self.signin_grace, self.signin_retry = signin_grace, signin_retry
        self._signin_lock = threading.Lock()
        self._last_signin_attempt = 0.0
        self._signin_error: str | None = None

    def check(self) -> dict[str, Any]:
        """{"ok": bool, "checks": {name: "ok" | what is wrong}}"""
        checks: dict[str, str] = {"database": self._database(), "salesforce": self._salesforce()}
        if self.poller is not None and checks["database"] == "ok":
            poller = self._poller(self.poller)
            if poller is not None:
                checks["poller"] = poller
        if self.socket_connected is not None:
            checks["socket_mode"] = "ok" if self.socket_connected() else "not connected to Slack"
        return {"ok": all(v == "ok" for v in checks.values()), "checks": checks}

    def _database(self) -> str:
        try:
            self.store.ping()
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            return f"unreachable ({_reason(exc)})"
        return "ok"

    def _salesforce(self) -> str:
        client = self.desk.client
        now = time.time()
        last_ok = client.last_success
        if last_ok is not None and now - last_ok < self.signin_grace:
            return "ok"
        failed = client.last_auth_failure
        if client.signed_in and (failed is None or (last_ok is not None and last_ok > failed)):
            return "ok"
        with self._signin_lock:
            if now - self._last_signin_attempt >= self.signin_retry:
                self._last_signin_attempt = now
                try:
                    client.sign_in()
                    self._signin_error = None
                except Exception as exc:  # noqa: BLE001
                    self._signin_error = _reason(exc)
            error = self._signin_error
        return f"not signed in ({error})" if error else "ok"

    def _poller(self, poller: PollerLease) -> str | None:
        """None when this replica does not hold the lease (another one polls)."""
        lease = self.store.get_lease(self.lease_name)
        now = datetime.now(UTC)
        if lease is None or lease.holder != poller.holder or lease.expires_at <= now:
            return None
        limit = 3 * float(poller.interval)
        last = self.last_good_cycle()
        since = last if last is not None else lease.acquired_at.timestamp()
        age = now.timestamp() - since
        if age < limit:
            return "ok"
        what = "last good cycle" if last is not None else "no good cycle since taking the lease"
        return f"{what} {age:.0f} s ago (limit {limit:.0f} s)"
