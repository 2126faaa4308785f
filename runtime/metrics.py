"""Prometheus metrics of one bot instance (prometheus-client), served at `/metrics` (runtime/web.py).

Each `Metrics` owns its own `CollectorRegistry` (several bots may run in one process, as in the tests).
What is counted where (docs/operations.md lists every metric):

* Slack deliveries, ack and reply latency: `observe_request` / `observe_ack`, from the Bolt middleware and
  the request scope (bot/app.py, bot/request_context.py; the app sees them as `bot.app.AppMetrics`);
* Slack Web API calls by method and outcome, 429s included: `SlackApiCallCounter`, a slack_sdk retry handler
  that never retries but sees every response of every WebClient built from the app's client;
* intent confidence: `observing_parse` wraps the parse function given to the conversation layer;
* poll cycles: `observe_job` reads the PollReport / FlushReport each notifications job returns;
* the process itself (prometheus-client's ProcessCollector, from /proc on Linux): resident and virtual
  memory, CPU seconds, open file descriptors, start time;
* read at scrape time (collectors): Salesforce calls by operation and outcome and the daily API usage and
  limit (from the CaseDesk's client, fed by `Sforce-Limit-Info`), the outbox depth and oldest entry age,
  notifications in the ledger by kind and outcome, and the poller lease holder (from the store).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Protocol, TypeVar, runtime_checkable

from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector,
                               generate_latest)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from servicecloud.protocols import Desk, SalesforceSession
from store import LedgerStatus, Store

log = logging.getLogger("concierge.metrics")
P = TypeVar("P")


@runtime_checkable
class PollCycle(Protocol):
    """What `observe_job` reads of a poll cycle's report (notifications.PollReport)."""

    standby: bool
    cases: int
    comments: int
    errors: list[str]
    durations: dict[str, float]


@runtime_checkable
class FlushCycle(Protocol):
    """What `observe_job` reads of an outbox flush's report (notifications.FlushReport)."""

    delivered: int
    failed: int
    retry_later: int

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)
# Ledger statuses as notification outcomes: held = muted by the employee.
LEDGER_OUTCOMES: dict[str, str] = {LedgerStatus.SENT: "sent", LedgerStatus.MUTED: "held", LedgerStatus.FAILED: "failed",
                                    LedgerStatus.PENDING: "pending", LedgerStatus.SENDING: "pending"}


