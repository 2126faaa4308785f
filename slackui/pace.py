"""Replies paced per channel, within Slack's limits.

Slack: "chat.postMessage generally allows posting one message per second per channel, while also maintaining a
workspace-wide limit"; "Posting messages: 1 per second, short bursts >1 allowed"
(https://api.slack.com/docs/rate-limits, https://docs.slack.dev/apis/web-api/rate-limits). Past it Slack answers
HTTP 429 with `Retry-After` (seconds).

`PACER` (one per process, shared by the bot's replies and the notifications) gives each channel a short burst
(`burst` messages) and then one message every `1 / per_second` seconds: the thread posting to a channel waits
for that channel's next slot; other channels never wait for it. A 429 for chat.postMessage holds that channel
for its Retry-After (`PacedRateLimitErrorRetryHandler`, which also waits it out and tries again, as slack_sdk's
handler does). Memory is bounded: a channel whose slots are all free again is forgotten, and at most
`max_channels` are remembered (the least recently used go first).
"""
from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

log = logging.getLogger("concierge.slack")


class Pacer:
    """Per-channel pacing (a generic cell rate algorithm: each channel's theoretical next arrival time)."""

    def __init__(self, per_second: float = 1.0, burst: int = 3, max_channels: int = 10_000,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.interval = 1.0 / per_second
        self.burst, self.max_channels = max(1, burst), max(1, max_channels)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next: OrderedDict[str, float] = OrderedDict()     # channel -> theoretical arrival time

    def __len__(self) -> int:
        return len(self._next)

    def reserve(self, channel: str) -> float:
        """Take `channel`'s next slot; returns how long to wait for it (0: now)."""
        with self._lock:
            now = self._clock()
            tat = max(self._next.pop(channel, now), now)
            slot = max(now, tat - (self.burst - 1) * self.interval)
            self._remember(channel, max(tat, slot) + self.interval, now)
            return slot - now

    def wait(self, channel: str) -> float:
        """Wait for `channel`'s next slot; returns the seconds waited."""
        delay = self.reserve(channel)
        if delay > 0:
            self._sleep(delay)
        return delay

    def hold(self, channel: str, seconds: float) -> None:
        """Slack said to wait `seconds` before posting to `channel` again (a 429's Retry-After)."""
        with self._lock:
            now = self._clock()
            tat = self._next.pop(channel, now)
            self._remember(channel, max(tat, now + seconds + (self.burst - 1) * self.interval), now)

    def _remember(self, channel: str, tat: float, now: float) -> None:
        self._next[channel] = tat
        if len(self._next) > self.max_channels:
            for key in [k for k, t in self._next.items() if t <= now]:     # fully free again: nothing to keep
                del self._next[key]
            while len(self._next) > self.max_channels:
                self._next.popitem(last=False)                           # the least recently used


PACER = Pacer()


def channel_of(request: Any) -> str | None:
    """The `channel` argument of a slack_sdk HttpRequest (JSON or form-encoded body)."""
    params = getattr(request, "body_params", None)
    if isinstance(params, dict) and params.get("channel"):
        return str(params["channel"])
    data = getattr(request, "data", None)
    if not data:
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    try:
        parsed = json.loads(text)
        return str(parsed.get("channel")) if isinstance(parsed, dict) and parsed.get("channel") else None
    except ValueError:
        values = urllib.parse.parse_qs(text).get("channel")
        return values[0] if values else None


class PacedRateLimitErrorRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits Retry-After, tries again); for chat.postMessage the channel is also held
    for Retry-After in `pacer`, so the other posts to it wait instead of being refused too."""

    def __init__(self, max_retry_count: int = 3, pacer: Pacer | None = None):
        super().__init__(max_retry_count=max_retry_count)
        self.pacer = pacer or PACER

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:  # noqa: ANN001
        if response is not None and request.url.rstrip("/").rsplit("/", 1)[-1] == "chat.postMessage":
            retry_after = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
            try:
                seconds = float((retry_after[0] if isinstance(retry_after, list) else retry_after) or 1)
            except ValueError:
                seconds = 1.0
            if (channel := channel_of(request)) is not None:
                self.pacer.hold(channel, seconds)
                log.warning("chat.postMessage to %s: rate limited by Slack for %.0f s", channel, seconds)
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)
