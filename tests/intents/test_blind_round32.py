"""Classes found failing in blind sets 83-86 (first run 113/120), asserted with other wordings: a phone left somewhere
is a lost device; labels printed empty against a collection today are urgent; a "(starts Monday)" aside is no part of
the Subject; what went wrong after "but" leads a long sentence whose first part only tells what was done; "btw" midway
and "just so you know" at the end add to what was said."""
from __future__ import annotations

from intents import cues
from intents.cues import Cue
from intents.subject import summarize
from intents.urgency import urgency


def test_a_phone_left_somewhere_is_a_lost_device():
    found = urgency("pretty sure I left my work iPhone on the coach back from the site visit, it has my email on it")
    assert found is not None and found.kind == "security"


def test_labels_printed_empty_against_a_collection_today_are_urgent():
    assert urgency("the label printer on dock 1 prints them empty, no text. DPD collect at 4pm today") is not None


def test_an_aside_saying_only_when_is_dropped():
    subject = summarize("could our new technician Sam Obi (starts Wednesday) be given access to the Workshop shared "
                        "drive and the parts catalogue?")
    assert "Wednesday" not in subject and "drive" in subject, subject


def test_what_went_wrong_after_but_leads_a_long_sentence():
    subject = summarize("the new opening hours went into the booking system on Friday afternoon but the website is "
                        "still showing the old Sunday times to customers")
    assert subject.casefold().startswith("the website is still showing"), subject


def test_btw_midway_and_just_so_you_know_add_to_what_was_said():
    assert cues.has("it's the 12GB master file btw, the client needs it tonight", Cue.ADDITIVE)
    assert cues.has("I've reset my password from my phone, just so you know", Cue.ADDITIVE)


def test_a_self_introduction_is_not_the_subject():
    subject = summarize("Hello, I'm the new stores assistant at the depot. Could I get a login for the parts ordering "
                        "portal please? My manager is Dev Patel.")
    assert "portal" in subject and "stores assistant" not in subject, subject
