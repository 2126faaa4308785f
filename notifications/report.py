"""What one poller cycle did (`PollReport`, returned by `Poller.run_once`), and a ledger row's message key."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slackui import keys
from store import LedgerEntry


@dataclass
class PollReport:
    """What one cycle did. `api_calls` counts Salesforce calls (change feed + work-note batches)."""

    holder: str
    standby: bool = False
    api_calls: int = 0
    cases: int = 0
    comments: int = 0
    replies: int = 0             # agents' emails, feed posts/comments and files in the change set
    decided: int = 0
    duplicates: int = 0
    sent: int = 0
    muted: int = 0
    held: int = 0                # decided in quiet hours (or for a daily digest): held until due
    retimed: int = 0             # held notices given a new due time: their person changed their timing settings
    digests: int = 0             # digest messages posted
    digested: int = 0            # held notices delivered in them
    waiting: int = 0             # due notices (or digests) kept back because their person is talking to the bot
    failed: int = 0
    retried: int = 0
    recovered_found: int = 0
    recovered_resent: int = 0
    nudges: int = 0
    notes: int = 0
    channel_decided: int = 0     # channel thread updates recorded (notifications/channelsync.py)
    channel_posts: int = 0       # agents' public replies posted into cases' channel threads
    channel_reactions: int = 0   # status reactions swapped on cases' channel root messages
    surveys: int = 0             # resolution notices sent with a rating (notifications/surveys.py)
    surveys_withdrawn: int = 0   # unanswered ratings withdrawn: their case was reopened
    watermark: datetime | None = None
    errors: list[str] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)
    sent_keys: list[tuple[str, str, str]] = field(default_factory=list)

    def timed(self, name: str, step: Callable[..., None], *args: Any) -> None:
        """Run one step of the cycle, its time in `durations[name]` (even when it raises)."""
        t = time.perf_counter()
        try:
            step(*args)
        finally:
            self.durations[name] = time.perf_counter() - t

    def summary(self) -> str:
        if self.standby:
            return f"poller {self.holder}: standby (another replica holds the lease)"
        parts = [f"calls={self.api_calls}", f"cases={self.cases}", f"comments={self.comments}", f"replies={self.replies}",
                 f"decided={self.decided}", f"sent={self.sent}", f"muted={self.muted}", f"held={self.held}",
                 f"retimed={self.retimed}", f"digests={self.digests}", f"nudges={self.nudges}", f"notes={self.notes}",
                 f"channel_posts={self.channel_posts}", f"channel_reactions={self.channel_reactions}",
                 f"total={self.durations.get('total', 0):.3f}s"]
        if self.errors:
            parts.append("errors=" + "; ".join(self.errors))
        return "poller: " + " ".join(parts)


def ledger_key(entry: LedgerEntry) -> str:
    return keys.ledger(entry.case_id, entry.kind, entry.source_id)
