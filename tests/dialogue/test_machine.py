"""The dialogue's transition table (bot/dialogue/machine.py), one transition per test: no stand-in, no
emulator, no model (the parse is given)."""
from __future__ import annotations

from types import SimpleNamespace

from bot.dialogue.machine import (Act, AlreadyAnswered, Clicked, Decline, Expired, FileNew, Interpret, NotAnAnswer,
                                  Said, step)
from bot.dialogue.question import Candidate, Kind, Question
from intents.utterance import understand

VPN, PRINTER, MONITOR = (Candidate("500A", "00001001", "VPN drops every hour"),
                         Candidate("500B", "00001002", "Printer jammed on floor 3"),
                         Candidate("500C", "00001003", "Monitor flickers"))
PICK = Question(Kind.PICK, "close_case", "p1", (VPN, PRINTER, MONITOR))
PICK_COMMENT = Question(Kind.PICK, "add_comment", "p1", (VPN, PRINTER), carried={"body": "it's back"})
CONFIRM = Question(Kind.CONFIRM, "close_case", "p1", (VPN, PRINTER), target=VPN.id)
DUPLICATE = Question(Kind.DUPLICATE, "file_case", "p1", (VPN,), target=VPN.id, carried={"text": "vpn drops"})
DID_YOU_MEAN = Question(Kind.DID_YOU_MEAN, "", "p1", (VPN,), target=VPN.id, carried={"text": "It's a Dell"})


def said(text, intent="unknown", *, ref=None, keywords=(), confident=False):
    parse = SimpleNamespace(intent=intent, confident=confident, case_number=ref, case_id=None,
                            keywords=list(keywords), case_type=None, case_number_bare=False)
    return Said(understand(text, parse))


# -- said
def test_confirm_yes_acts_on_the_target(): assert step(CONFIRM, said("yes")) == (None, Act(VPN.id))
def test_confirm_go_ahead_acts_on_the_target(): assert step(CONFIRM, said("go ahead")) == (None, Act(VPN.id))
def test_confirm_no_declines(): assert step(CONFIRM, said("nope")) == (None, Decline())
def test_confirm_not_that_one_declines(): assert step(CONFIRM, said("not that one")) == (None, Decline())
# a refusal that goes on with news about the case proposed: declined, and the news is kept for that case
def test_confirm_keep_it_open_with_news_declines_with_it():
    assert step(CONFIRM, said("hang on, no, leave it open, the fault came back after lunch", "file_case",
                              confident=True)) == (None, Decline(news="the fault came back after lunch"))
