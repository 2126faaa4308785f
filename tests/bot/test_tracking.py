"""What the bot tells the store about cases, seen from the poller: the user's own close/reopen through the bot
is not news, and an agent's change right after it still is."""
from __future__ import annotations

from slack_sdk import WebClient

from slackui import ids
from notifications import Poller
from tests.bot.conftest import all_text
from tests.notifications.world import talk_ignored


def _poller(bot) -> Poller:
    client = WebClient(token=bot.settings.slack_bot_token, base_url=bot.slack.api_url)
    return Poller(store=bot.store, desk=bot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                  org=talk_ignored(bot.desk.org))


def _sent(poller: Poller, *, within: float = 5.0) -> int:
    """Notices sent by poll cycles until one sends something (or `within` seconds pass): a notice waits while the
    person's last message is still being worked on (the intake marks it done just after the reply is posted), so
    the first cycle after a reply may find them still "talking" (docs/notifications.md)."""
    import time
    deadline = time.monotonic() + within
    while True:
        report = poller.run_once()
        if report.sent or not report.waiting or time.monotonic() > deadline:
            return report.sent
        time.sleep(0.05)


def _notifications(bot, user: str) -> list[dict]:
    return [m for m in bot.slack.bot_messages(user)
            if (m.get("metadata") or {}).get("event_type") == "concierge_notification"]


def test_agent_closing_a_case_the_user_just_reopened_is_notified(bot, h, sf_agent):
    h.say("amy", "The projector in room 4 shows no picture")
    [case] = h.open_cases("amy")
    poller = _poller(bot)
    poller.run_once()
    h.click("amy", ids.CLOSE_CASE, case.id)                   # the user closes it through the bot...
    assert poller.run_once().sent == 0                         # ...which is no news to them
    h.say("amy", f"reopen {case.case_number}")
    sf_agent.Case.update(case.id, {"Status": "Closed"})        # the agent closes it again before the next poll
    assert _sent(poller) == 1
    assert case.case_number in all_text(_notifications(bot, "amy")[-1])


def test_a_notification_puts_its_case_in_focus(bot, h, sf_agent):
    monitor = h.file_case("amy", "Monitor flickers")
    h.say("amy", "The projector in room 4 shows no picture")
    projector = next(c for c in h.open_cases("amy") if c.id != monitor.id)
    h.say("amy", f"status of {monitor.case_number}")          # the focus is on the monitor case...
    poller = _poller(bot)
    poller.run_once()
    sf_agent.Case.update(projector.id, {"Status": "Resolved"})  # ...then the agent resolves the projector one
    assert _sent(poller) == 1
    [question] = h.say("amy", "thanks, that fixed it, you can close it")
    assert projector.case_number in all_text(question) and monitor.case_number not in all_text(question)
