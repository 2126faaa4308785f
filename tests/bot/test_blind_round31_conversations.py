"""Conversation classes found failing in blind sets 91-94 (first run 109/120), asserted through the bot with other
wordings: right after filing, more urgency for what was reported ("it's getting worse, ...", "... and need it working")
is added to that case; "ok fair. and mine?" shows one's own case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_it_getting_worse_right_after_filing_is_added_to_that_case(bot, h):
    h.say("amy", "the despatch PC keeps freezing when I print the delivery notes")
    [case] = h.open_cases("amy")
    h.say("amy", "its getting worse, there are 4 vans sat waiting to load now")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_needed_working_by_a_time_today_right_after_filing_is_added_to_that_case(bot, h):
    h.say("amy", "The projector in the training room won't pick up my laptop over HDMI")
    [case] = h.open_cases("amy")
    h.say("amy", "just been told the board are in there at 1500 today and need it working")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_ok_fair_and_mine_shows_ones_own_case(bot, h):
    case = h.file_case("amy", "Encrypted USB stick not recognised")
    h.say("amy", "what's happening with Raj's monitor ticket? he's off sick")
    [reply] = h.say("amy", "ok fair. and mine?")
    assert case.case_number in all_text(reply)
