"""Classes found failing in blind conversation sets 11-14 (first run 96/120), asserted with other wordings:
one person served kept waiting in front of the employee, an event with its time however introduced, work that must be
handed over soon, credentials typed into a dodgy page, "everyone else is fine" (not wide), a label before the problem
("SIMS."), the security event as the Subject, what a new starter needs kept with whom it is for, a shouted tag, a
machine's words after "keeps saying", thanks for past help and empty messages (not problems)."""
import pytest

from intents import parse
from intents.subject import summarize
from intents.urgency import urgency


@pytest.mark.parametrize("message, kind", [
    ("card terminal keeps declining, a guest is standing at the desk waiting to check out", "wide_impact"),
    ("the dispensing system froze and there's a client waiting at the counter for her prescription", "wide_impact"),
    ("the parts catalogue won't load and 2 fitters are stood at the counter waiting", "wide_impact"),
    ("quote tool crashes every time and I've got a pitch at 3", "deadline"),
    ("the projector in room 4 shows no input, training session in 20 minutes", "deadline"),
    ("I have to submit the tender documents tomorrow morning and the PDF export is broken", "deadline"),
    ("I typed my password into a weird page that opened from a text message", "security"),
    ("a dodgy looking site asked me to log in again so I entered my password", "security"),
])
def test_urgency_found_in_other_wordings(message, kind):
    found = urgency(message)
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize("message", [
    "Excel crashes on my machine when I open the budget, everyone else seems fine",
    "I had a presentation at 10 and the clicker didn't work, all sorted now but FYI",
    "the driver for the label printer is waiting to install and asks for admin rights",
    "print jobs are waiting in the queue forever on my laptop",
])
def test_not_urgent_in_other_wordings(message):
    assert urgency(message) is None


def test_one_person_kept_waiting_is_named_in_the_reason():
    assert urgency("the till froze with a customer waiting to pay").reason == "you said a customer is kept waiting"


@pytest.mark.parametrize("message, subject", [
    ("Teams. it keeps signing me out every ten minutes", "Teams: it keeps signing me out every ten minutes"),
    ("Printer. Paper jam light is on but there's no paper stuck", "Printer: paper jam light is on but there's no paper stuck"),
    ("Oh great. the scanner stopped sending to email again", "The scanner stopped sending to email again"),
    ("Hallo zusammen. My docking station stopped charging the laptop", "My docking station stopped charging the laptop"),
    ("URGENT the card reader at the main entrance rejects every badge", "The card reader at the main entrance rejects every badge"),
])
def test_labels_and_tags_before_the_problem(message, subject):
    assert summarize(message) == subject


def test_the_security_event_is_the_subject_not_the_lure():
    message = ("Bit embarrassing. A text said my parcel was held and to confirm my details, so I opened the page and "
               "typed my email password in a fake login form. What happens now?")
    assert "password" in summarize(message)


def test_what_a_new_starter_needs_keeps_whom_it_is_for():
    message = ("Morning! A new analyst is joining the risk team next Monday. He'll need a laptop with Python and "
               "access to the risk reports share. Thanks, Omar")
    assert summarize(message).casefold().startswith("new analyst: a laptop")


def test_the_machines_words_after_keeps_saying_are_a_detail():
    message = "tablet won't sync the delivery notes\nit keeps saying\nE_NET_UNREACHABLE retry 5\nrestarted twice"
    assert summarize(message).casefold().startswith("tablet won't sync")


@pytest.mark.parametrize("message", [
    "big thanks to whoever replaced my keyboard on Monday, it's lovely",
    "just wanted to say the engineer yesterday was brilliant with my phone setup",
    "never mind, I was only checking you're there",
])
def test_thanks_for_past_help_and_taking_it_back_are_not_problems(message):
    assert parse(message).intent == "smalltalk"


@pytest.mark.parametrize("message", ["umm", "erm the thing", "so...", "hmm what"])
def test_a_message_that_says_nothing_is_not_understood(message):
    p = parse(message)
    assert p.intent == "unknown" and p.confident


def test_an_it_problem_asked_as_what_do_i_do_is_filed_not_out_of_scope():
    assert parse("my work phone got nicked on the train this morning, what do I do?").intent == "file_case"
