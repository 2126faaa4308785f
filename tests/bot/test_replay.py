"""A signed interactive request sent again (a replay within the five minutes its signature holds, or a proxy
resending it): acted on once. Slack never retries interactivity, so the second is dropped before any write."""
from __future__ import annotations

import time

from slackui import ids


def _replay(bot, delivery) -> None:
    r = bot.slack.post_raw(delivery.body, content_type=delivery.content_type)   # the same body, signed again
    assert r.status_code == 200


def test_a_replayed_comment_submission_adds_the_comment_once(bot, h):
    case = h.file_case("amy", "Docking station not detected")
    [status] = h.say("amy", f"what is the status of {case.case_number}")
    before = len(bot.slack.bot_messages("amy"))
    bot.slack.click("amy", ids.ADD_COMMENT, message=status)
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))
    sent = bot.slack.submit_view("amy", view["id"], {ids.INPUT_COMMENT: "Rebooting didn't help"})
    assert sent.status == 200
    bot.slack.wait_for(lambda: h.comments(case.id) == ["Rebooting didn't help"])
    replies = len(bot.slack.wait_for_bot_messages("amy", before + 1))
    _replay(bot, sent)
    time.sleep(1.0)     # a second comment, if written, would be there by now
    assert h.comments(case.id) == ["Rebooting didn't help"]
    assert len(bot.slack.bot_messages("amy")) == replies


def test_a_replayed_close_click_closes_once(bot, h):
    [card] = h.say("amy", "My laptop won't connect to the VPN since this morning")
    [case] = h.open_cases("amy")
    before = len(bot.slack.bot_messages("amy"))
    click = bot.slack.click("amy", ids.CLOSE_CASE, message=card)
    bot.slack.wait_for_bot_messages("amy", before + 1)
    assert h.case("amy", case.id).is_closed
    writes = [c for c in bot.slack.calls if c.method == "chat.postMessage"]
    _replay(bot, click)
    time.sleep(1.0)
    assert len(bot.slack.bot_messages("amy")) == before + 1          # no "already closed", no second close
    assert [c for c in bot.slack.calls if c.method == "chat.postMessage"] == writes
