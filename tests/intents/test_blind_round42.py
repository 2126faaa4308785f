"""Classes found failing in blind sets 123-126 (first run 108/120), asserted with other wordings: credentials handed to
someone "claiming to be from" a supplier are a security incident (an Incident); something of one's own on a day ahead
("I have three completions on Friday"), an event at a bare hour ("first dance at 8") and "a safety problem" are urgent;
"got it working" and "ignore me, it's back" say it works (an action done "again" is no relapse); what was tried, said
bare ("tried new batteries in the remote"), goes on about the case; a radio is an IT thing; a self-introduction with a
name is no Subject, nor is "I was wondering if I could get" kept from it when a story comes first; credentials given
lead a phishing Subject; a forwarded e-mail's announcement and header lines are no Subject."""
from __future__ import annotations

from intents import parse
from intents.cues import Cue, has
from intents.subject import summarize
from intents.tone import says_fixed
from tests.intents.conftest import urgency_kind as _kind
from intents.utterance import understand



def test_credentials_handed_to_someone_claiming_to_be_a_supplier_are_a_security_incident():
    text = "a woman phoned reception claiming to be from our payroll provider and Dave read her his login code"
    assert _kind(text) == "security"
    assert parse(text).case_type == "Incident"


def test_something_of_ones_own_on_a_day_ahead_with_a_fault_is_a_deadline():
    assert _kind("the e-signing add-in keeps crashing in Word. we have two exchanges on Thursday") == "deadline"
    assert _kind("the e-signing add-in keeps crashing in Word. I have been off on Thursday") is None


def test_an_event_at_a_bare_hour_and_a_safety_problem_are_urgent():
    assert _kind("mic in the chapel keeps cutting out, ceremony at 2!") == "deadline"
    assert _kind("the gate radio at the quarry entrance is dead, it is a safety problem for the drivers") == "safety"


def test_got_it_working_and_ignore_me_its_back_say_it_works():
    assert says_fixed("ah never mind, got it working, wrong cable. cheers")
    assert says_fixed("sorry ignore me, it's there again after I signed out and in again")
    assert not says_fixed("ignore me, it's still frozen")
    assert not says_fixed("it worked for an hour but then it crashed again")


def test_what_was_tried_said_bare_goes_on_about_the_case():
    assert has("tried another HDMI cable, still no picture", Cue.DONE_SINCE)
    assert has("swapped the toner, same streaks", Cue.DONE_SINCE)
    assert not has("tricky one: the badge reader in lab 2 beeps red", Cue.DONE_SINCE)


def test_a_radio_is_an_it_thing():
    assert understand("the radio in the boiler house hut does not work, we cannot reach the control room").names_it_thing


def test_a_self_introduction_with_a_name_is_no_subject():
    subject = summarize("Good morning team! I am Agnieszka, new designer in the studio since Wednesday. Please I need "
                        "access to the brand archive in Bynder, my manager Lee already approved it. Thanks a lot, Aga")
    assert "Bynder" in subject and "Agnieszka" not in subject


def test_a_want_after_a_story_is_the_subject():
    subject = summarize("Hiya! I've just started as the new sessional chef (weekends only) and I was wondering if I "
                        "could please get a login for the allergen tracker so I can sign off the menus? Cheers, Mo")
    assert "allergen" in subject and "started" not in subject


def test_credentials_given_lead_a_phishing_subject():
    subject = summarize("Think I got caught by a phishing text pretending to be from the parcel firm - it wanted me to "
                        "confirm my details and I entered my work password on the page before I saw the link was odd")
    assert "password" in subject


def test_a_forwarded_emails_announcement_and_headers_are_no_subject():
    forwarded = ("Forwarding this from my email as I was told to use Slack for IT stuff now:\n\n---\nFrom: Tom Hale\n"
                 "Sent: Friday 16:02\nTo: IT Service Desk\nSubject: Room booking access for new coordinator\n\nGood "
                 "morning,\n\nPlease could you set up access to the room booking system for our new events coordinator, "
                 "Lena Fischer. She starts on the 3rd.\n\nMany thanks,\nTom Hale\nEvents Manager\n---")
    assert "access" in summarize(forwarded) and "Forwarding" not in summarize(forwarded)
    copied = ("Copying in the email I sent to facilities last night as nobody has replied yet:\n\n\"Hi Sam,\n\nThe "
              "touchscreen in the Oak suite has stopped responding since the weekend. We have a conference there "
              "tomorrow at 9.\n\nKind regards,\nLeo\"\n\nThanks,\nLeo")
    assert "touchscreen" in summarize(copied)
