"""Ratings as Prometheus metrics and as `concierge report csat` (issue 24, docs/csat.md).

The metrics are read from the store at scrape time, like the ledger's (runtime/metrics.py), so every replica reports
the same totals from the one database:
- `concierge_csat_surveys{status}`: surveys offered, answered, withdrawn (a reopen before an answer);
- `concierge_csat_ratings{score}`: answered surveys by their (latest) score;
- `concierge_csat_score_average`: the mean score of every answered survey (NaN before the first).

`concierge report csat [--weeks N]` (runtime/reports.py) prints answered ratings by ISO week, by case type (the Case's Type, the
record type Concierge reads on every case) and by agent (who resolved it): count, mean score, share at or below
the reopen threshold.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from store import Store
from store.surveys import Survey


class CsatCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        try:
            counts = self.store.surveys.counts()
        except Exception:  # noqa: BLE001 - a scrape never fails for the database (readiness says so)
            return
        surveys = GaugeMetricFamily("concierge_csat_surveys", "Satisfaction surveys by status", labels=["status"])
        by_status: dict[str, int] = defaultdict(int)
        ratings = GaugeMetricFamily("concierge_csat_ratings", "Answered satisfaction surveys by score",
                                    labels=["score"])
        by_score: dict[int, int] = defaultdict(int)
        for (status, score), n in counts.items():
            by_status[status] += n
            if score is not None:
                by_score[score] += n
        for status in ("offered", "answered", "withdrawn"):
            surveys.add_metric([status], by_status.get(status, 0))
        for score in sorted(by_score):
            ratings.add_metric([str(score)], by_score[score])
        total = sum(by_score.values())
        average = GaugeMetricFamily("concierge_csat_score_average", "Mean score of the answered surveys")
        average.add_metric([], sum(s * n for s, n in by_score.items()) / total if total else float("nan"))
        yield surveys
        yield ratings
        yield average


def _week(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def table(rows: Iterable[Survey], low: int) -> list[str]:
    """The report's lines: one block per grouping, each `name  count  mean  low%`."""
    rows = list(rows)
    out = [f"{len(rows)} rating(s)"]
    for title, key in (("week", lambda s: _week(s.rated_at or s.offered_at)),
                       ("record type", lambda s: s.case_type or "(none)"),
                       ("agent", lambda s: s.agent or "(unknown)")):
        groups: dict[str, list[int]] = defaultdict(list)
        for s in rows:
            groups[key(s)].append(s.score or 0)
        out.append("")
        out.append(f"{'by ' + title:<32} {'ratings':>7} {'mean':>5} {'low':>5}")
        for name in sorted(groups):
            scores = groups[name]
            lows = sum(1 for x in scores if x <= low)
            out.append(f"{name[:32]:<32} {len(scores):>7} {sum(scores) / len(scores):>5.2f} "
                       f"{100 * lows / len(scores):>4.0f}%")
    return out

