"""Classes found failing in blind sets 55-58 (first run 106/120), asserted with other wordings: someone's safety at
stake, an event named with its clock time ahead, people sat waiting and a machine stood are urgent; credentials given
away are the Subject's words; a request after a story of one's own move ("I've just joined X and need ...") keeps the
request; a thing named alone with where it is, then what it does, is one Subject; a fault said only as silence is a
fault; equipment asked for by a name nobody taught the bot is a request to file."""
from __future__ import annotations

import pytest

from intents import parse
from intents.subject import summarize
from intents.urgency import urgency


@pytest.mark.parametrize("message", [
    "the lift alarm panel shows no signal and we can't test the lifts for safety this morning",
    "radio repeater down on the north side, we have a casualty on the crag and can't reach the team",
    "the tills won't take cards and the queue is for the 2:30 matinee",
    "smartboard dead, 25 year 6s sat here waiting for the lesson",
    "the kiln is stood because the controller won't load the firing program",
    "booking system keeps crashing and the order is due out Thursday",
])
def test_new_urgent_situations_are_urgent(message):
    assert urgency(message) is not None, message


def test_an_event_time_in_the_past_is_no_deadline():
    assert urgency("the projector wouldn't show anything at the 9:00 class yesterday, fine now though") is None


@pytest.mark.parametrize(("message", "word"), [
    ("Oh no. I think I handed my password over. A text that looked like the bank asked me to log in, so I did, and "
     "then nothing happened", "password"),
    ("I've just transferred to the Bristol office and need access to the Bristol projects folder on SharePoint",
     "SharePoint"),
    ("the label printer by the back door. prints half a label then stops", "printer"),
])
def test_the_subject_keeps_what_matters(message, word):
    subject = summarize(message)
    assert word.casefold() in subject.casefold(), subject


@pytest.mark.parametrize("message", [
    "the right channel of the PA in the hall is silent",
    "Can we order a spare Rode mic for the interview booth? the old one crackles",
])
def test_silence_and_equipment_asked_for_are_filed(message):
    assert parse(message).intent == "file_case"
