"""Payloads in Slack's own shapes (tests/bot/payloads/slack_events.json, each with its source) delivered over
HTTP to the real app: Slackbot and other automated senders are never answered, `/me` is answered as a message,
a forwarded message is read with the text it forwards, and `app_rate_limited` is recorded, not refused."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

PAYLOADS = json.loads((Path(__file__).parent / "payloads" / "slack_events.json").read_text())


def payload(name: str, bot: Any, user: str = "amy") -> dict[str, Any]:
    """The named payload with the person's id, their DM channel and a fresh ts filled in."""
    text = json.dumps({k: v for k, v in PAYLOADS[name].items() if k != "_source"})
    u = bot.slack.user(user)
    ts = bot.slack.workspace.next_ts()
    return json.loads(text.replace("{USER}", u.id).replace("{CHANNEL}", bot.slack.dm_channel(user))
                      .replace("{TS}", ts))


def test_slackbot_and_automated_senders_are_never_answered(bot, h):
    for name in ("slackbot_in_dm", "slackbot_reminder_in_dm", "workflow_app_in_dm"):
        assert bot.slack.deliver_event(payload(name, bot)).status == 200
    [reply] = h.say("amy", "help")     # answered: the ones before had their chance to be (wrongly) answered
    time.sleep(0.3)
    assert len(bot.slack.bot_messages("amy")) == 1 and h.open_cases("amy") == []


def test_a_me_message_is_answered_like_any_message(bot, h):
    before = len(bot.slack.bot_messages("amy"))
    assert bot.slack.deliver_event(payload("me_message", bot)).status == 200
    [reply] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    assert "my cases" in reply["text"].lower() or "what i can do" in reply["text"].lower()


def _case_about_the_printer(h) -> Any:
    cases = h.bot.slack.wait_for(lambda: [c for c in h.open_cases("amy") if "printer" in c.subject.lower()] or None)
    return h.case("amy", cases[0].id)


def test_a_forwarded_message_without_a_comment_is_read_as_what_it_forwards(bot, h):
    assert bot.slack.deliver_event(payload("forwarded_without_comment", bot)).status == 200
    case = _case_about_the_printer(h)
    assert "blank pages" in case.description


def test_a_forwarded_message_with_a_comment_is_read_with_both(bot, h):
    assert bot.slack.deliver_event(payload("forwarded_with_comment", bot)).status == 200
    case = _case_about_the_printer(h)
    assert "still happening" in case.description and "blank pages" in case.description


def test_a_link_preview_is_not_read_as_the_persons_words(bot, h):
    before = len(bot.slack.bot_messages("amy"))
    assert bot.slack.deliver_event(payload("link_unfurl_only", bot)).status == 200
    bot.slack.wait_for_bot_messages("amy", before + 1)
    time.sleep(0.3)
    assert h.open_cases("amy") == []


def test_app_rate_limited_is_recorded_as_a_metric_and_a_warning(bot, caplog):
    caplog.set_level(logging.WARNING)
    body = json.dumps({k: v for k, v in PAYLOADS["app_rate_limited"].items() if k != "_source"})
    r = bot.slack.post_raw(body)
    assert r.status_code == 200
    assert bot.metrics.registry.get_sample_value("concierge_slack_events_rate_limited_total") == 1
    assert [rec for rec in caplog.records if "app_rate_limited" in rec.getMessage()
            and rec.levelno == logging.WARNING]
