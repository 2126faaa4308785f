"""The poller: it holds the lease and the order of the steps, each built with what it uses. One cycle
(`run_once`) = lease, then: recover (DMs cut off mid-send, delivery.py), recover channel posts (channelsync.py),
recover digests (digests.py), poll (fetch changes, decide + record, changes.py), nudges (nudges.py), re-time held
notices, digests, send DMs, send channel thread updates, work notes.

Exactly-once, in short (docs/notifications.md has the reasoning):
1. The decisions, the tracked cases' last-seen states and the new watermark are written in ONE transaction,
   fenced by the poller lease (a replica that lost the lease cannot commit). Each decision is a ledger row
   with a unique key (case, kind, source record), status `pending`; re-fetched records (the watermark
   overlaps by a safety margin) hit the unique key and are dropped.
2. Each pending row is claimed (`sending`, fenced by the lease) and its DM is posted with the ledger key in
   the message metadata; then the row is marked `sent`.
3. A row found `sending` at the start of a cycle was cut off between 2's post and mark: the DM history is
   searched for its key; found -> `sent`, not found -> sent now.
4. Work notes (private CaseComments) for sent rows are written in batches of 200 per API call.
Cases filed from channels get their thread's rows (agents' public replies, status reactions) in the same
transaction, delivered by the same claim/mark steps (notifications/channelsync.py), with no Salesforce call.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from notifications import channelsync
from notifications.changes import LEASE_NAME, STREAM, CaseFeed, Changes
from notifications.delivery import Delivery, Sender
from notifications.digests import Digests, Timings
from notifications.homes import home_republisher
from notifications.nudges import Nudges
from notifications.report import PollReport, ledger_key
from notifications.slack import Messenger
from notifications.surveys import Surveys
from servicecloud.config import OrgConfig
from servicecloud.protocols import ChangeFeed
from slackui.identity import Directory
from store import LeaseLost, Store

log = logging.getLogger(__name__)

__all__ = ["LEASE_NAME", "STREAM", "CaseFeed", "PollReport", "Poller", "default_holder", "ledger_key"]


def default_holder() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"


class Poller:
    """Polls Salesforce through a CaseDesk and DMs employees through Slack. One `run_once()` is one cycle;
    `notifications.start` schedules it. Only the lease holder works; other replicas report `standby`."""

    def __init__(self, *, store: Store, desk: ChangeFeed, client: Any = None, messenger: Messenger | None = None,
                 org: OrgConfig | None = None, holder: str | None = None, interval_seconds: float = 30.0,
                 lease_ttl_seconds: float | None = None, overlap_seconds: float = 300.0,
                 max_sends_per_cycle: int = 500, max_attempts: int = 5, resend_when_unsure: bool = True,
                 slash_command: str | None = None, now: Callable[[], datetime] | None = None,
                 per_conversation_interval: float = 1.0, read_model: CaseFeed | None = None,
                 publish_home: Callable[[str], None] | None = None, max_homes_per_cycle: int | None = None,
                 directory: Directory | None = None):
        if messenger is None:
            if client is None:
                raise ValueError("Poller needs a Slack WebClient (client=) or a Messenger (messenger=)")
            messenger = Messenger(client, per_conversation_interval=per_conversation_interval,
                                  dms=directory.dms if directory is not None else None)
        self.store, self.desk, self.messenger = store, desk, messenger
        # who is who (slackui/identity.py): the Slack user of a contact, a person's time zone, the DM channel
        self.directory = directory if directory is not None else Directory(store=store, client=messenger.client,
                                                                           dms=messenger.dms)
        self.org = org or getattr(desk, "org", None) or OrgConfig()
        self.holder = holder or default_holder()
        self.interval = interval_seconds
        self.lease_ttl = lease_ttl_seconds or max(30.0, 3 * interval_seconds)
        self.overlap = timedelta(seconds=overlap_seconds)
        self.max_sends = max_sends_per_cycle
        self.max_attempts = max_attempts
        self.resend_when_unsure = resend_when_unsure
        self.slash_command = slash_command or self.org.slash_command
        self.now = now or (lambda: datetime.now(UTC))
        self._run_lock = threading.Lock()
        # cases filed from channels: their threads get agents' public replies and status reactions (channelsync.py)
        self.channels = channelsync.ChannelSync(store, messenger.client, pace=messenger.pace,
                                                max_attempts=max_attempts, lease_ttl=self.lease_ttl,
                                                limit=max_sends_per_cycle)
        # the steps, each built with the pieces it uses (the poller keeps the lease and their order)
        sender = Sender(messenger, max_attempts)
        self.surveys = Surveys(store, messenger, self.directory, self.org, self.now, self.slash_command)
        self.timings = Timings(store, self.directory, self.org)
        self.delivery = Delivery(store, messenger, sender, self.surveys, desk, self.org, self.slash_command,
                                 self.now, max_sends_per_cycle, self.lease_ttl, resend_when_unsure)
        self.digests = Digests(store, messenger, sender, self.timings, self.org, self.now, self.lease_ttl,
                               resend_when_unsure)
        self.nudges = Nudges(store, self.directory, self.timings, self.org, self.now, self.lease_ttl)
        self.changes = Changes(store=store, desk=desk, directory=self.directory, org=self.org, timings=self.timings,
                               surveys=self.surveys, now=self.now, overlap=self.overlap, lease_ttl=self.lease_ttl,
                               read_model=read_model,
                               homes=home_republisher(publish_home, max_homes_per_cycle, interval_seconds))

    # ------------------------------------------------------------------------------------------ cycle
    def run_once(self) -> PollReport:
        report = PollReport(holder=self.holder)
        with self._run_lock:
            t0 = time.perf_counter()
            lease = self.store.acquire_lease(LEASE_NAME, self.holder, self.lease_ttl)
            if lease is None:
                report.standby = True
                report.durations["total"] = time.perf_counter() - t0
                return report
            try:
                report.timed("recover", self.delivery.recover, lease, report)
                report.timed("recover_channels", self.channels.recover, lease, report)
                report.timed("recover_digests", self.digests.recover, report)
                report.timed("poll", self.changes.poll, lease, report)
                report.timed("nudges", self.nudges.make, lease, report)
                report.timed("retime", self.digests.retime, lease, report)
                report.timed("digests", self.digests.send, lease, report)
                report.timed("send", self.delivery.send, lease, report)
                report.timed("channels", self.channels.send, lease, report)
                report.timed("notes", self.delivery.write_notes, report)
            except LeaseLost as exc:
                report.errors.append(f"lease lost: {exc}")
                log.warning("poller %s lost its lease mid-cycle; standing by", self.holder)
            report.durations["total"] = time.perf_counter() - t0
        if report.errors:
            log.warning("%s", report.summary())
        else:
            log.debug("%s", report.summary())
        return report

    def release(self) -> None:
        """Give the lease up (clean shutdown): a standby replica takes over at its next cycle."""
        self.store.release_lease(LEASE_NAME, self.holder)

    @property
    def blind_spot(self) -> str | None:
        """The permission whose absence hides agents' changes from the change feed, once checked (changes.py)."""
        return self.changes.blind_spot
