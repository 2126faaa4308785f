"""Classes found failing in blind sets 127-130 (first run 111/120), asserted with other wordings: those served on the
line or stood outside are kept waiting; a link sent to the wrong client is a security incident however its product is
spelled ("Frame.io"); a session that resumes at a time is due then; "they're getting in now" says it works; what was
tried, in vain ("the reboot made no difference"), is a cue of its own; "separate thing," and "unrelated," with a comma
leave the Subject."""
from __future__ import annotations

from intents.cues import Cue, has
from intents.subject import summarize
from intents.tone import says_fixed
from intents.urgency import urgency
from tests.intents.conftest import urgency_kind as _kind



def test_those_served_on_the_line_or_stood_outside_are_kept_waiting():
    assert _kind("the booking screen froze again and I have patients on the phone wanting appointments") == "wide_impact"
    assert _kind("turnstile app is rejecting passes, about 12 people stood at the gate") == "wide_impact"
    assert _kind("the print server is on the phone to the vendor") is None


def test_a_link_sent_to_the_wrong_client_is_a_security_incident_whatever_the_product_is_called():
    found = urgency("I've just shared a Box.com folder link with the wrong client, it has the whole payroll export in it")
    assert found is not None and found.kind == "security" and "Box.com" in found.phrase


def test_a_session_that_resumes_at_a_time_is_due_then():
    assert _kind("the video link to the prison dropped mid hearing and the hearing resumes at 11:30") == "deadline"


def test_theyre_getting_in_now_says_it_works():
    assert says_fixed("ok people are getting through now, security reset the gate")
    assert not says_fixed("they're getting in now but the reader still beeps red for half of them")


def test_what_was_tried_in_vain_is_a_cue_of_its_own():
    assert has("the reboot made no difference", Cue.IN_VAIN)
    assert has("new toner didnt help", Cue.IN_VAIN)
    assert not has("the new toner is in the cupboard", Cue.IN_VAIN)


def test_separate_thing_and_unrelated_with_a_comma_leave_the_subject():
    assert summarize("also, separate thing, the webcam on my laptop shows a black picture").startswith("The webcam")
    assert not summarize("unrelated, could I get Miro installed on my laptop?").lower().startswith("unrelated")