class Metrics:
    """The instruments of one bot instance, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        ProcessCollector(registry=r)   # process_resident_memory_bytes, process_cpu_seconds_total, open fds...
        self.slack_requests = Counter("concierge_slack_requests", "Slack deliveries handled, by kind and outcome",
                                      ["kind", "outcome"], registry=r)
        self.refused_requests = Counter("concierge_refused_requests", "HTTP requests refused before Bolt "
                                        "(bot/guard.py): 413 too large, 401 not signed by Slack, 400 unreadable",
                                        ["status", "reason"], registry=r)
        self.events_rate_limited = Counter("concierge_slack_events_rate_limited", "app_rate_limited notices: Slack "
                                           "held back event deliveries to this app", registry=r)
        self.ack_seconds = Histogram("concierge_slack_ack_seconds", "Time from receiving a delivery to its ack",
                                     ["kind"], buckets=LATENCY_BUCKETS, registry=r)
        self.reply_seconds = Histogram("concierge_slack_reply_seconds",
                                       "Time from receiving a delivery to its replies being sent",
                                       ["kind"], buckets=LATENCY_BUCKETS, registry=r)
        self.slack_api_calls = Counter("concierge_slack_api_calls", "Slack Web API responses by method and outcome "
                                       "(ok, the Slack error code, ratelimited, http_<status>, connection_error)",
                                       ["method", "outcome"], registry=r)
        self.intent_confidence = Histogram("concierge_intent_confidence", "Confidence of the parsed intent",
                                           ["intent"], buckets=(0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0),
                                           registry=r)
        self.poll_seconds = Histogram("concierge_poll_cycle_seconds", "Duration of poll cycles (this replica, "
                                      "lease holder)", buckets=LATENCY_BUCKETS, registry=r)
        self.poll_changes = Histogram("concierge_poll_changes", "Case changes and comments fetched per poll cycle",
                                      buckets=(0, 1, 5, 10, 50, 100, 500, 1000, 5000), registry=r)
        self.poll_errors = Counter("concierge_poll_cycle_errors", "Poll cycles that ended with an error", registry=r)
        self.outbox_deliveries = Counter("concierge_outbox_deliveries", "Outbox delivery attempts by outcome",
                                         ["outcome"], registry=r)
        self.last_good_cycle: float | None = None
        self.this_replica: str | None = None     # this replica's poller lease holder name (set by the runner)
        Gauge("concierge_poll_last_good_age_seconds", "Seconds since this replica's last poll cycle without "
              "errors (NaN before the first)", registry=r).set_function(self.last_good_age)

    # ---------------------------------------------------------------------------- Slack deliveries
    def observe_ack(self, kind: str, seconds: float) -> None:
        self.ack_seconds.labels(kind).observe(seconds)

    def observe_rate_limited(self) -> None:
        self.events_rate_limited.inc()

    def observe_request(self, kind: str, outcome: str, seconds: float, *, replied: bool) -> None:
        self.slack_requests.labels(kind, outcome).inc()
        if replied:
            self.reply_seconds.labels(kind).observe(seconds)

    # ---------------------------------------------------------------------------- intents
    def observing_parse(self, parse: Callable[[str], P]) -> Callable[[str], P]:
        def observed(text: str) -> P:
            result = parse(text)
            confidence = getattr(result, "confidence", None)
            if confidence is not None:
                self.intent_confidence.labels(str(getattr(result, "intent", "unknown"))).observe(float(confidence))
            return result
        return observed

    # ---------------------------------------------------------------------------- notifications jobs
    def observe_job(self, report: object) -> None:
        """Record what a notifications job returned (PollReport or FlushReport; anything else is ignored)."""
        if isinstance(report, PollCycle):
            if report.standby:
                return
            self.poll_seconds.observe(float((report.durations or {}).get("total", 0.0)))
            self.poll_changes.observe(int(report.cases) + int(report.comments))
            if report.errors:
                self.poll_errors.inc()
            else:
                self.last_good_cycle = time.time()
        elif isinstance(report, FlushCycle):
            for outcome in ("delivered", "failed", "retry_later"):
                count = int(getattr(report, outcome, 0) or 0)
                if count:
                    self.outbox_deliveries.labels(outcome).inc(count)

    def last_good_age(self) -> float:
        return time.time() - self.last_good_cycle if self.last_good_cycle is not None else float("nan")

    # ---------------------------------------------------------------------------- wiring
    def watch(self, *, desk: Desk | None = None, store: Store | None = None, lease_name: str = "poller") -> None:
        """Read the Salesforce client (`desk.client`) and the store at scrape time."""
        self.registry.register(_StateCollector(desk=desk, store=store, lease_name=lease_name,
                                               holder=lambda: self.this_replica))
        if store is not None:      # Knowledge deflection by outcome (bot/deflection.py)
            from bot.deflection import DeflectionCollector
            self.registry.register(DeflectionCollector(store))

    def api_call_counter(self) -> SlackApiCallCounter:
        return SlackApiCallCounter(self)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class SlackApiCallCounter(RetryHandler):
    """Counts every Slack Web API response by method and outcome; never asks for a retry.

    slack_sdk calls each retry handler with every response (and every connection error) before deciding on
    a retry, and Bolt copies the app client's handlers into the client it builds for each request: this is
    how every call is seen without touching the clients. Put it first in `retry_handlers`."""

    def __init__(self, metrics: Metrics):
        super().__init__(max_retry_count=0)
        self.metrics = metrics

    def can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        method = request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if response is None:
            outcome = "connection_error"
        elif response.status_code == 429:
            outcome = "ratelimited"
        elif response.status_code != 200:
            outcome = f"http_{response.status_code}"
        else:
            body = response.body or {}
            outcome = "ok" if body.get("ok", True) else str(body.get("error") or "error")
        self.metrics.slack_api_calls.labels(method, outcome).inc()
        return False


class _StateCollector(Collector):
    """Metrics read at scrape time from the Salesforce client and the store (cheap: counters kept in memory,
    two aggregate queries and one lease read)."""

    def __init__(self, *, desk: Desk | None, store: Store | None, lease_name: str,
                 holder: Callable[[], str | None] | None):
        self.desk, self.store, self.lease_name, self.holder = desk, store, lease_name, holder

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        if self.desk is not None:
            yield from _salesforce_metrics(self.desk.client)
        if self.store is not None:
            yield from self._store_metrics()

    def _store_metrics(self) -> Iterator[Metric]:
        if self.store is None:
            return
        try:
            depth, oldest, counts = self.store.backlog()
            lease = self.store.get_lease(self.lease_name)
        except Exception:  # an unreachable database shows in /readyz, not as a failed scrape
            log.warning("metrics: the store could not be read", exc_info=True)
            return
        yield GaugeMetricFamily("concierge_outbox_depth", "Outbox entries waiting for Salesforce", value=depth)
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily("concierge_outbox_oldest_age_seconds", "Age of the oldest waiting outbox entry "
                                "(0 when empty)", value=max(0.0, age))
        notifications = GaugeMetricFamily("concierge_notifications", "Notifications in the ledger by kind and "
                                          "outcome (sent, held, failed, pending)", labels=["kind", "outcome"])
        merged: dict[tuple[str, str], int] = {}
        for (kind, status), n in counts.items():
            key = (kind, LEDGER_OUTCOMES.get(status, status))
            merged[key] = merged.get(key, 0) + n
        for (kind, outcome), n in sorted(merged.items()):
            notifications.add_metric([kind, outcome], n)
        yield notifications
        holder = GaugeMetricFamily("concierge_poller_lease", "The poller lease: 1 for the current unexpired holder",
                                   labels=["holder", "this_replica"])
        if lease is not None and lease.expires_at > datetime.now(UTC):
            mine = self.holder() if self.holder else None
            holder.add_metric([lease.holder, "true" if lease.holder == mine else "false"], 1)
        yield holder


def _salesforce_metrics(client: SalesforceSession) -> Iterator[Metric]:
    calls = CounterMetricFamily("concierge_salesforce_calls", "Salesforce REST API calls by operation and outcome",
                                labels=["operation", "outcome"])
    for (operation, outcome), n in sorted(client.call_outcomes().items()):
        calls.add_metric([operation, outcome], n)
    yield calls
    usage = client.usage
    if usage is not None:
        yield GaugeMetricFamily("concierge_salesforce_api_usage", "API requests used in the last 24 h "
                                "(Sforce-Limit-Info)", value=usage[0])
        yield GaugeMetricFamily("concierge_salesforce_api_limit", "Daily API request limit (Sforce-Limit-Info)",
                                value=usage[1])
