"""An employee whose very first message comes during an outage: the Contact is not known yet, so the bot can
queue the operation with the employee's email; the flusher finds the Contact when Salesforce is back."""
from __future__ import annotations

from tests.acceptance.conftest import all_text, salesforce_snapshot
from store.payloads import FileCasePayload, OutboxOp

VPN = "My laptop won't connect to the VPN since this morning"


def _queue(bot, user: str) -> int:
    u = bot.slack.user(user)
    return bot.store.enqueue_outbox(OutboxOp.FILE_CASE, u.id, FileCasePayload(
        contact_id=None, email=u.email, slack_user_id=u.id, text=VPN, case_type="Incident"), f"msg:first:{user}")


def test_a_case_queued_by_email_is_filed_for_the_employees_contact(bot, h, outbox):
    _queue(bot, "amy")
    n = len(bot.slack.bot_messages("amy"))
    report = outbox.flush()
    assert (report.delivered, report.failed) == (1, 0), report
    [case] = h.open_cases("amy")
    assert case.subject == VPN
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert case.case_number in all_text(told)
    assert outbox.flush().claimed == 0


def test_a_case_queued_for_someone_unknown_to_salesforce_is_refused_with_whom_to_contact(bot, h, outbox):
    before = salesforce_snapshot(bot)
    _queue(bot, "erin")
    report = outbox.flush()
    assert (report.delivered, report.failed) == (0, 1), report
    [told] = bot.slack.wait_for_bot_messages("erin", 1)
    assert "erin@example.com" in all_text(told) and bot.settings.org.support_contact in all_text(told)
    assert salesforce_snapshot(bot) == before
    assert outbox.flush().claimed == 0


def test_a_first_message_during_an_outage_is_queued_and_filed_once(bot, h, outbox):
    bot.sf.set_fault("unavailable")
    n = len(bot.slack.bot_messages("amy"))
    bot.slack.send_dm("amy", VPN)                                      # Amy has never used the bot before
    [reply] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    bot.sf.clear_faults()
    assert "queued" in all_text(reply), all_text(reply)
    n = len(bot.slack.bot_messages("amy"))
    assert outbox.flush().delivered == 1
    [case] = h.open_cases("amy")
    assert case.subject == VPN
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert case.case_number in all_text(told)
