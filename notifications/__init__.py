"""Proactive notifications: the poller that tells employees what agents did, and the outbox flusher.

    jobs = notifications.start(org=org, interval_seconds=30.0, store=store, desk=desk, client=web_client)
    ...
    jobs.shutdown()          # also gives the poller lease up (a standby replica takes over)

`Poller(...).run_once()` runs one cycle (tests, benchmark). See docs/notifications.md.
"""
from __future__ import annotations

from notifications.jobs import LEASE_RENEW_SECONDS, LEASE_TTL_SECONDS, Jobs, start
from notifications.outbox import FlushReport, OutboxFlusher
from notifications.poller import LEASE_NAME, STREAM, Poller, PollReport, default_holder
from notifications.slack import Messenger

__all__ = ["FlushReport", "Jobs", "LEASE_NAME", "LEASE_RENEW_SECONDS", "LEASE_TTL_SECONDS", "Messenger",
           "OutboxFlusher", "PollReport", "Poller", "STREAM", "default_holder", "start"]