def test_confirm_the_other_one_is_confirmed(): assert step(CONFIRM, said("the other one")) == (None, Act(PRINTER.id, confirm=True))
def test_pick_yes_without_a_target_is_not_an_answer(): assert step(PICK, said("yes")) == (PICK, NotAnAnswer())
def test_pick_by_number_acts_at_once(): assert step(PICK, said("1002", ref="00001002")) == (None, Act(PRINTER.id))
# "Which case should I close?" answered: the person chose among the cases listed, so it acts (no second question)
def test_pick_by_position_acts(): assert step(PICK, said("2", ref="00000002")) == (None, Act(PRINTER.id))
def test_pick_by_ordinal_acts(): assert step(PICK, said("the third one")) == (None, Act(MONITOR.id))
def test_pick_last_one(): assert step(PICK, said("the last one")) == (None, Act(MONITOR.id))
def test_pick_by_subject_words_acts(): assert step(PICK, said("the printer", keywords=["printer"])) == (None, Act(PRINTER.id))
def test_pick_comment_by_words_acts_without_confirming(): assert step(PICK_COMMENT, said("the vpn one", keywords=["vpn"])) == (None, Act(VPN.id))
def test_pick_unknown_number_is_not_an_answer(): assert step(PICK, said("1999", ref="00001999")) == (PICK, NotAnAnswer())
def test_pick_words_of_no_subject_are_not_an_answer(): assert step(PICK, said("the payroll", keywords=["payroll"])) == (PICK, NotAnAnswer())
def test_pick_ordinal_past_the_list_is_not_an_answer(): assert step(PICK_COMMENT, said("the fifth one")) == (PICK_COMMENT, NotAnAnswer())
def test_pick_new_problem_is_a_new_request(): assert step(PICK, said("my mouse is broken", "file_case", confident=True)) == (PICK, NotAnAnswer())
def test_pick_status_question_is_a_new_request(): assert step(PICK, said("what's the status of 1008", "check_status", ref="00001008", confident=True)) == (None, NotAnAnswer())
def test_pick_list_is_a_new_request(): assert step(PICK, said("show my cases", "list_cases", confident=True)) == (None, NotAnAnswer())
def test_pick_comment_for_a_named_case_is_a_new_request(): assert step(PICK, said("add a comment to 1008: works now", "add_comment", ref="00001008", confident=True)) == (None, NotAnAnswer())
def test_pick_close_answering_which_to_close_is_an_answer(): assert step(PICK, said("close 1002", "close_case", ref="00001002", confident=True)) == (None, Act(PRINTER.id))
def test_pick_reopen_while_asked_to_close_is_a_new_request(): assert step(PICK, said("reopen 1002", "reopen_case", ref="00001002", confident=True)) == (None, NotAnAnswer())
def test_duplicate_yes_adds_to_the_case(): assert step(DUPLICATE, said("yes")) == (None, Act(VPN.id))
def test_duplicate_no_files_new(): assert step(DUPLICATE, said("no")) == (None, FileNew())
def test_did_you_mean_yes_adds_to_the_case_in_focus(): assert step(DID_YOU_MEAN, said("yes")) == (None, Interpret("add_comment"))
def test_did_you_mean_anything_else_closes_it(): assert step(DID_YOU_MEAN, said("printer broken")) == (None, NotAnAnswer())
def test_no_candidates_nothing_answers(): assert step(Question(Kind.PICK, "attach", "p1"), said("yes")) == (Question(Kind.PICK, "attach", "p1"), NotAnAnswer())


# -- clicked
def test_click_pick_a_case(): assert step(PICK, Clicked(case_id=PRINTER.id)) == (None, Act(PRINTER.id))
def test_click_not_that_one(): assert step(CONFIRM, Clicked()) == (None, Decline())
def test_click_duplicate_add_to_case(): assert step(DUPLICATE, Clicked(case_id=VPN.id)) == (None, Act(VPN.id))
def test_click_duplicate_new_case(): assert step(DUPLICATE, Clicked()) == (None, FileNew())
def test_click_did_you_mean_intent(): assert step(DID_YOU_MEAN, Clicked(intent="check_status")) == (None, Interpret("check_status"))


# -- expired
def test_expired_says_so(): assert step(PICK, Expired()) == (None, AlreadyAnswered())


# -- the stored question (store/questions.py) reads back as the Question asked
def test_a_stored_question_reads_back_as_the_question():
    from store.questions import QuestionRecord
    for q in (PICK, CONFIRM, DUPLICATE, DID_YOU_MEAN):
        record = QuestionRecord(q.id, "U1", str(q.kind), q.op, tuple(c.to_json() for c in q.candidates), q.target,
                                q.carried)
        assert Question.from_record(record) == q
    assert Question.from_record(None) is None


def test_did_you_mean_answered_file_it_files_the_message():
    assert step(DID_YOU_MEAN, said("just file it please")) == (None, Interpret("file_case"))
    assert step(DID_YOU_MEAN, said("new ticket")) == (None, Interpret("file_case"))
    assert step(DID_YOU_MEAN, said("file the printer one under facilities")) == (None, NotAnAnswer())


def test_duplicate_no_with_more_files_it_with_the_more():
    assert step(DUPLICATE, said("nope, a separate issue: it only happens on the night shift", "file_case",
                                confident=True)) == (None, FileNew(news="it only happens on the night shift"))
