"""While a question is open ("Is this about case X?", "Which case?"), a complete new request is handled as such:
only an answer answers it."""
from __future__ import annotations

from slackui import ids
from tests.bot.conftest import all_text, buttons

OUTLOOK = "Outlook crashes when I open the calendar"
FOLLOW_UP = "it's also frozen now and I can't send mail"


def _ask_is_this_about(h):  # noqa: ANN001, ANN202
    h.say("amy", OUTLOOK)
    [case] = h.open_cases("amy")
    [question] = h.say("amy", FOLLOW_UP)
    assert ids.DUPLICATE_ADD_COMMENT in buttons(question)
    return case


def test_a_status_question_for_the_case_asked_about_is_answered_not_taken_for_yes(bot, h):
    case = _ask_is_this_about(h)
    [reply] = h.say("amy", f"what's the status of case {case.case_number}")
    assert case.case_number in all_text(reply) and "Added" not in all_text(reply)
    assert h.comments(case.id) == []                   # the earlier text did not become a comment
    assert len(h.open_cases("amy")) == 1


def test_a_comment_for_a_named_case_adds_that_comment_not_the_earlier_text(bot, h):
    case = _ask_is_this_about(h)
    h.say("amy", f"add a comment to {case.case_number}: restarting did not help")
    assert h.comments(case.id) == ["restarting did not help"]
    h.say("amy", "yes")                                 # the question was left behind: no late "yes" answer
    assert h.comments(case.id) == ["restarting did not help"]


def test_show_my_cases_while_asked_which_case_lists_them(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    h.file_case("amy", "Access to the analytics dashboard")
    h.say("amy", "please close a case")
    [reply] = h.say("amy", "show my cases")
    assert "2 open cases" in all_text(reply)
    assert len(h.open_cases("amy")) == 2               # nothing closed


def test_a_bare_case_number_still_answers_which_case(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    dashboard = h.file_case("amy", "Access to the analytics dashboard")
    h.say("amy", "please close a case")
    h.say("amy", dashboard.case_number)
    assert not h.case("amy", dashboard.id).is_open
