"""The request being handled: its id (Slack's event id, or the interaction's trigger id), the short reference
shown to the user in error replies, and when it arrived.

`ConciergeApp.dispatch` (bot/app.py, HTTP and Socket Mode alike) opens a `RequestScope` for each delivery; every log record emitted while it is
current carries its id and reference (runtime/logs.py), the Salesforce calls it makes included. The scope follows
the work onto other threads through `ContextExecutor` (a thread pool that runs each task in a copy of the
submitter's context), which also keeps the request open while a task it submitted runs: when the ack
path and every task are done, the scope writes its one "handled" line and its metrics.
"""
from __future__ import annotations

import base64
import contextvars
import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("concierge.request")

_current: contextvars.ContextVar[RequestScope | None] = contextvars.ContextVar("concierge_request", default=None)


def reference_for(request_id: str) -> str:
    """A short code for a request id (4 characters of base32, digits and capitals, as in 'reference 7F3K'):
    what a person can read out to support, who finds the request's log lines by it."""
    digest = hashlib.sha256(request_id.encode()).digest()
    return base64.b32encode(digest).decode()[:4]


def request_id_of(body: dict[str, Any]) -> str:
    """Slack's id for a delivery: the Events API event_id (the same over HTTP and in a Socket Mode envelope's
    payload), else the interaction's trigger_id or view id (commands, buttons and modals carry no event id)."""
    for value in (body.get("event_id"), body.get("trigger_id"),
                  (body.get("view") or {}).get("id") if isinstance(body.get("view"), dict) else None):
        if value:
            return str(value)
    return f"local-{time.time_ns():x}"


def kind_of(body: dict[str, Any]) -> str:
    """The metric label of a delivery: `event:<type>`, `command`, `block_actions`, `view_submission`..."""
    if body.get("type") == "event_callback" or "event" in body:
        return f"event:{(body.get('event') or {}).get('type', 'unknown')}"
    if body.get("command"):
        return "command"
    return str(body.get("type") or "unknown")


@dataclass
class RequestScope:
    request_id: str
    kind: str
    started: float = field(default_factory=time.perf_counter)
    outcome: str = "ok"
    on_finish: Callable[[RequestScope, float], None] | None = None
    had_work: bool = False
    _pending: int = 0
    _done: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def reference(self) -> str:
        return reference_for(self.request_id)

    def set_outcome(self, outcome: str) -> None:
        """Record how the request ended (`error`, `duplicate`, ...); the first non-ok outcome wins."""
        if self.outcome == "ok":
            self.outcome = outcome

    def defer(self) -> None:
        """Work was queued for after the ack: the request is handled when that work calls `finish()`."""
        with self._lock:
            self._pending += 1
            self.had_work = True

    def finish(self, *, deferred: bool = False) -> None:
        """The ack path (deferred=False) or a queued piece of work (deferred=True) is done; the last one
        writes the handled line once."""
        with self._lock:
            if deferred:
                self._pending -= 1
            if self._pending > 0 or self._done:
                return
            self._done = True
        elapsed = time.perf_counter() - self.started
        log.info("handled %s outcome=%s in %.0f ms", self.kind, self.outcome, elapsed * 1000)
        if self.on_finish is not None:
            self.on_finish(self, elapsed)


def current() -> RequestScope | None:
    return _current.get()


def open_scope(scope: RequestScope) -> contextvars.Token[RequestScope | None]:
    return _current.set(scope)


def close_scope(token: contextvars.Token[RequestScope | None]) -> None:
    _current.reset(token)


def set_outcome(outcome: str) -> None:
    scope = _current.get()
    if scope is not None:
        scope.set_outcome(outcome)


def bind(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """`fn(*args, **kwargs)` to be run later, in a copy of this thread's context; a request current now stays
    open until it has run (as ContextExecutor.submit)."""
    scope = _current.get()
    ctx = contextvars.copy_context()
    if scope is None:
        return lambda: ctx.run(fn, *args, **kwargs)
    scope.defer()

    def within() -> Any:  # the request is finished inside its context too, so its "handled" line carries its id
        try:
            return fn(*args, **kwargs)
        finally:
            scope.finish(deferred=True)
    return lambda: ctx.run(within)


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in a copy of the submitting thread's context, so the request scope (and
    with it the request id in log lines) follows the work. A task submitted while a request is current keeps
    that request open until the task is done: the request is handled when its last task ends.

    `submit_serial(key, ...)`: the tasks of one key (a person) run one after the other, in order, on one thread
    at a time, so one person's burst occupies one worker while everyone else's work goes on (docs/security.md)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._serial: dict[str, deque[Callable[[], Any]]] = {}
        self._serial_lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        scope = _current.get()
        if scope is None:
            return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
        scope.defer()

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                scope.finish(deferred=True)
        try:
            return super().submit(contextvars.copy_context().run, run)
        except BaseException:
            scope.finish(deferred=True)
            raise

    def submit_serial(self, key: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        job = bind(fn, *args, **kwargs)
        with self._serial_lock:
            queue = self._serial.get(key)
            if queue is not None:
                queue.append(job)
                return
            self._serial[key] = deque([job])
        try:
            super().submit(self._drain, key)
        except BaseException:
            with self._serial_lock:
                self._serial.pop(key, None)
            raise

    def _drain(self, key: str) -> None:
        while True:
            with self._serial_lock:
                queue = self._serial[key]
                if not queue:
                    del self._serial[key]
                    return
                job = queue.popleft()
            try:
                job()
            except Exception:
                logging.getLogger("concierge").exception("work for %s failed", key)
