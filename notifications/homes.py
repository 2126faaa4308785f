"""Republishing employees' App Home tabs after a poll cycle changed their cases, bounded per cycle.

A cycle that changes many employees' cases at once (a bulk reassignment, an agent closing a backlog) must not
burst `views.publish`: Slack rates it Tier 4, "100+ per minute" per workspace
(https://api.slack.com/methods/views.publish, https://docs.slack.dev/apis/web-api/rate-limits), and the bot's
own Home publishes after every interaction share that budget. So at most `per_cycle` Homes are published per
cycle; the others wait, oldest first, for the next cycles. Nothing is lost by waiting: the Home is built from
the read model when it is published, and an employee who opens it meanwhile gets it current at once
(`app_home_opened`).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

log = logging.getLogger("concierge.poller")

TIER4_PER_MINUTE = 100        # views.publish (Tier 4): "100+ per minute"


def per_cycle_for(interval_seconds: float, share: float = 0.5) -> int:
    """Home publishes one cycle may make: `share` of Tier 4's per-minute budget over one poll interval (the
    rest is left to the bot's own publishes)."""
    return max(1, int(TIER4_PER_MINUTE * share * interval_seconds / 60))


class HomeRepublisher:
    """Employees whose Home tab is due to be published again, and the publishing, at most `per_cycle` a cycle."""

    def __init__(self, publish: Callable[[str], None], *, per_cycle: int):
        if per_cycle < 1:
            raise ValueError("per_cycle must be at least 1")
        self._publish, self.per_cycle = publish, per_cycle
        self._due: dict[str, None] = {}      # insertion-ordered: the longest waiting first
        self._lock = threading.Lock()

    def add(self, slack_user_ids: Iterable[str]) -> None:
        """Mark these employees' Homes due (one entry each, however often their cases change)."""
        with self._lock:
            for uid in sorted(set(slack_user_ids)):
                self._due.setdefault(uid, None)

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._due)

    def publish_due(self) -> int:
        """Publish up to `per_cycle` due Homes, longest waiting first; the rest stay due. Returns how many were
        published. One failing publish is logged and does not stop the others."""
        with self._lock:
            batch = list(self._due)[: self.per_cycle]
            for uid in batch:
                del self._due[uid]
        done = 0
        for uid in batch:
            try:
                self._publish(uid)
                done += 1
            except Exception:  # a Home is a courtesy: never let it stop the poller
                log.exception("could not publish the App Home of %s", uid)
        if self.waiting:
            log.info("%d App Home(s) left for the next poll cycle (at most %d a cycle)", self.waiting,
                     self.per_cycle)
        return done


def home_republisher(publish: Callable[[str], None] | None, per_cycle: int | None,
                     interval_seconds: float) -> HomeRepublisher | None:
    """The poller's republisher (None without a `publish`): `per_cycle` a cycle, else `per_cycle_for` the
    poll interval."""
    if publish is None:
        return None
    return HomeRepublisher(publish, per_cycle=per_cycle or per_cycle_for(interval_seconds))
