"""Conversation classes found failing in blind sets 103-106 (first run 109/120), asserted through the bot with other
wordings: a vague fault said to someone ("mate") is asked about, not filed; "can that old ticket be reopened?" with the
fault back offers to reopen the closed case; news offered for the engineer right after a case was shown is added to it;
"never mind, I'll just ..." right after a request offers to close it."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_vague_fault_said_to_someone_is_asked_about(bot, h):
    [reply] = h.say("amy", "lads it's gone wrong again")
    assert "what" in all_text(reply).lower() and not h.open_cases("amy")


def test_asking_for_the_old_ticket_to_be_reopened_offers_to_reopen_it(bot, h):
    case = h.file_case("amy", "Pharmacy fridge logger not uploading temperatures")
    bot.desk.close_case(h.contact_id("amy"), case.id)
    [asked] = h.say("amy", "the pharmacy fridge logger has stopped uploading temperatures again. could the old ticket "
                           "be reopened please?")
    assert f"Reopen case {case.case_number}" in all_text(asked) and not h.open_cases("amy")


def test_news_for_the_engineer_after_a_case_is_shown_is_added_to_it(bot, h):
    case = h.file_case("amy", "Pump station telemetry dropping out at Ashby")
    h.say("amy", "what's happening with the ashby telemetry one?")
    h.say("amy", "cheers. in case it's useful, the Ashby telemetry came back at 6am for an hour then went again")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_never_mind_for_another_way_right_after_a_request_offers_to_close(bot, h):
    h.say("amy", "can I get Tableau Desktop installed on my laptop?")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "actually nvm, I'll just use the web version")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)
