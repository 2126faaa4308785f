"""Conversational focus: after talking about a case, "it" means that case (bot/focus.py)."""
from __future__ import annotations

import json

from slackui import ids
from tests.bot.conftest import all_text, buttons


def _value(message: dict, action_id: str) -> dict:
    return json.loads(buttons(message)[action_id])


def test_comment_without_a_case_goes_to_the_case_just_filed_and_says_which(bot, h):
    other = h.file_case("amy", "Laptop battery drains fast")
    h.say("amy", "my vpn keeps dropping every few minutes")
    vpn = next(c for c in h.open_cases("amy") if c.id != other.id)
    [reply] = h.say("amy", "add that it also happens on wifi")
    assert h.comments(vpn.id) == ["It also happens on wifi"]
    assert h.comments(other.id) == []
    assert vpn.case_number in all_text(reply) and "vpn keeps dropping" in all_text(reply)


def test_close_it_asks_yes_no_about_the_case_in_focus_then_closes(bot, h):
    other = h.file_case("amy", "Printer on floor 3 is jammed")
    [filed] = h.say("amy", "Outlook crashes when I open the calendar")
    outlook = h.case("amy", buttons(filed)[ids.CLOSE_CASE])
    [question] = h.say("amy", "nvm it works now, close it")
    assert outlook.case_number in all_text(question) and other.case_number not in all_text(question)
    assert _value(question, ids.PICK_CASE)["case_id"] == outlook.id
    assert set(buttons(question)) == {ids.PICK_CASE, ids.PICK_NONE}
    assert h.case("amy", outlook.id).is_open  # nothing happens before the yes
    [done] = h.click("amy", ids.PICK_CASE)
    assert not h.case("amy", outlook.id).is_open and h.case("amy", other.id).is_open
    assert "closed" in all_text(done).lower()


def test_not_that_one_lists_the_other_candidates(bot, h):
    first = h.file_case("amy", "Printer on floor 3 is jammed")
    second = h.file_case("amy", "Monitor flickers")
    h.say("amy", "Outlook crashes when I open the calendar")
    [question] = h.say("amy", "close it")
    assert [el["text"]["text"] for b in question["blocks"] if b["type"] == "actions"
            for el in b["elements"]][1] == "Not that one"
    [listing] = h.click("amy", ids.PICK_NONE)
    picks = [json.loads(el["value"])["case_id"] for b in listing["blocks"] if b["type"] == "actions"
             for el in b["elements"] if ids.any_of(ids.PICK_CASE).match(el["action_id"])]
    assert sorted(picks) == sorted([first.id, second.id])
    assert len(h.open_cases("amy")) == 3


def test_a_single_candidate_is_a_yes_no_question_not_a_one_item_list(bot, h):
    case = h.file_case("amy", "Outlook keeps asking for my password")
    bot.desk.close_case(h.contact_id("amy"), case.id)
    [question] = h.say("amy", "reopen it")
    labels = [el["text"]["text"] for b in question["blocks"] if b["type"] == "actions" for el in b["elements"]]
    assert labels == ["Reopen it", "No, leave it closed"]
    assert "Reopen case" in all_text(question) and case.case_number in all_text(question)
    [answer] = h.click("amy", ids.PICK_NONE)
    assert "won't reopen" in all_text(answer)
    assert not h.case("amy", case.id).is_open


def test_any_update_shows_the_case_in_focus(bot, h):
    h.file_case("amy", "Monitor flickers")
    printer = h.file_case("amy", "Printer on floor 3 is jammed")
    h.say("amy", f"status of {printer.case_number}")
    [reply] = h.say("amy", "any update?")
    assert buttons(reply)[ids.VIEW_CASE] == printer.id
    assert "Monitor flickers" not in all_text(reply)


def test_reopen_it_about_a_case_still_open_says_so(bot, h):
    h.say("amy", "my vpn keeps dropping every few minutes")
    [reply] = h.say("amy", "reopen it")
    [case] = h.open_cases("amy")
    assert "still open" in all_text(reply) and buttons(reply)[ids.ADD_COMMENT] == case.id


def test_the_problem_coming_back_on_a_case_still_open_is_added_to_it(bot, h):
    h.say("amy", "my vpn keeps dropping every few minutes")
    [case] = h.open_cases("amy")
    [reply] = h.say("amy", "it's broken again")
    assert h.comments(case.id) == ["it's broken again"]
    assert "still open" in all_text(reply) and case.case_number in all_text(reply)
    assert len(h.open_cases("amy")) == 1


def test_a_described_case_beats_the_focus(bot, h):
    printer = h.file_case("amy", "Printer on floor 3 is jammed")
    h.say("amy", "Outlook crashes when I open the calendar")
    [question] = h.say("amy", "please close the printer case")
    assert _value(question, ids.PICK_CASE)["case_id"] == printer.id


def test_keywords_match_whole_words_not_substrings(bot, h):
    h.file_case("amy", "Network drive unavailable")
    h.file_case("amy", "Laptop battery drains fast")
    [question] = h.say("amy", "add a comment: it works from home")
    assert "Which case" in all_text(question)  # "work" is not "network": nobody's comment goes astray


def test_file_shared_without_text_after_attach_a_file_lands_on_that_case(bot, h):
    monitor = h.file_case("amy", "Monitor flickers")
    [filed] = h.say("amy", "The printer on floor 3 is jammed again")
    printer = h.case("amy", buttons(filed)[ids.ATTACH_FILE])
    h.say("amy", f"status of {monitor.case_number}")      # the focus moves to the monitor case...
    h.click("amy", ids.ATTACH_FILE, printer.id)             # ...and back with "Attach a file" on the printer card
    [reply] = h.say("amy", "", files=[("jam.jpg", b"JPEG", "image/jpeg")])
    assert h.attachments(printer.id) == [("jam.jpg", b"JPEG")] and h.attachments(monitor.id) == []
    assert printer.case_number in all_text(reply)


def test_a_new_issue_that_reads_as_a_follow_up_asks_is_this_about(bot, h):
    h.say("amy", "Outlook crashes when I open the calendar")
    [case] = h.open_cases("amy")
    [question] = h.say("amy", "it's also frozen now and I can't send mail")
    assert _value(question, ids.DUPLICATE_ADD_COMMENT)["case_id"] == case.id
    h.click("amy", ids.DUPLICATE_ADD_COMMENT)
    assert len(h.open_cases("amy")) == 1
    assert h.comments(case.id) == ["it's also frozen now and I can't send mail"]


def test_an_unrelated_new_issue_is_filed_despite_the_focus(bot, h):
    h.say("amy", "Outlook crashes when I open the calendar")
    [reply] = h.say("amy", "My monitor has been flickering since yesterday")
    assert ids.DUPLICATE_ADD_COMMENT not in buttons(reply)
    assert len(h.open_cases("amy")) == 2
