"""Proactive notifications: the poller that tells employees what agents did, and the outbox flusher.

    scheduler = notifications.start(settings, store=store, desk=desk, client=web_client)
    ...
    scheduler.shutdown()          # also gives the poller lease up (a standby replica takes over)

`Poller(...).run_once()` runs one cycle (tests, benchmark). See docs/notifications.md.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from notifications.keeper import LeaseKeeper
from notifications.outbox import FlushReport, OutboxFlusher
from notifications.poller import LEASE_NAME, STREAM, Poller, PollReport, default_holder
from notifications.slack import Messenger

__all__ = ["FlushReport", "LEASE_NAME", "LEASE_RENEW_SECONDS", "LEASE_TTL_SECONDS", "Messenger", "OutboxFlusher", "PollReport", "Poller", "STREAM", "start"]

log = logging.getLogger(__name__)

# The poller lease: renewed every LEASE_RENEW_SECONDS by its holder, tried as often by the standbys; after the
# holder dies it moves within LEASE_TTL_SECONDS + LEASE_RENEW_SECONDS (notifications/keeper.py).
LEASE_TTL_SECONDS = 6.0
LEASE_RENEW_SECONDS = 1.5


def start(settings: Any, *, store: Any, desk: Any, client: Any, holder: str | None = None,
          fetch_files: Any = None) -> Any:
    """Start the APScheduler jobs (poller every POLL_INTERVAL_SECONDS, outbox flusher every 5 s, the poller
    lease keeper) in a background thread and return the scheduler. Each replica may call this: only the lease
    holder polls.
    `fetch_files` (optional) downloads the Slack files of a queued case (see OutboxFlusher)."""
    from apscheduler.events import EVENT_JOB_ERROR
    from apscheduler.schedulers.background import BackgroundScheduler

    org = settings.org
    interval = float(getattr(settings, "poll_interval_seconds", 30.0) or 30.0)
    messenger = Messenger(client)
    holder = holder or default_holder()
    poller = Poller(store=store, desk=desk, messenger=messenger, org=org, holder=holder, interval_seconds=interval,
                    lease_ttl_seconds=LEASE_TTL_SECONDS)
    flusher = OutboxFlusher(store=store, desk=desk, messenger=messenger, holder=holder, fetch_files=fetch_files)

    scheduler = BackgroundScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1,
                                                                "misfire_grace_time": max(1, int(interval))})
    now = datetime.now(UTC)
    scheduler.add_job(poller.run_once, "interval", seconds=interval, id="concierge-poller", next_run_time=now)
    scheduler.add_job(flusher.run_once, "interval", seconds=min(5.0, interval), id="concierge-outbox",
                      next_run_time=now)

    def poll_now(_lease: Any) -> None:      # just took the lease over: poll at once, not at the next interval
        scheduler.modify_job("concierge-poller", next_run_time=datetime.now(UTC))
    keeper = LeaseKeeper(store, LEASE_NAME, holder, ttl_seconds=LEASE_TTL_SECONDS, on_acquired=poll_now)
    scheduler.add_job(keeper.tick, "interval", seconds=LEASE_RENEW_SECONDS, id="concierge-lease",
                      misfire_grace_time=1)
    scheduler.add_listener(lambda ev: log.error("notification job %s failed: %r", ev.job_id, ev.exception),
                           EVENT_JOB_ERROR)
    scheduler.start()

    original_shutdown = scheduler.shutdown

    def shutdown(wait: bool = True) -> None:
        original_shutdown(wait=wait)
        try:
            poller.release()
        except Exception:
            log.warning("could not release the poller lease", exc_info=True)

    scheduler.shutdown = shutdown
    scheduler.concierge_poller = poller
    scheduler.concierge_flusher = flusher
    return scheduler
