"""The per-person budget (bot/budget.py): messages a minute and cases a day, answered politely, counted in the store
so replicas share it. Over HTTP against the real app, and the windows unit-tested on a store with a moved clock."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.budget import Budget, Limits, Verdict
from store import Store


def _not_at_the_end_of_a_minute() -> None:
    while time.time() % 60 > 45:        # the budget's minute must not turn over in the middle of the test
        time.sleep(1)


@pytest.mark.bot_settings(PERSON_MESSAGES_PER_MINUTE=3)
def test_a_burst_of_messages_gets_one_polite_answer_past_the_budget(bot, h):
    _not_at_the_end_of_a_minute()
    for _ in range(8):
        assert bot.slack.send_dm("amy", "help").status == 200
    replies = bot.slack.wait_for_bot_messages("amy", 4)
    time.sleep(1.0)    # anything more would have been sent by now
    replies = bot.slack.bot_messages("amy")
    assert len(replies) == 4
    assert sum("a lot of messages" in r["text"] for r in replies) == 1


@pytest.mark.bot_settings(PERSON_CASES_PER_DAY=1)
def test_cases_past_the_days_budget_are_not_filed_and_the_person_is_told(bot, h):
    h.say("amy", "My laptop won't connect to the VPN since this morning")
    [reply] = h.say("amy", "The shared printer on floor 3 prints blank pages since Monday")
    assert "as many as I file for one person in a day" in reply["text"]
    assert len(h.open_cases("amy")) == 1
    [other] = h.say("ben", "The shared printer on floor 3 prints blank pages since Monday")   # everyone has their own
    assert len(h.open_cases("ben")) == 1 and "as many as" not in other["text"]


def test_the_windows_turn_over(tmp_path):
    clock = [datetime(2026, 3, 2, 9, 15, 5, tzinfo=UTC)]
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}", now=lambda: clock[0])
    try:
        budget = Budget(store, Limits(messages_per_minute=2, cases_per_day=1))
        assert [budget.message("U1") for _ in range(4)] == [Verdict.OK, Verdict.OK, Verdict.TELL, Verdict.QUIET]
        assert budget.message("U2") is Verdict.OK                     # per person
        clock[0] += timedelta(minutes=1)
        assert budget.message("U1") is Verdict.OK                     # a new minute
        assert budget.may_file("U1")
        budget.filed("U1")
        assert not budget.may_file("U1")
        clock[0] += timedelta(days=1)
        assert budget.may_file("U1")                                   # a new day
        assert store.prune() >= 2                                      # ended windows are removed
        unlimited = Budget(store, Limits(messages_per_minute=0, cases_per_day=0))
        assert all(unlimited.message("U3") is Verdict.OK for _ in range(50)) and unlimited.may_file("U3")
    finally:
        store.close()
