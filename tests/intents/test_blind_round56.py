"""Classes found failing in blind sets 191-194 (first run 105/120 on 8af4f9e), asserted with other wordings: on call
tonight, an event said to be today ("parents meeting today 3.30pm") and an event's time as four digits ("clinic starts
at 830") are deadlines; a security tool's own alarm ("Defender just flagged ...") and monitoring gone dark ("no
visibility on their alerts") are security incidents, the latter leaving the Subject to what stopped; "none of the
<things> are working" is a fault of those things, not whom it affects; "is read-only" states a fault; "Really sorry,"
leaves the Subject; what was tried, then "same thing", is tried in vain; "I forget to say" adds to what was said."""
from __future__ import annotations

from intents import cues
from intents.cues import Cue
from intents.subject import names_fault, summarize
from tests.intents.conftest import urgency_kind as _kind


def test_on_call_tonight_or_an_event_today_or_a_four_digit_start_is_a_deadline():
    assert _kind("my radio isn't picking up the control room and I'm on call tonight for the whole district") \
        == "deadline"
    assert _kind("the projector in the hall won't show the laptop. Open evening today from 6, parents arriving") \
        == "deadline"
    assert _kind("the dispensing printer keeps jamming and the surgery starts at 0845") == "deadline"
    assert _kind("the meeting today went fine but my mouse is broken") is None


def test_a_security_tools_alarm_or_monitoring_gone_dark_is_a_security_incident():
    assert _kind("Sophos quarantined something called payload.dll on the reception PC, no idea what it is") == "security"
    assert _kind("the SIEM collector died overnight, we have no visibility into the client endpoints") == "security"
    subject = summarize("Splunk forwarders stopped sending from the Leeds tenant at 3am. We have no visibility on "
                        "their alerts right now.")
    assert "Splunk" in subject


def test_none_of_the_things_working_is_their_fault_not_whom_it_affects():
    subject = summarize("URGENT!! NONE of the classroom amplifiers in B block are working after the fire drill. 5 classes "
                        "of year 7s can't hear their teachers at all")
    assert "amplifiers" in subject


def test_is_read_only_states_a_fault():
    assert names_fault("the finance share on the file server is read-only for me")
    assert names_fault("the rota folder has gone read only since the update")


def test_really_sorry_leaves_the_subject():
    subject = summarize("Really sorry, I've just sent the payroll file to the wrong supplier by email")
    assert not subject.lower().startswith("really")


def test_tried_then_same_thing_is_tried_in_vain_and_i_forget_to_say_adds():
    assert cues.has("swapped the cable and restarted it, same problem", Cue.IN_VAIN)
    assert cues.has("sorry I forget to say, the printer is on the second floor", Cue.ADDENDUM)
