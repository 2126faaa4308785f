"""Classes found failing in blind sets 91-94 (first run 109/120), asserted with other wordings: a program that "won't
reopen" is a fault, not a request to reopen a case; a case word glued to a small number names a thing ("cs2"); wide
impact said as half of a crew, all of one team waiting, workers waiting uncounted, a live stream held up, a big queue,
"for all the office"; a sign-in page fed a password and the sender found out afterwards is a security incident; an
account someone else got into is one whoever owns it; a 24-hour clock time today is a time ahead; "ok fair. and mine?"
asks about one's own case."""
from __future__ import annotations

import pytest

from intents import parse
from intents.cues import bare_status_naming
from intents.entities import find_case_refs
from intents.urgency import urgency


def test_a_program_that_wont_reopen_is_a_fault_not_a_reopen_request():
    p = parse("the timetable app has frozen on the depot PC and won't reopen, it says 'licence check failed'")
    assert p.intent == "file_case"


def test_a_case_word_glued_to_a_small_number_names_a_thing():
    assert find_case_refs("the sr2 switch in the comms room is dropping packets").explicit_number is None
    assert find_case_refs("any news on SR12345?").explicit_number == "00012345"


@pytest.mark.parametrize("text", [
    "the paging app didn't fire, half our volunteers never got the call-out",
    "the till screens went blank and all the shop is waiting, please help",
    "the label printers are offline and the pickers are stood waiting at the dock",
    "the scoreboard feed has crashed and the live stream is frozen",
    "the self check-in kiosks reject every booking code and there's a huge queue at the desk",
    "the expenses portal is not loading for all the team since 9",
])
def test_wide_impact_in_other_words_is_urgent(text):
    assert urgency(text) is not None, text


def test_not_wide_a_queue_of_jobs_and_drivers_waiting_to_be_installed():
    assert urgency("there's a long queue of jobs on the plotter, it prints slowly") is None
    assert urgency("the new printer drivers are waiting to be installed on my laptop") is None


def test_a_password_given_then_the_sender_found_out_is_a_security_incident():
    found = urgency("got a message from 'payroll' about my bonus, clicked through and typed my password into the login "
                    "page. Then I saw the sender was hr.payroll.dept@outlook.com")
    assert found is not None and found.kind == "security"


def test_an_account_someone_else_got_into_is_a_security_incident_whoever_owns_it():
    found = urgency("somebody got into the shop's Instagram account and changed the bio, we can't log in")
    assert found is not None and found.kind == "security"


def test_a_24_hour_clock_time_today_is_a_time_ahead():
    assert urgency("the projector in the training room won't turn on, the induction is at 1330 today") is not None


def test_an_acknowledgement_then_and_mine_asks_about_ones_own_case():
    assert bare_status_naming("noted. and mine?") == ""
    assert bare_status_naming("ok cool, what about mine then?") == ""
