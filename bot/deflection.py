"""Deflection, measured honestly (design decision 13): what became of each Knowledge answer (store.answers).

- confirmed: the person clicked "This fixed it" (or typed it), and did not file a case for the same articles
  within seven days (then it counts as none);
- none: a case was filed after it ("File my case", "didn't help");
- potential: opened an article, or no answer for a day: maybe it helped, nobody knows; never counted as resolved;
- pending: shown less than a day ago, no answer yet.

Exported as the Prometheus gauge `concierge_knowledge_answers{outcome}` (answers of the last 30 days, read at
scrape time) and printed by `concierge report deflection` (runtime/reports.py) by article and by ISO week.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from store import Store
from store.answers import AnswerRecord

OUTCOMES = ("confirmed", "potential", "none", "pending")
SILENCE = timedelta(days=1)
RELAPSE = timedelta(days=7)


def _articles(a: AnswerRecord) -> set[str]:
    return {str(x.get("article_id")) for x in a.articles}


def classify(answers: Sequence[AnswerRecord], now: datetime) -> dict[int, str]:
    """Each answer's outcome (answers: every answer of the period, any order)."""
    filed_later: dict[str, list[AnswerRecord]] = defaultdict(list)
    for a in answers:
        if a.filed_at is not None:
            filed_later[a.slack_user_id].append(a)
    out: dict[int, str] = {}
    for a in answers:
        if a.filed_at is not None:
            out[a.id] = "none"
        elif a.confirmed_at is not None:
            relapsed = any(b.id != a.id and b.filed_at is not None and a.confirmed_at <= b.filed_at
                           <= a.confirmed_at + RELAPSE and _articles(a) & _articles(b)
                           for b in filed_later[a.slack_user_id])
            out[a.id] = "none" if relapsed else "confirmed"
        elif a.opened_at is not None or now - a.shown_at >= SILENCE:
            out[a.id] = "potential"
        else:
            out[a.id] = "pending"
    return out


class DeflectionCollector(Collector):
    """`concierge_knowledge_answers{outcome}`: Knowledge answers of the last 30 days by outcome."""

    def __init__(self, store: Store, days: int = 30):
        self.store, self.days = store, days

    def describe(self) -> list[Metric]:
        return [GaugeMetricFamily("concierge_knowledge_answers", "Knowledge answers of the last 30 days by outcome",
                                  labels=["outcome"])]

    def collect(self) -> Iterator[Metric]:
        g = GaugeMetricFamily("concierge_knowledge_answers", "Knowledge answers of the last 30 days by outcome",
                              labels=["outcome"])
        try:
            now = self.store.now()
            counts = Counter(classify(self.store.answers.since(now - timedelta(days=self.days)), now).values())
        except Exception:  # noqa: BLE001 - a scrape never fails for the store
            counts = Counter()
        for outcome in OUTCOMES:
            g.add_metric([outcome], counts.get(outcome, 0))
        yield g


def report(answers: Sequence[AnswerRecord], now: datetime) -> str:
    """Rates by article (the first shown) and by ISO week."""
    outcome = classify(answers, now)

    def table(title: str, key_of) -> list[str]:  # noqa: ANN001
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for a in answers:
            groups[key_of(a)][outcome[a.id]] += 1
        lines = [title, f"{'':40} {'shown':>6} {'confirmed':>10} {'potential':>10} {'none':>6} {'pending':>8}"]
        for key, c in sorted(groups.items()):
            n = sum(c.values())
            lines.append(f"{key[:40]:40} {n:>6} " + " ".join(
                f"{c[o] / n:>{w}.0%}" for o, w in (("confirmed", 10), ("potential", 10), ("none", 6), ("pending", 8))))
        return lines

    def first_title(a: AnswerRecord) -> str:
        return str(a.articles[0].get("title") or "?") if a.articles else "?"

    def week(a: AnswerRecord) -> str:
        y, w, _ = a.shown_at.isocalendar()
        return f"{y}-W{w:02d}"

    total = Counter(outcome.values())
    n = sum(total.values())
    head = [f"answers={n} " + " ".join(f"{o}={total.get(o, 0)}" for o in OUTCOMES)]
    return "\n".join(head + [""] + table("by article", first_title) + [""] + table("by week", week))

