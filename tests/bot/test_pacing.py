"""Replies paced per channel (slackui/pace.py): Slack allows chat.postMessage "1 per second, short bursts >1
allowed" per channel (https://api.slack.com/docs/rate-limits) and answers 429 with Retry-After past it. Over
HTTP against the real bot, with the stand-in enforcing that limit (`strict_rate_limits`)."""
from __future__ import annotations

import time

import pytest

from slackui.pace import Pacer


def _rate_limited(slack) -> list:
    return [c for c in slack.calls_to("chat.postMessage") if c.response.get("error") == "ratelimited"]


def test_a_burst_in_one_dm_is_paced_within_slacks_limit(bot):
    bot.slack.strict_rate_limits(per_second=1.0, burst=4)
    for _ in range(6):
        assert bot.slack.send_dm("amy", "help").status == 200
    replies = bot.slack.wait_for_bot_messages("amy", 6, timeout=20)
    assert len(replies) == 6
    assert _rate_limited(bot.slack) == []          # never past the limit: no 429 from Slack


@pytest.mark.bot_settings(LISTENER_THREADS=4)
def test_one_persons_burst_does_not_slow_anyone_else(bot):
    bot.slack.strict_rate_limits(per_second=1.0, burst=4)
    for _ in range(10):
        bot.slack.send_dm("amy", "help")
    started = time.monotonic()
    bot.slack.send_dm("ben", "help")
    bot.slack.wait_for_bot_messages("ben", 1, timeout=20)
    assert time.monotonic() - started < 2.5        # amy's replies wait for her DM's slots; ben's does not
    assert len(bot.slack.wait_for_bot_messages("amy", 10, timeout=30)) == 10


def test_a_429_is_waited_out_and_every_reply_arrives_once(bot):
    # stricter than the pacer's burst, and slow enough (one message per 2.5 s) that replies made while the machine is
    # busy still come closer together than Slack allows: Slack says wait
    bot.slack.strict_rate_limits(per_second=0.4, burst=1)
    for _ in range(3):
        bot.slack.send_dm("amy", "help")
    replies = bot.slack.wait_for_bot_messages("amy", 3, timeout=30)
    time.sleep(0.5)
    assert len(bot.slack.bot_messages("amy")) == len(replies) == 3
    assert _rate_limited(bot.slack)                # Slack did refuse some, and they were sent again after


def test_the_pacer_bursts_then_spaces_holds_and_stays_bounded():
    now = [100.0]
    pacer = Pacer(per_second=1.0, burst=3, max_channels=5, clock=lambda: now[0], sleep=lambda s: None)
    assert [pacer.reserve("D1") for _ in range(5)] == [0, 0, 0, 1.0, 2.0]
    assert pacer.reserve("D2") == 0                                     # another channel never waits for D1
    now[0] += 10
    assert pacer.reserve("D1") == 0                                     # the burst is back after a pause
    pacer.hold("D3", 7)                                                 # a 429's Retry-After
    assert pacer.reserve("D3") == pytest.approx(7)
    for i in range(100):
        pacer.reserve(f"C{i}")
    assert len(pacer) <= 5
