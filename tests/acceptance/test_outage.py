"""Salesforce outages during filing, commenting and closing: a clear message, the operation waits in the outbox,
and is delivered exactly once when Salesforce is back, with the user told."""
from __future__ import annotations

import pytest

from tests.acceptance.conftest import all_text, say

VPN = "My laptop won't connect to the VPN since this morning"


def _known(h, user: str = "amy") -> None:
    """The employee has used the bot before the outage (the Slack user -> Contact mapping is cached)."""
    say(h, user, "show my cases")


def _after_outage(bot, h, outbox, user: str = "amy") -> dict:
    """Salesforce is back: one flush delivers; the user hears about it once; a second flush does nothing."""
    bot.sf.clear_faults()
    n = len(bot.slack.bot_messages(user))
    report = outbox.flush()
    assert (report.delivered, report.failed, report.retry_later) == (1, 0, 0), report
    [told] = bot.slack.wait_for_bot_messages(user, n + 1)[n:]
    again = outbox.flush()
    assert again.claimed == 0 and len(bot.slack.bot_messages(user)) == n + 1
    assert [e.status for e in outbox.entries()] == ["delivered"]
    return told


@pytest.mark.parametrize("fault", ["unavailable", "limit"])
def test_filing_during_an_outage_is_queued_and_filed_exactly_once(bot, h, outbox, fault):
    _known(h)
    bot.sf.set_fault(fault)
    reply = say(h, "amy", VPN)
    words = all_text(reply)
    assert "queued" in words and "Salesforce" in words, words
    assert outbox.flush().retry_later == 1                           # still down: kept, nothing filed
    assert bot.sf.fault is not None
    bot.sf.clear_faults()
    assert h.open_cases("amy") == []
    told = _after_outage(bot, h, outbox)
    [case] = h.open_cases("amy")
    assert case.subject == VPN
    assert case.case_number in all_text(told) and "filed" in all_text(told)


def test_a_slack_retry_during_the_outage_still_yields_one_case(bot, h, outbox):
    _known(h)
    bot.sf.set_fault("unavailable")
    n = len(bot.slack.bot_messages("amy"))
    first = bot.slack.send_dm("amy", VPN)
    bot.slack.wait_for_bot_messages("amy", n + 1)
    for retry in (1, 2):                                             # Slack saw no 200 in time: it retries
        assert bot.slack.redeliver(first, retry_num=retry).status == 200
    # the same message under another event id (Slack does that too): the same message, handled once
    assert bot.slack.deliver_event(first.payload["event"]).status == 200
    entries = outbox.entries()
    assert len(entries) == 1 and entries[0].op == "file_case", entries
    _after_outage(bot, h, outbox)
    assert len(h.open_cases("amy")) == 1
    assert len(bot.slack.bot_messages("amy")) == n + 2               # "queued", then "filed": nothing more


def test_a_comment_during_an_outage_is_added_exactly_once(bot, h, outbox):
    case = h.file_case("amy", "Printer on floor 3 jams")
    _known(h)
    bot.sf.set_fault("limit")
    reply = say(h, "amy", f"add a comment to {case.case_number}: it jams on A3 paper too")
    assert "queued" in all_text(reply)
    bot.sf.clear_faults()
    assert h.comments(case.id) == []
    told = _after_outage(bot, h, outbox)
    assert h.comments(case.id) == ["it jams on A3 paper too"]
    assert case.case_number in all_text(told)


def test_closing_during_an_outage_is_queued_and_closes_once(bot, h, outbox):
    case = h.file_case("amy", "Printer on floor 3 jams")
    _known(h)
    bot.sf.set_fault("unavailable")
    reply = say(h, "amy", f"please close case {case.case_number}")
    assert "queued" in all_text(reply)
    bot.sf.clear_faults()
    assert not h.case("amy", case.id).is_closed
    told = _after_outage(bot, h, outbox)
    assert h.case("amy", case.id).status == "Closed - By User"
    assert "closed" in all_text(told).lower() and case.case_number in all_text(told)


def test_closing_someone_elses_case_during_an_outage_is_refused_like_not_found_afterwards(bot, h, outbox):
    bens = h.file_case("ben", "Ben's payroll discrepancy for March")
    _known(h)
    bot.sf.set_fault("unavailable")
    say(h, "amy", f"please close case {bens.case_number}")
    bot.sf.clear_faults()
    n = len(bot.slack.bot_messages("amy"))
    report = outbox.flush()
    assert report.failed == 1 and report.delivered == 0
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert "couldn't find" in all_text(told) and "payroll" not in all_text(told).lower()
    assert not h.case("ben", bens.id).is_closed


def _open_modal(bot, h, user: str, action_id: str, case) -> dict:
    [card] = h.say(user, f"what is the status of {case.case_number}")
    bot.slack.wait_for(lambda: bot.slack.home(user))                  # the Home refresh is done, too
    assert bot.slack.click(user, action_id, case.id, message=card).status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views(user))
    return view


def test_details_submitted_in_the_modal_during_an_outage_are_queued_and_added_once(bot, h, outbox):
    from slackui import ids
    case = h.file_case("amy", "Printer on floor 3 jams", description="Since Monday")
    view = _open_modal(bot, h, "amy", ids.ADD_DETAILS, case)
    bot.sf.set_fault("unavailable")
    n = len(bot.slack.bot_messages("amy"))
    assert bot.slack.submit_view("amy", view["id"], {ids.INPUT_DESCRIPTION: "Model HP M404"}).status == 200
    [reply] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert "queued" in all_text(reply), all_text(reply)
    bot.sf.clear_faults()
    _after_outage(bot, h, outbox)
    assert h.case("amy", case.id).description == "Since Monday\n\nModel HP M404"


