"""Conversation classes found failing in blind sets 107-110 (first run 109/120), asserted through the bot with other
wordings: a fault said to be back, sharing one word with an open case, asks "Is this about case N?"; an error quoted
with a number in it, after "What isn't working?", is filed, not read as a case; what was done since a security case,
right after it, is added to it."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_fault_back_again_sharing_one_word_with_an_open_case_asks_about_it(bot, h):
    case = h.file_case("amy", "Route planner slow to draw the depot map")
    [reply] = h.say("amy", "RPX depot map crawling again, a minute to redraw the lanes whenever I pan")
    assert f"Is this about case {case.case_number}" in all_text(reply) and len(h.open_cases("amy")) == 1


def test_an_error_quoted_with_a_number_after_the_vague_question_is_filed(bot, h):
    h.say("amy", "argh it's broken again")
    h.say("amy", "the supplier portal. the invoices page just says 'HTTP 404 - page not found' since this morning")
    [case] = h.open_cases("amy")
    assert "portal" in case.subject.lower()


def test_what_was_done_since_a_security_case_is_added_to_it(bot, h):
    h.say("amy", "I clicked a link in an email about my payslip and typed in my Okta password, then realised the site "
                 "was fake")
    [case] = h.open_cases("amy")
    h.say("amy", "just changed my Okta password from the laptop and logged out of all sessions")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1
