"""Classes found failing in blind sets 79-82 (first run 110/120), asserted with other wordings: credentials given after a
lure that came by email or text get a Subject that says so; an interjection is no headline; an emoji before a capital
ends a sentence; "just a small one -" is a lead-in; something needed today, an event "at 6" and buyers kept waiting are
urgent; being in again says it works ("I'm in now", not "back in the office"); "ignore me" takes back what was said,
and a refusal said last answers a question; asking whom to talk to states no fault; "ok ta. separate thing -" says the
matter is new."""
from __future__ import annotations

import pytest

from intents import cues, parse
from intents.cues import Cue
from intents.subject import summarize
from intents.tone import says_fixed
from intents.urgency import urgency


def test_credentials_given_after_a_lure_by_text_say_how_it_came():
    subject = summarize("Had a text saying my parcel was held. Tapped the link and entered my card number and PIN, "
                        "then it went blank")
    assert subject.casefold().startswith("phishing text:"), subject


def test_an_interjection_is_no_headline():
    subject = summarize("uh oh. I've just shared the payroll export with a supplier by mistake on Teams")
    assert not subject.casefold().startswith("uh oh"), subject


def test_an_emoji_before_a_capital_ends_a_sentence():
    subject = summarize("Morning all, hope the week's going ok 🙂 Quick one - the scanner by reception keeps "
                        "jamming on double-sided jobs")
    assert subject.casefold().startswith("the scanner by reception"), subject


@pytest.mark.parametrize("text", [
    "the registration system is down and the families need the certificates today",
    "the bidding screen froze and the sale is at 2",
    "the catalogue screens are blank and the buyers are stood in the ring waiting",
])
def test_needed_today_an_event_soon_and_buyers_waiting_are_urgent(text):
    assert urgency(text) is not None


@pytest.mark.parametrize("text,fixed", [
    ("my manager unlocked it and I'm in now", True),
    ("changed my password and we're back in, cheers", True),
    ("I'll look at it when I'm back in the office", False),
])
def test_being_in_again_says_it_works(text, fixed):
    assert says_fixed(text) is fixed


def test_ignore_me_takes_back_what_was_said():
    assert cues.has("oh ignore me, my colleague sorted it", Cue.NO_LONGER_NEEDED)
    assert not cues.has("ignore me, it's the other printer", Cue.NO_LONGER_NEEDED)


def test_a_refusal_said_last_answers_the_question():
    assert cues.has("wait, turns out the report was just filtered wrong. keep it open, sorry", Cue.NO)
    assert not cues.has("we need to keep it open for the audit", Cue.NO)


def test_asking_whom_to_talk_to_states_no_fault():
    assert parse("who should I speak to about swapping my shift pattern with a colleague?").intent != "file_case"


def test_a_new_matter_after_an_acknowledgement():
    assert cues.has("ok thanks. different issue - the people counter has shown zero all week", Cue.NEW_MATTER)
