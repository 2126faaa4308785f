"""Classes found failing in blind sets 155-158 (first run 110/120 on stop 37's final bot), asserted with other wordings:
a data breach said so, or a member list gone out with a mailing, and sign-in approvals the person is not asking for are
security incidents; "were out on ... tonight" opening a sentence is "we're" (a time ahead); half of many things down
and none of a fleet's work syncing are wide; swearing and venting said before the fault stay out of the Subject; which
one a thing is (", the one for ...") does not hide the thing named alone. Then blind sets 159-162 (first run 110/120 on
eca2dad): an alarm that calls help for someone alone, failing, is a safety matter; a due clause or someone coming after
a clause in the past is a deadline; other people's forms seen are a security incident; "this printer 😤 the one in room
2 is jamming" reads as one; a long aside in brackets is no boundary and goes when room is short; what happens each time
after a story leads the Subject."""
from __future__ import annotations

from intents.subject import summarize
from intents.urgency import urgency
from tests.intents.conftest import urgency_kind as _kind



def test_a_data_breach_said_so_is_a_security_incident():
    assert _kind("I think this is a GDPR breach, the rota went out to the volunteers with everyone's phone numbers") \
        == "security"


def test_a_list_of_people_gone_out_with_a_mailing_is_a_security_incident():
    assert _kind("the parents' bulletin was just sent from Schoolcomms including the whole pupil list, dates of birth "
                 "and all") == "security"
    assert _kind("can we send the bulletin with the pupil list attached to the governors?") is None


def test_sign_in_prompts_the_person_is_not_asking_for_are_a_security_incident():
    assert _kind("getting loads of Okta push notifications to approve a login and im not even logging in to anything") \
        == "security"
    assert _kind("the Okta push notifications to approve a login take ages to arrive on my phone") is None


def test_were_opening_a_sentence_before_tonight_is_a_time_ahead():
    assert _kind("the route planner is not loading any jobs. were out on the late delivery round tonight, need it "
                 "before then") == "deadline"
    assert _kind("the route planner is not loading. we were out on the late round last night") is None


def test_half_of_many_things_down_is_wide():
    got = urgency("half of our parking meters in the town centre are offline since the storm", learned=False)
    assert got is not None and got.kind == "wide_impact" and "many are affected" in got.reason
    assert _kind("half the keys on my keyboard are not working since I spilt tea on it") is None


def test_none_of_a_fleets_work_syncing_is_wide():
    assert _kind("none of the meter readings our twelve field officers take out on their rounds are uploading to the "
                 "billing system") == "wide_impact"


def test_swearing_stays_out_of_the_subject():
    subject = summarize("this flipping label printer has jammed on every single label since lunch 😤")
    assert "flipping" not in subject.casefold() and "label printer" in subject
    assert "bloody" not in summarize("The bloody scanner on desk 3 keeps rebooting").casefold()
    assert "bloody nose" in summarize("The first aid log app crashes when I record a bloody nose").casefold()


def test_venting_said_before_the_fault_stays_out_of_the_subject():
    subject = summarize("this is driving me up the wall, the label printer keeps printing blank labels")
    assert subject.startswith("The label printer keeps printing blank labels")
    subject = summarize("my laptop is doing my head in won't connect to the wifi in the meeting rooms")
    assert "head" not in subject and "wifi" in subject


def test_which_one_a_thing_is_does_not_hide_the_thing_named():
    subject = summarize("the scanner at goods in, the one by the roller door. it just shows 'Device offline' when I "
                        "scan a pallet")
    assert subject.casefold().startswith("the scanner at goods in:")


# Classes found failing in blind sets 159-162 (first run 110/120 on eca2dad), in other wordings.

def test_a_lone_workers_alarm_failing_is_a_safety_matter():
    assert _kind("the panic button in the housing interview room doesn't do anything when pressed") == "safety"
    assert _kind("can I order a lone worker app for our new outreach worker?") is None


def test_a_due_clause_after_a_past_one_is_a_deadline():
    assert _kind("The incident form on the staff laptop won't submit. A client had a bad fall earlier and the report "
                 "has to be logged today for the insurers.") == "deadline"


def test_someone_coming_tomorrow_after_a_fault_since_is_a_deadline():
    assert _kind("the fridge temperature logger hasn't uploaded since Friday, and the food safety officer is visiting "
                 "tomorrow") == "deadline"


def test_other_peoples_forms_seen_are_a_security_incident():
    assert _kind("a parent rang to say she can see other families' consent forms when she logs into the app") \
        == "security"


def test_a_thing_named_alone_then_the_one_where_it_is_reads_as_one():
    subject = summarize("ugh this scanner 🙄 the one at the back desk is misfeeding every other page. I have a tribunal "
                        "bundle to send off today")
    assert subject.startswith("This scanner at the back desk is misfeeding")


def test_a_long_aside_in_brackets_is_no_boundary_and_goes_when_room_is_short():
    subject = summarize("We got to the venue after the Bristol show and I noticed the stage laptop (the Lenovo one "
                        "we run the cue lists and the sound effects from) no longer sees the audio interface - it says "
                        "'No device found' whatever port we try")
    assert subject.startswith("The stage laptop no longer sees the audio interface") and "(" not in subject


def test_what_happens_each_time_after_a_story_leads_the_subject():
    subject = summarize("So I was building the monthly board pack in the reporting tool and every time I add the sales "
                        "chart it just closes, no error at all. Tried it twice.")
    assert subject.startswith("Every time I add the sales chart it just closes")
