"""Classes found failing in blind sets 107-110 (first run 109/120), asserted with other wordings: venting first ("ffs",
"omg") leaves the Subject; a performance at a clock time ("we're on at 7"), leaving at a bare hour and a crowd on its
way are urgent; a password put in, then the doubt without "I", is a security incident and the Subject says how the lure
came; the cause before ", so <consequence>" is the Subject; a want after where the person is leads it; a number inside
a quotation or an HTTP status is no case reference; a thing doing what it does again ("it's moving again now") says it
works, a fault again does not; "need it back" is a fault's want (Incident), and "none of the X can" is a fault; "just
reset my password" says what was done since; "again" with one shared word asks about the open case (tests/bot)."""
from __future__ import annotations

from intents import parse
from intents.cues import Cue, has
from intents.entities import find_case_refs
from intents.subject import summarize
from intents.tone import says_fixed
from intents.urgency import urgency


def test_venting_first_leaves_the_subject():
    assert summarize("omg the booking screen at reception keeps logging everyone out").lower().startswith(
        "the booking screen at reception")
    assert summarize("for god's sake, Sage wont post the batch again").startswith("Sage")


def test_a_performance_at_a_clock_time_and_leaving_at_a_bare_hour_are_urgent():
    found = urgency("the sound desk won't load the show file and we're on at 7")
    assert found is not None and found.kind == "deadline"
    assert urgency("the loading app won't print manifests and the lorries leave at 5") is not None
    assert urgency("the loading app won't print manifests, the lorries leave at 5 every day") is None


def test_a_crowd_on_its_way_is_wide_impact():
    found = urgency("the ticket scanners at the gate are all offline and we've got 400 visitors arriving at ten")
    assert found is not None


def test_a_password_put_in_then_the_doubt_is_a_security_incident_and_names_the_lure():
    text = ("A text said my parcel was held and asked me to sign in. I entered my work email password and only then "
            "spotted the link was some random site")
    found = urgency(text)
    assert found is not None and found.kind == "security"
    assert summarize(text).lower().startswith("phishing text")


def test_the_cause_before_so_and_its_consequence_is_the_subject():
    subject = summarize("Honestly not urgent, but the Brother printer in the post room has started printing every "
                        "page faint down one side, so the addresses are hard to read on the envelopes.")
    assert subject.lower().startswith("the brother printer")
    assert "Teams" in summarize("my laptop was reimaged over the weekend by the service desk, so now Teams won't "
                                "start at all when I log in")


def test_a_want_after_where_the_person_is_leads_the_subject():
    subject = summarize("I am joining the Halden audit team from Monday and I would need please the access to their "
                        "SharePoint site and the shared mailbox")
    assert "SharePoint" in subject and not subject.lower().startswith("i am joining")


def test_a_number_quoted_from_a_screen_or_an_http_status_is_no_case():
    assert find_case_refs("the portal just says \"Error: 504 Gateway Time-out\" for everyone").number_for(True) is None
    assert find_case_refs("the uploader gives 401 Unauthorized since lunch").number_for(True) is None
    assert find_case_refs("any news on 4521?").number_for(True) is not None


def test_a_thing_doing_what_it_does_again_says_it_works():
    assert says_fixed("ah it's scrolling again now, the supplier rebooted the player")
    assert not says_fixed("it's buffering again now")
    assert not says_fixed("it's crashing again")


def test_needing_it_back_is_a_faults_want_and_none_of_them_can_is_a_fault():
    p = parse("none of the depots can log into the routing system since 7am, drivers need it back before the 9am run")
    assert p.intent == "file_case" and p.case_type == "Incident"


def test_just_reset_my_password_says_what_was_done_since():
    assert has("just changed my banking app password and logged out everywhere", Cue.DONE_SINCE)
    assert not has("just wondering when it will be done", Cue.DONE_SINCE)
