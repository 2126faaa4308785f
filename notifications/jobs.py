"""The notification jobs of one replica: the poller and the outbox flusher on an APScheduler scheduler.

    jobs = notifications.start(org=org, interval_seconds=30.0, store=store, desk=desk, client=web_client)
    ...
    jobs.shutdown()          # stops the scheduler and gives the poller lease up (a standby replica takes over)
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from notifications.keeper import LeaseKeeper
from notifications.outbox import IN_DOUBT_SECONDS, ChannelFilings, FetchFiles, OutboxFlusher
from notifications.poller import LEASE_NAME, CaseFeed, Poller, default_holder
from notifications.slack import Messenger
from servicecloud.config import OrgConfig
from servicecloud.protocols import Desk
from slackui.identity import Directory
from store import Store

log = logging.getLogger("notifications")

POLLER_JOB = "concierge-poller"
OUTBOX_JOB = "concierge-outbox"
LEASE_JOB = "concierge-lease"

# The poller lease: renewed every LEASE_RENEW_SECONDS by its holder, tried as often by the standbys; after the
# holder dies it moves within LEASE_TTL_SECONDS + LEASE_RENEW_SECONDS (notifications/keeper.py).
LEASE_TTL_SECONDS = 6.0
LEASE_RENEW_SECONDS = 1.5


@dataclass(frozen=True)
class Jobs:
    """The running scheduler and the two jobs it runs."""

    scheduler: BackgroundScheduler
    poller: Poller
    flusher: OutboxFlusher

    def on_each_run(self, callback: Callable[[Any], None]) -> None:
        """`callback(report)` after every run of either job (a PollReport or a FlushReport)."""
        self.scheduler.add_listener(lambda event: callback(getattr(event, "retval", None)), EVENT_JOB_EXECUTED)

    def shutdown(self, wait: bool = True) -> None:
        """Stop the scheduler, then give the poller lease up."""
        self.scheduler.shutdown(wait=wait)
        try:
            self.poller.release()
        except Exception:
            log.warning("could not release the poller lease", exc_info=True)


def _log_failure(event: JobExecutionEvent) -> None:
    log.error("notification job %s failed: %r", event.job_id, event.exception)


def start(*, org: OrgConfig, store: Store, desk: Desk, client: Any, interval_seconds: float = 30.0,
          in_doubt_seconds: float = IN_DOUBT_SECONDS, holder: str | None = None, fetch_files: FetchFiles | None = None,
          read_model: CaseFeed | None = None, publish_home: Callable[[str], None] | None = None,
          directory: Directory | None = None, channel_filings: ChannelFilings | None = None) -> Jobs:
    """Start the APScheduler jobs (poller every `interval_seconds`, POLL_INTERVAL_SECONDS; outbox flusher every
    5 s, the poller lease keeper) in a background thread, for the org mapping `org`; a write whose answer was lost
    is only looked for during `in_doubt_seconds` (SF_IN_DOUBT_SECONDS). Each replica may call this: only the
    lease holder polls.
    `fetch_files` (optional) downloads the Slack files of a queued case (see OutboxFlusher); the poller hands
    changed cases to `read_model` (bot/readmodel.py) and calls `publish_home(slack_user_id)` for each employee
    whose case changed. `directory` (slackui/identity.py) is the process's one: who is who and the DM channels.
    `channel_filings` (bot/channels/queued.py) finishes the threads of cases queued from Slack channels."""
    interval = float(interval_seconds)
    messenger = Messenger(client, dms=directory.dms if directory is not None else None)
    holder = holder or default_holder()
    poller = Poller(store=store, desk=desk, messenger=messenger, org=org, holder=holder, interval_seconds=interval,
                    lease_ttl_seconds=LEASE_TTL_SECONDS, read_model=read_model, publish_home=publish_home,
                    directory=directory)
    flusher = OutboxFlusher(store=store, desk=desk, messenger=messenger, holder=holder, fetch_files=fetch_files,
                            in_doubt_seconds=float(in_doubt_seconds), channel_filings=channel_filings)

    scheduler = BackgroundScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1,
                                                                "misfire_grace_time": max(1, int(interval))})
    now = datetime.now(UTC)
    scheduler.add_job(poller.run_once, "interval", seconds=interval, id=POLLER_JOB, next_run_time=now)
    scheduler.add_job(flusher.run_once, "interval", seconds=min(5.0, interval), id=OUTBOX_JOB, next_run_time=now)

    def poll_now(_lease: Any) -> None:      # just took the lease over: poll at once, not at the next interval
        scheduler.modify_job(POLLER_JOB, next_run_time=datetime.now(UTC))
    keeper = LeaseKeeper(store, LEASE_NAME, holder, ttl_seconds=LEASE_TTL_SECONDS, on_acquired=poll_now)
    scheduler.add_job(keeper.tick, "interval", seconds=LEASE_RENEW_SECONDS, id=LEASE_JOB, misfire_grace_time=1)
    scheduler.add_listener(_log_failure, EVENT_JOB_ERROR)
    scheduler.start()
    return Jobs(scheduler=scheduler, poller=poller, flusher=flusher)
