"""Conversation classes found failing in blind sets 95-98 (first run 108/120), asserted through the bot with other
wordings: data sent to the wrong people, read as a comment by someone with no case, is filed; "it seems fine now"
right after filing offers to close."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_data_sent_astray_read_as_a_comment_with_no_case_is_filed(bot, h):
    h.say("amy", "I've just sent the exam seating plan to all parents instead of the invigilators, it has pupils' "
                 "access arrangements on it, can it be pulled back?")
    [case] = h.open_cases("amy")
    assert case.priority == "2-High"


def test_it_seems_fine_now_right_after_filing_offers_to_close(bot, h):
    h.say("amy", "Sage keeps throwing 'connection to the company data was lost' when I post an invoice")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "rebooted and it seems fine now")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)
