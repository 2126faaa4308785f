"""Classes found failing in blind sets 143-146 (first run 109/120), asserted with other wordings: those served who keep
coming up or asking, and a whole network, are wide impact; "Kick off is 15:00" is a deadline, as is a black screen
before an inspection tomorrow; a portal showing someone other people's documents is a security incident, as is a
password given to a caller who said they were from IT; a screen showing yesterday's figures states a fault (not a
question about a case, whatever "where" the people ask); a want after a story and "would be grateful if I could be given
access" leads the Subject as the access; "something's not working" is vague."""
from __future__ import annotations

from intents import parse
from intents.cues import Cue, found
from intents.subject import summarize
from tests.intents.conftest import urgency_kind as _kind



def test_those_served_who_keep_coming_up_are_wide_impact():
    assert _kind("the departure boards at the bus station are blank. Travellers keep asking the drivers which stand to "
                 "go to") == "wide_impact"


def test_a_whole_network_is_wide_impact():
    assert _kind("the signalling display has frozen for the whole network") == "wide_impact"


def test_kick_off_with_a_space_is_a_deadline():
    assert _kind("the turnstile scanners at gate C keep rejecting season cards. Kick off is 19:45") == "deadline"


def test_a_black_screen_before_an_inspection_tomorrow_is_a_deadline():
    assert _kind("The camera over the loading bay is just a black screen. We need it for the fire inspection tomorrow "
                 "at 9am.") == "deadline"


def test_a_portal_showing_other_peoples_documents_is_a_security_incident():
    assert _kind("the tenant portal is showing residents other people's documents, one sent us a screenshot") == "security"


def test_a_password_given_to_a_caller_claiming_to_be_it_is_a_security_incident():
    text = ("A woman phoned the shop saying she was from our IT company and needed my till password to run an update, "
            "and I gave it to her.")
    assert _kind(text) == "security"
    assert "password" in summarize(text)


def test_a_screen_showing_yesterdays_figures_is_a_fault_not_a_status_question():
    text = ("FFS the departure screens at the coach station are showing yesterday's timetable AGAIN. Travellers keep "
            "coming up to the drivers asking where their coach is.")
    assert parse(text).intent == "file_case"


def test_would_be_grateful_for_access_after_a_story_leads_the_subject_as_the_access():
    subject = summarize("Good morning. I have recently joined the pharmacy team as a technician and would be grateful if I "
                        "could be given access to the dispensing module in Ascribe. Best wishes, Omar")
    assert subject.startswith("Access to the dispensing module in Ascribe")


def test_something_is_not_working_is_vague():
    assert Cue.VAGUE in found("hiya, something's not working")
