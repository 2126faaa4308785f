"""Metrics.observe_job reads a job's report by its shape (the poller's or the flusher's), nothing else."""
from __future__ import annotations

from runtime.metrics import FlushCycle, Metrics, PollCycle
from notifications.outbox import FlushReport
from notifications.poller import PollReport


def _sample(m: Metrics, name: str, **labels: str) -> float:
    return m.registry.get_sample_value(name, labels) or 0.0


def test_each_report_is_read_by_its_shape():
    assert isinstance(PollReport(holder="a"), PollCycle) and not isinstance(PollReport(holder="a"), FlushCycle)
    assert isinstance(FlushReport(), FlushCycle) and not isinstance(FlushReport(), PollCycle)
    m = Metrics()
    m.observe_job(PollReport(holder="a", cases=2, comments=1, durations={"total": 0.5}))
    m.observe_job(PollReport(holder="b", standby=True, cases=9))           # standby: nothing polled here
    m.observe_job(FlushReport(delivered=2, retry_later=1))
    m.observe_job(None)                                                   # a job that returned nothing
    m.observe_job("something else")
    assert _sample(m, "concierge_poll_cycle_seconds_count") == 1
    assert _sample(m, "concierge_poll_changes_sum") == 3
    assert m.last_good_cycle is not None
    assert _sample(m, "concierge_outbox_deliveries_total", outcome="delivered") == 2
    assert _sample(m, "concierge_outbox_deliveries_total", outcome="retry_later") == 1
    assert _sample(m, "concierge_outbox_deliveries_total", outcome="failed") == 0
