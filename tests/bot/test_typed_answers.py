"""Answering the bot's questions by typing instead of clicking: "the dashboard one", "the second one",
"1006", "yes", "no"."""
from __future__ import annotations

import json

from slackui import ids
from tests.bot.conftest import all_text, buttons


def _pick_ids(message: dict) -> list[str]:
    return [json.loads(el["value"])["case_id"] for b in message["blocks"] if b["type"] == "actions"
            for el in b["elements"] if ids.any_of(ids.PICK_CASE).match(el["action_id"])]


def test_which_case_answered_with_words_acts_on_that_case(bot, h):
    """"Which case should I close?" answered with words: the person chose among the cases listed, so it closes (no
    second question); the other case stays open."""
    battery = h.file_case("amy", "Laptop battery drains fast")
    dashboard = h.file_case("amy", "Access to the analytics dashboard")
    [question] = h.say("amy", "please close a case")
    assert sorted(_pick_ids(question)) == sorted([battery.id, dashboard.id])
    [done] = h.say("amy", "the dashboard one")
    assert not h.case("amy", dashboard.id).is_open and h.case("amy", battery.id).is_open
    assert dashboard.case_number in all_text(done)


def test_which_case_answered_by_number_acts(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    dashboard = h.file_case("amy", "Access to the analytics dashboard")
    h.say("amy", "please close a case")
    h.say("amy", dashboard.case_number.lstrip("0"))
    assert not h.case("amy", dashboard.id).is_open


def test_ordinal_answer_acts_on_the_case_listed_there(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    h.file_case("amy", "Access to the analytics dashboard")
    [question] = h.say("amy", "please close a case")
    first, second = _pick_ids(question)[:2]
    h.say("amy", "the second one")
    assert not h.case("amy", second).is_open and h.case("amy", first).is_open


def test_no_to_a_single_yes_no_closes_nothing(bot, h):
    case = h.file_case("amy", "Laptop battery drains fast")
    [confirm] = h.say("amy", "close the battery case")
    assert _pick_ids(confirm) == [case.id]
    [answer] = h.say("amy", "no")
    assert "won't close" in all_text(answer) and h.case("amy", case.id).is_open


def test_yes_to_is_this_about_adds_the_comment(bot, h):
    h.say("amy", "Outlook crashes when I open the calendar")
    [case] = h.open_cases("amy")
    [question] = h.say("amy", "it's also frozen now and I can't send mail")
    assert ids.DUPLICATE_ADD_COMMENT in buttons(question)
    h.say("amy", "yes")
    assert h.comments(case.id) == ["it's also frozen now and I can't send mail"]
    assert len(h.open_cases("amy")) == 1


def test_a_recurring_problem_is_not_taken_for_a_follow_up(bot, h):
    h.say("amy", "I need a new monitor, mine is broken")
    [reply] = h.say("amy", "Outlook keeps asking for my password again")
    assert ids.DUPLICATE_ADD_COMMENT not in buttons(reply)
    assert len(h.open_cases("amy")) == 2


def test_a_new_problem_while_a_question_is_open_is_not_taken_as_an_answer(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    h.file_case("amy", "Access to the analytics dashboard")
    h.say("amy", "please close a case")
    [reply] = h.say("amy", "The printer on floor 3 is jammed")
    assert "filed case" in all_text(reply)
    assert len(h.open_cases("amy")) == 3


def _comment_question(h):
    printer = h.file_case("amy", "Printer on floor 3 jams")
    laptop = h.file_case("amy", "Laptop fan is loud")
    [question] = h.say("amy", "add a comment: the whole accounts team is blocked since this morning")
    assert "Which case" in all_text(question) and sorted(_pick_ids(question)) == sorted([printer.id, laptop.id])
    return printer, laptop, question


def test_which_case_for_a_comment_has_a_way_out_that_files_it(bot, h):
    printer, laptop, question = _comment_question(h)
    way_out = next(el for b in question["blocks"] if b["type"] == "actions" for el in b["elements"]
                   if el["text"]["text"] == "None of these: file it as a new case")
    [filed] = h.click("amy", way_out["action_id"], way_out["value"], message=question)
    assert "filed" in all_text(filed).casefold() and len(h.open_cases("amy")) == 3
    assert not h.comments(printer.id) and not h.comments(laptop.id)


def test_which_case_for_a_comment_is_answered_by_typing(bot, h):
    printer, laptop, _ = _comment_question(h)
    h.say("amy", "the printer one")
    assert h.comments(printer.id) == ["the whole accounts team is blocked since this morning"]
    assert not h.comments(laptop.id) and len(h.open_cases("amy")) == 2


def test_which_case_for_a_comment_typed_none_of_these_files_it(bot, h):
    printer, laptop, _ = _comment_question(h)
    h.say("amy", "none of these, it's a new problem")
    assert len(h.open_cases("amy")) == 3 and not h.comments(printer.id) and not h.comments(laptop.id)


def test_asking_for_a_ticket_without_saying_what_asks_whats_the_problem(bot, h):
    [reply] = h.say("amy", "I need to open a ticket")
    assert "What's the problem" in all_text(reply) and h.open_cases("amy") == []
    h.say("amy", "the label printer in shipping prints blank labels")
    [case] = h.open_cases("amy")
    assert "printer" in case.subject.casefold()
