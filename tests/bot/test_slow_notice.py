"""A DM whose answer is slow (Salesforce taking its time) gets a short "still on it" first, once, never after the
answer; a quick answer gets none."""
from __future__ import annotations

import threading
import time

import pytest

from bot import wording
from bot.listeners.core import Listeners
from slackui.slackpost import INTERIM_EVENT_TYPE, REPLY_EVENT_TYPE


@pytest.mark.bot_settings(SLOW_REPLY_NOTICE_SECONDS=0.3)
def test_a_slow_answer_is_preceded_by_one_still_working_notice(bot, h):
    h.say("amy", "show my cases")                          # known before Salesforce slows down
    # under load that first answer may itself come after a notice: wait for the answer before counting
    bot.slack.wait_for(lambda: any((m.get("metadata") or {}).get("event_type") == REPLY_EVENT_TYPE
                                   for m in bot.slack.bot_messages("amy")), timeout=30)
    base = len(bot.slack.bot_messages("amy"))
    bot.sf.set_fault("slow", delay=2.0)
    try:
        notice, answer = h.say("amy", "show my cases", count=2)
    finally:
        bot.sf.clear_faults()
    assert notice["text"] == wording.still_working().text
    assert notice["metadata"]["event_type"] == INTERIM_EVENT_TYPE
    assert answer["metadata"]["event_type"] == REPLY_EVENT_TYPE and "still on it" not in answer["text"]
    time.sleep(0.5)
    assert len(bot.slack.bot_messages("amy")) == base + 2  # the notice, the answer: nothing more


@pytest.mark.bot_settings(SLOW_REPLY_NOTICE_SECONDS=5)
def test_a_quick_answer_gets_no_notice(bot, h):
    h.say("amy", "show my cases")
    [answer] = h.say("amy", "show my cases")
    assert "still on it" not in answer["text"]
    time.sleep(0.3)
    assert all("still on it" not in m["text"] for m in bot.slack.bot_messages("amy"))


def _listeners(seconds: float) -> Listeners:
    listeners = object.__new__(Listeners)      # only the notice's timing is under test here
    listeners.slow_notice_seconds = seconds
    return listeners


def test_work_that_ends_before_the_delay_sends_nothing():
    sent: list[str] = []
    with _listeners(0.2)._slow_notice(lambda r: sent.append(r.text), "U1"):
        pass
    time.sleep(0.4)
    assert sent == []


def test_the_notice_is_never_sent_after_the_answer():
    """The delay passes just as the work ends: the end waits for the notice being sent, so the answer (sent
    after the block) comes second."""
    listeners = _listeners(0.05)
    order: list[str] = []
    started, release = threading.Event(), threading.Event()

    def interim(_r) -> None:
        started.set()
        release.wait(5)
        order.append("notice")

    def work_then_answer() -> None:
        with listeners._slow_notice(interim, "U1"):
            assert started.wait(5)
        order.append("answer")
    worker = threading.Thread(target=work_then_answer)
    worker.start()
    assert started.wait(5)
    time.sleep(0.1)
    assert order == []                          # the work is over, but its end waits for the notice
    release.set()
    worker.join(5)
    assert order == ["notice", "answer"]
