"""Notification cards, end to end: the poller posts through the Slack stand-in, the real bot answers the
clicks. Buttons on an old card still work, or say plainly what happened since; Mute stops the DMs."""
from __future__ import annotations

from slack_sdk import WebClient

from slackui import ids
from notifications import Poller
from tests.bot.conftest import Helpers, all_text, buttons
from tests.notifications.world import talk_ignored


def _poller(bot) -> Poller:
    client = WebClient(token=bot.settings.slack_bot_token, base_url=bot.slack.api_url)
    return Poller(store=bot.store, desk=bot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                  org=talk_ignored(bot.desk.org))


def _notifications(bot, user: str) -> list[dict]:
    return [m for m in bot.slack.bot_messages(user)
            if (m.get("metadata") or {}).get("event_type") == "concierge_notification"]


def test_old_card_buttons_say_what_happened_and_mute_stops_notifications(bot, sf_agent):
    h = Helpers(bot)
    [filed] = h.say("amy", "The projector in room 4 shows no picture")
    [case] = [c for c in h.open_cases("amy") if "projector" in c.subject]
    assert bot.store.get_tracked(case.id) is not None            # the bot tracks what it filed
    poller = _poller(bot)
    poller.run_once()                                              # feed starts "from now"

    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Is the HDMI cable plugged in?",
                                 "IsPublished": True})
    assert poller.run_once().sent == 1
    [comment_card] = _notifications(bot, "amy")
    assert ids.MUTE_CASE in buttons(comment_card)

    sf_agent.Case.update(case.id, {"Status": "Resolved"})
    assert poller.run_once().sent == 1
    resolved_card = _notifications(bot, "amy")[-1]
    assert {ids.REOPEN_CASE, ids.LOOKS_GOOD} <= set(buttons(resolved_card))

    # The employee reopens from the card; the same old card clicked again says plainly what is true now.
    [reopened] = h.click("amy", ids.REOPEN_CASE, message=resolved_card)
    assert h.case("amy", case.id).status == "Reopened"
    [again] = h.click("amy", ids.REOPEN_CASE, message=resolved_card)
    assert "still open" in all_text(again) and case.case_number in all_text(again)
    assert h.case("amy", case.id).status == "Reopened"            # nothing changed by the stale click

    # The agent closes it again before the poller looked: the employee still hears of it (their own reopen
    # is no news, the agent's close is); the original filing card's Close button answers "already closed".
    sf_agent.Case.update(case.id, {"Status": "Closed"})
    assert poller.run_once().sent == 1
    assert "closed" in _notifications(bot, "amy")[-1]["text"]
    [stale_close] = h.click("amy", ids.CLOSE_CASE, message=filed)
    assert "already closed" in all_text(stale_close)

    # Mute from the oldest card (the first comment's): later agent activity is not DMed.
    before = len(bot.slack.bot_messages("amy"))
    bot.slack.click("amy", ids.MUTE_CASE, message=comment_card)
    bot.slack.wait_for_bot_messages("amy", before + 1)
    assert bot.store.is_muted(case.id)
    sf_agent.Case.update(case.id, {"Status": "Reopened"})
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "One more thing", "IsPublished": True})
    count = len(_notifications(bot, "amy"))
    report = poller.run_once()
    assert report.sent == 0 and len(_notifications(bot, "amy")) == count
