"""Refusals people must understand: a Salesforce validation rule, and an employee Salesforce does not know."""
from __future__ import annotations

from slackui import ids
from sandbox.salesforce.seed import PROBLEM_RULE_MESSAGE
from tests.acceptance.conftest import all_text, salesforce_snapshot, say

TECHNICAL = ("FIELD_CUSTOM_VALIDATION_EXCEPTION", "errorCode", "Exception", "[]", "SELECT")


def _plain_reason(text: str) -> None:
    assert PROBLEM_RULE_MESSAGE in text, text                 # Salesforce's own words
    for word in TECHNICAL:
        assert word not in text, text


def test_a_validation_rule_refusal_by_dm_is_shown_in_plain_words_and_the_case_stays_open(bot, h):
    case = h.file_case("amy", "Server room is too hot", case_type="Problem")
    reply = say(h, "amy", f"please close case {case.case_number}")
    _plain_reason(all_text(reply))
    after = h.case("amy", case.id)
    assert not after.is_closed and after.status == "New"


def test_a_validation_rule_refusal_on_the_close_button_is_shown_and_the_case_stays_open(bot, h):
    case = h.file_case("amy", "Server room is too hot", case_type="Problem")
    [card] = h.say("amy", f"what is the status of {case.case_number}")
    [reply] = h.click("amy", ids.CLOSE_CASE, case.id, message=card)
    _plain_reason(all_text(reply))
    assert not h.case("amy", case.id).is_closed


def test_a_queued_close_refused_by_a_validation_rule_tells_the_user_why(bot, h, outbox):
    case = h.file_case("amy", "Server room is too hot", case_type="Problem")
    say(h, "amy", "show my cases")
    bot.sf.set_fault("unavailable")
    assert "queued" in all_text(say(h, "amy", f"please close case {case.case_number}"))
    bot.sf.clear_faults()
    n = len(bot.slack.bot_messages("amy"))
    report = outbox.flush()
    assert (report.failed, report.delivered) == (1, 0)
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    _plain_reason(all_text(told))
    assert case.case_number in all_text(told)
    assert not h.case("amy", case.id).is_closed
    assert outbox.flush().claimed == 0                           # final: not retried


def test_an_employee_without_a_salesforce_contact_is_told_whom_to_contact_and_nothing_is_filed(bot, h, outbox):
    before = salesforce_snapshot(bot)
    for text in ("My laptop won't connect to the VPN since this morning", "show my cases",
                 "please close case 00001001"):
        words = all_text(say(h, "erin", text))
        assert "erin@example.com" in words and bot.settings.org.support_contact in words, words
        assert "Salesforce" in words
    delivery = bot.slack.slash("erin", "/case", "list")
    assert delivery.status == 200
    eph = bot.slack.wait_for(lambda: [m for m in bot.slack.messages("erin") if m.get("is_ephemeral")])
    assert bot.settings.org.support_contact in all_text(eph[-1])
    assert salesforce_snapshot(bot) == before and outbox.entries() == []