def test_a_comment_submitted_in_the_modal_during_an_outage_is_queued_and_added_once(bot, h, outbox):
    from slackui import ids
    case = h.file_case("amy", "Printer on floor 3 jams")
    view = _open_modal(bot, h, "amy", ids.ADD_COMMENT, case)
    bot.sf.set_fault("unavailable")
    n = len(bot.slack.bot_messages("amy"))
    assert bot.slack.submit_view("amy", view["id"], {ids.INPUT_COMMENT: "It jams on A3 paper too"}).status == 200
    [reply] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert "queued" in all_text(reply), all_text(reply)
    bot.sf.clear_faults()
    _after_outage(bot, h, outbox)
    assert h.comments(case.id) == ["It jams on A3 paper too"]


def test_a_comment_whose_case_is_picked_during_an_outage_is_queued_and_added_once(bot, h, outbox):
    import json

    from slackui import ids
    first = h.file_case("amy", "Monitor flickers on and off")
    h.file_case("amy", "Docking station not detected")
    [prompt] = h.say("amy", "add a comment: it also happens after lunch")
    bot.slack.wait_for(lambda: bot.slack.home("amy"))
    value = next(el["value"] for b in prompt["blocks"] if b.get("type") == "actions" for el in b["elements"]
                 if ids.any_of(ids.PICK_CASE).match(el["action_id"]) and json.loads(el["value"])["case_id"] == first.id)
    bot.sf.set_fault("unavailable")
    [reply] = h.click("amy", ids.PICK_CASE, value, message=prompt)
    assert "queued" in all_text(reply), all_text(reply)
    bot.sf.clear_faults()
    _after_outage(bot, h, outbox)
    assert h.comments(first.id) == ["it also happens after lunch"]


@pytest.mark.parametrize("fault, words", [("unavailable", "can't reach Salesforce"), ("limit", "API limit")])
def test_a_read_during_an_outage_says_so_clearly_and_queues_nothing(bot, h, outbox, fault, words):
    h.file_case("amy", "Printer on floor 3 jams")
    _known(h)
    bot.sf.set_fault(fault)
    reply = say(h, "amy", "show my cases")
    bot.sf.clear_faults()
    assert words in all_text(reply) and "try again" in all_text(reply).lower(), all_text(reply)
    assert outbox.entries() == []


def test_the_after_outage_message_echoes_the_subject_without_pings(bot, h, outbox):
    from tests.acceptance.test_injection import PINGS
    text = "My printer is broken <!channel> <@U0BEN> <!here> please help"
    _known(h)
    bot.sf.set_fault("unavailable")
    say(h, "amy", text)
    told = _after_outage(bot, h, outbox)
    [case] = h.open_cases("amy")
    assert case.subject == "My printer is broken" and h.case("amy", case.id).description == text
    assert not PINGS.search(all_text(told)), all_text(told)


def test_filing_when_the_session_expired_during_the_outage_is_still_queued(bot, h, outbox):
    """The access token expires while Salesforce is down: signing in again fails with 503 too. That is an
    outage, not a configuration error: the case is queued, not refused."""
    _known(h)
    bot.sf.expire_tokens()
    bot.sf.set_fault("unavailable")
    reply = say(h, "amy", VPN)
    assert "queued" in all_text(reply), all_text(reply)
    assert "administrator" not in all_text(reply)
    bot.sf.clear_faults()
    _after_outage(bot, h, outbox)
    assert [c.subject for c in h.open_cases("amy")] == [VPN]


def test_yes_add_it_to_that_case_during_an_outage_is_queued_and_added_once(bot, h, outbox):
    from slackui import ids
    existing = h.file_case("amy", "VPN drops every hour at home")
    [prompt] = h.say("amy", "my VPN keeps dropping every hour")
    assert "Is this about case" in all_text(prompt)
    bot.slack.wait_for(lambda: bot.slack.home("amy"))
    bot.sf.set_fault("unavailable")
    [reply] = h.click("amy", ids.DUPLICATE_ADD_COMMENT, message=prompt)
    assert "queued" in all_text(reply), all_text(reply)
    bot.sf.clear_faults()
    _after_outage(bot, h, outbox)
    assert h.comments(existing.id) == ["my VPN keeps dropping every hour"]
    assert len(h.open_cases("amy")) == 1


def test_a_case_queued_during_an_outage_is_filed_as_soon_as_salesforce_answers_again(bot, h, outbox):
    """Each failed delivery doubles the wait (30 s, 60 s, ...): after a long outage that could leave a queued
    case waiting minutes after Salesforce is back. Once any call is answered again, it is due at once."""
    _known(h)
    bot.sf.set_fault("unavailable")
    say(h, "amy", VPN)
    for _ in range(3):                              # three failed deliveries: the next one 2 minutes away
        assert outbox.flush().retry_later == 1
        outbox.make_due()
    assert outbox.flusher.run_once().retry_later == 1
    bot.sf.clear_faults()
    assert outbox.flusher.run_once().claimed == 0   # backing off: Salesforce has not answered yet
    say(h, "amy", "show my cases")                  # it answers again (any call of this process)
    assert outbox.flusher.run_once().delivered == 1  # no make_due: due at once
    assert [c.subject for c in h.open_cases("amy")] == [VPN]
