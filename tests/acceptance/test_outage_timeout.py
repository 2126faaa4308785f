"""Salesforce slower than the client's timeout: the write may land after Concierge gave up on it. The user is
told Concierge is making sure it goes in once, and the outbox must not do it a second time: it looks for it
until it can no longer land, and makes it only if it never did."""
from __future__ import annotations

from typing import Any

import pytest

from tests.acceptance.conftest import all_text, say
from tests.bot.conftest import Helpers

READ_TIMEOUT = 0.4      # the bot's Salesforce read timeout in this module
SLOW = 1.2              # how long the emulator takes to answer while "slow"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    """The bot's CaseDesk, with a short read timeout (the `bot` fixture picks this `desk` up)."""
    return make_desk(timeout=(2.0, READ_TIMEOUT))


@pytest.fixture
def h(bot: Any, make_desk: Any) -> Helpers:
    """The test's own look-ups use a desk with an ordinary timeout: on a loaded machine a read of the test's
    may take longer than the bot's short one, and that must not fail the test."""
    return Helpers(bot, desk=make_desk())


def _slow_then_back(bot, h, outbox, text: str, user: str = "amy") -> dict:
    say(h, user, "show my cases")                                    # known before Salesforce slows down
    bot.sf.set_fault("slow", delay=SLOW)
    reply = say(h, user, text)
    bot.sf.clear_faults()
    assert "making sure" in all_text(reply), all_text(reply)
    return reply


def test_a_case_whose_filing_timed_out_but_landed_is_not_filed_twice(bot, h, outbox):
    text = "My laptop won't connect to the VPN since this morning"
    _slow_then_back(bot, h, outbox, text)
    bot.slack.wait_for(lambda: h.open_cases("amy"), timeout=SLOW + 5)   # the slow write lands after all
    n = len(bot.slack.bot_messages("amy"))
    report = outbox.flush()
    assert report.delivered == 1, report
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    cases = h.open_cases("amy")
    assert [c.subject for c in cases] == [text]                      # one case, not two
    assert cases[0].case_number in all_text(told)


def test_a_close_that_timed_out_but_landed_is_reported_as_closed(bot, h, outbox):
    case = h.file_case("amy", "Printer on floor 3 jams")
    _slow_then_back(bot, h, outbox, f"please close case {case.case_number}")
    bot.slack.wait_for(lambda: h.case("amy", case.id).is_closed, timeout=SLOW + 5)
    n = len(bot.slack.bot_messages("amy"))
    report = outbox.flush()
    assert report.failed == 0, report
    [told] = bot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert "I closed case" in all_text(told) and "couldn't" not in all_text(told), all_text(told)


def test_a_comment_that_timed_out_but_landed_is_not_added_twice(bot, h, outbox):
    case = h.file_case("amy", "Printer on floor 3 jams")
    _slow_then_back(bot, h, outbox, f"add a comment to {case.case_number}: it jams on A3 paper too")
    bot.slack.wait_for(lambda: h.comments(case.id), timeout=SLOW + 5)
    outbox.flush()
    assert h.comments(case.id) == ["it jams on A3 paper too"]


def test_a_read_slower_than_the_timeout_is_answered_promptly_with_a_clear_message(bot, h, outbox):
    import time
    say(h, "amy", "show my cases")
    bot.sf.set_fault("slow", delay=SLOW * 3)
    started = time.monotonic()
    reply = say(h, "amy", "show my cases")
    elapsed = time.monotonic() - started
    bot.sf.clear_faults()
    assert "can't reach Salesforce" in all_text(reply) and elapsed < SLOW * 3, (elapsed, all_text(reply))
    assert outbox.entries() == []


def test_a_write_in_doubt_that_never_landed_is_made_only_once_it_can_no_longer_land(bot, h, outbox):
    import time
    from datetime import timedelta
    text = "Second monitor flickers"
    emp = bot.runtime.concierge.deps.directory.employee(bot.slack.user("amy").id)
    from store.payloads import FileCasePayload, OutboxOp
    bot.store.enqueue_outbox(OutboxOp.FILE_CASE, emp.slack_user_id, FileCasePayload(emp.contact_id, text, subject=text),
                             "in-doubt:1", settle_until=bot.store.now() + timedelta(seconds=1.5))
    report = outbox.flush()                         # it may still land: looked for, not made
    assert (report.delivered, report.retry_later) == (0, 1), report
    assert h.open_cases("amy") == []
    time.sleep(1.6)
    report = outbox.flush()                         # it can no longer land and never did: made now, once
    assert report.delivered == 1, report
    assert [c.subject for c in h.open_cases("amy")] == [text]
