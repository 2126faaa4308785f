"""Deflection measured honestly (bot/deflection.py): confirmed / potential / none, never silence as resolved; a
confirmed answer followed by a filing for the same article within seven days counts as none."""
from __future__ import annotations

from datetime import timedelta

from bot.deflection import DeflectionCollector, classify, report

VPN = [{"id": "ka0A", "article_id": "kA0A", "title": "Connect to the VPN"}]
PRINTER = [{"id": "ka0B", "article_id": "kA0B", "title": "Printer jam"}]


def _answer(db, key, articles, user="U1"):
    return db.answers.record(user, "003A", asked_by=key, text="vpn broken", case_type=None, articles=articles)


def test_outcomes(db, clock):
    fixed = _answer(db, "m1", VPN)
    db.answers.confirm(fixed.id, "U1")
    filed = _answer(db, "m2", PRINTER)
    assert db.answers.claim_filing(filed.id, "U1") and not db.answers.claim_filing(filed.id, "U1")
    opened = _answer(db, "m3", PRINTER, user="U2")
    db.answers.opened(opened.id, "U2")
    silent = _answer(db, "m4", VPN, user="U3")
    outcomes = classify(db.answers.since(clock.at - timedelta(days=1)), clock.at)
    assert outcomes == {fixed.id: "confirmed", filed.id: "none", opened.id: "potential", silent.id: "pending"}
    clock.advance(days=1, seconds=1)
    assert classify(db.answers.since(clock.at - timedelta(days=2)), clock.at)[silent.id] == "potential"


def test_a_relapse_within_a_week_turns_confirmed_into_none(db, clock):
    fixed = _answer(db, "m1", VPN)
    db.answers.confirm(fixed.id, "U1")
    clock.advance(days=3)
    again = _answer(db, "m2", VPN)
    db.answers.claim_filing(again.id, "U1")
    outcomes = classify(db.answers.since(clock.at - timedelta(days=10)), clock.at)
    assert outcomes[fixed.id] == "none"
    assert "by article" in report(db.answers.since(clock.at - timedelta(days=10)), clock.at)
    [metric] = list(DeflectionCollector(db).collect())
    assert {s.labels["outcome"]: s.value for s in metric.samples}["none"] == 2
