"""Classes found failing in blind sets 31-34 (first run 103/120), asserted with other wordings: a fault stated of a
machine or service the lexicon does not know is a problem to file (not out of scope, not a status question); "what do
I need to do?" is the person's own next step; a paste pointed at ("it gives me this") states the fault; many people
waiting, calls on hold and a filling waiting room are wide impact, things waiting are not; a lost device and data sent
to the wrong person are security scares (and Incidents); a show's clock time is a deadline; a worked-around problem
is not urgent by the classifier alone; a fault that asks for nothing is an Incident; the Subject skips what was tried,
"get it fixed", a setting and a since-clause, keeps a thing named alone with what it does, and an emoji inside a
sentence does not end it; a case's topic word typed with a slip still names it."""
from __future__ import annotations

import pytest

from intents import default_parser, parse
from intents.ranking import meant
from intents.subject import summarize
from intents.tone import asks_what_agent_wants, says_fixed
from intents.urgency import urgency


def test_a_topic_word_typed_with_a_slip_names_the_case():
    cases = ["SharePoint site for the tender team will not load", "Docking station on desk 12 not charging"]
    assert meant(cases, ["sharepiont"], title=lambda c: c) == cases[0]
    assert meant(cases, ["statoin"], title=lambda c: c) == cases[1]
    # short words are a slip away from other real words: "mail" does not name "main"
    assert meant(["Main door badge reader dead"], ["mail"], title=lambda c: c) is None


@pytest.mark.parametrize("message", [
    "the parcel sorter at bay 3 isn't reading any of the labels this morning",
    "The visitor sign-in app didn't print a single badge since the weekend",
    "Dispatchly is down at the Northgate depot, nobody can see the run sheets",
])
def test_a_fault_of_an_unknown_system_is_a_problem_to_file(message):
    assert parse(message).intent == "file_case"


@pytest.mark.parametrize(("message", "intent"), [
    ("my fridge at home is broken", "unknown"),
    ("any news on my Dispatchly ticket?", "check_status"),
])
def test_a_private_fault_or_a_question_about_a_case_is_not_filed(message, intent):
    assert parse(message).intent == intent


def test_the_persons_own_next_step_is_not_a_question_about_the_agent():
    assert not asks_what_agent_wants("I've sent the wrong file to a customer, what do I need to do now?")
    assert not asks_what_agent_wants("what do we need to do before the audit")
    assert asks_what_agent_wants("what does the agent need from me?")


def test_a_paste_pointed_at_states_the_fault():
    message = ("please help, the booking portal gives me this when I save a visit:\n```\n"
               "HTTP 500 Internal Server Error - NullReferenceException at SaveVisit\n```")
    assert parse(message).intent == "file_case"


@pytest.mark.parametrize("message", [
    "the self-service kiosk keeps rejecting cards and lots of students are queuing at the library desk",
    "phones keep dropping and we have 6 callers on hold",
    "the queue system is down and calls are stacking up",
    "EPOS frozen at the front counter and the waiting area is packed",
])
def test_many_people_waiting_however_said_is_wide_impact(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "wide_impact"


@pytest.mark.parametrize("message", [
    "4 print jobs waiting in the queue since this morning",
    "my 3 laptops are waiting for the Windows update",
    "Issues with the reception PC: slow to start, mouse sticks. Nothing serious, we can work.",
    "the app asks for a licence key none of us have",
])
def test_things_waiting_and_calm_lists_are_not_urgent(message):
    assert urgency(message, learned=False) is None


@pytest.mark.parametrize("message", [
    "left my work iPad in a taxi last night, it has the client files on it",
    "I forwarded the salary spreadsheet to the wrong Sarah",
    "sent the tender pricing to a competitor by mistake this morning",
])
def test_a_lost_device_or_data_sent_astray_is_a_security_scare_and_an_incident(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "security"
    assert parse(message).case_type == "Incident"


def test_a_device_left_where_it_belongs_is_no_scare():
    assert urgency("I left my laptop on my desk and now it won't turn on", learned=False) is None


@pytest.mark.parametrize("message", [
    "radio mics 1 and 2 keep cutting out, doors open 6:45",
    "the scoreboard controller won't boot and kick-off is 3pm",
    "lighting desk freezes on cue 40, needs sorting before the dress rehearsal tonight at 7",
])
def test_the_clock_time_of_a_show_is_a_deadline(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "deadline"


def test_a_worked_around_problem_is_not_urgent_by_the_classifier_alone():
    assert default_parser().learned_urgency("ward tablet won't scan wristbands, scanning with the spare for now") == 0.0


def test_a_fault_that_asks_for_nothing_is_an_incident():
    assert parse("the booking page crashes every time I add a second child to the order").case_type == "Incident"
    assert parse("could I get a new licence for Revit added to my account please").case_type == "Service Request"


@pytest.mark.parametrize(("message", "subject"), [
    ("the scanner at goods-in 🙄 keeps jamming on every second sheet", "The scanner at goods-in keeps jamming on every second sheet"),
    ("My dock at hot desk 9 won't charge the laptop. I've tried another cable and restarted it twice and checked the "
     "power brick is plugged into the wall socket", "My dock at hot desk 9 won't charge the laptop"),
    ("the rota screen in the staff room still shows December. not the end of the world, but would be good to get it "
     "sorted at some point", "The rota screen in the staff room still shows December"),
    ("We're at the Harbour Street branch this week and the card terminal at the counter declines every contactless "
     "payment over ten pounds", "The card terminal at the counter declines every contactless payment over ten pounds"),
    ("since we got back from the trade show in Birmingham the demo laptop won't connect to any wifi network at all, even "
     "the guest one", "The demo laptop won't connect to any wifi network at all, even the guest one"),
    ("the label printer. it prints every label twice since the update", "The label printer: it prints every label twice since the update"),
])
def test_the_subject_is_the_fault_not_what_surrounds_it(message, subject):
    assert summarize(message) == subject


def test_a_clock_time_does_not_end_a_sentence_like_an_emoji_code():
    message = "Wifi in the warehouse is down since 06:15:\n- no scanners\n- no label printing"
    assert summarize(message).startswith("Wifi in the warehouse is down since 06:15")


def test_what_a_machine_says_after_the_fault_is_a_detail():
    assert summarize("Teams won't open on the ward PC. It just says 'something went wrong' every time") == \
        "Teams won't open on the ward PC"


@pytest.mark.parametrize(("message", "fixed"), [
    ("oh they're showing up on the board now", True),
    ("it's coming through on my phone again", True),
    ("it's showing the error again", False),
    ("they're arriving now but with the wrong dates", False),
])
def test_a_thing_doing_its_job_again_is_fixed(message, fixed):
    assert says_fixed(message) is fixed


# -- blind sets 35-38 (first run 104/120, on the fixes above), other wordings


def test_what_the_person_cannot_tell_others_is_no_instruction_to_comment():
    assert parse("the tracking page is blank and we cannot tell them where their parcels are").intent != "add_comment"


@pytest.mark.parametrize(("message", "fixed"), [
    ("the depot needs this fixed now", False),
    ("can you get it sorted now please", False),
    ("I rebooted the tablet and now is fine, thanks", True),
    ("ok now it works, cheers", True),
])
def test_wanted_fixed_is_not_fixed_and_now_fine_is(message, fixed):
    assert says_fixed(message) is fixed


@pytest.mark.parametrize(("message", "kind"), [
    ("barcode gun on dock 2 dead, need someone down here now", "explicit"),
    ("the rota app won't load and I have a patient at 9 tomorrow morning", "deadline"),
    ("SketchUp keeps crashing on the big model and I need it working by Friday", "deadline"),
    ("pritner down and the whole offfice cant print", "wide_impact"),
])
def test_urgency_in_more_words(message, kind):
    u = urgency(message)
    assert u is not None and u.kind == kind


@pytest.mark.parametrize("message", [
    "Teams is really slow to open since Monday. Not blocking me, just annoying",
    "Outlook no me deja adjuntar archivos grandes, no es urgente",
])
def test_calm_in_more_words(message):
    assert urgency(message) is None


def test_an_apology_for_bothering_is_cut_from_the_subject():
    assert summarize("sorry to bother, the dock on my desk has stopped charging the laptop") == \
        "The dock on my desk has stopped charging the laptop"


def test_a_scene_then_a_request_is_a_service_request():
    message = ("We've got a locum pharmacist covering the late shifts this month. Could she be given a login for the "
               "dispensing system? No rush.")
    assert parse(message).case_type == "Service Request"


def test_none_of_us_can_is_the_fault_and_the_machines_words_a_detail():
    message = "none of us on the 3rd floor can scan to email this morning. The Canon just says 'SMTP error' on every try."
    assert summarize(message) == "None of us on the 3rd floor can scan to email this morning"


# -- blind sets 39-42 (first run 110/120), other wordings


def test_a_product_named_with_a_leading_digit_is_a_keyword_and_a_quantity_is_not():
    words = parse("1Password vault stopped syncing at 10AM, 2GB free on the disk").keywords
    assert "1password" in words and "10am" not in words and "2gb" not in words


@pytest.mark.parametrize("message", [
    "printer queue went quiet, then it must have sorted itself out",
    "the labels started printing again after lunch",
])
def test_a_problem_that_sorted_itself_out_is_fixed(message):
    assert says_fixed(message)


@pytest.mark.parametrize("message", [
    "webchat dashboard shows no new chats and the counter says 6 waiting",
    "chats are queuing and the widget won't let us pick them up",
    "the gate system won't print the pass and the lorry is sat waiting at the barrier",
    "my laptop won't mirror to the projector and I'm presenting the results to the whole board at 3pm",
    "the self-scan tills keep freezing and the queue is backing up to the door",
    "the booking site won't take payments, customers are ringing the shop",
])
def test_people_kept_waiting_and_a_presentation_ahead_in_more_words(message):
    assert urgency(message, learned=False) is not None


@pytest.mark.parametrize(("message", "subject"), [
    ("The booking site is down. Customers are ringing the shop saying they can't pay for tonight's tables",
     "The booking site is down"),
    ("Citrix has logged me out four times today. Every time I lose whatever I was typing into the claim form",
     "Citrix has logged me out four times today"),
])
def test_the_fault_stated_first_outranks_whom_it_affects(message, subject):
    assert summarize(message) == subject


# -- blind sets 43-46 (first run 108/120), other wordings


@pytest.mark.parametrize("message", [
    "the plate printer keeps jamming and the last van leaves before the 4pm cut-off",
    "Xero won't load the payroll run, payslips are due this Friday",
    "the bodycam dock won't download the footage and the hearing is on Monday morning",
    "tablet won't open the job sheets, I'm on site from 8am tomorrow",
])
def test_a_fault_against_a_time_still_ahead_is_a_deadline(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "deadline"


@pytest.mark.parametrize("message", [
    "the printer jammed yesterday at 3pm, it's fine now",
    "my keyboard has a sticky key, I'm on leave tomorrow so whenever",
    "could we get a second screen by Friday?",
])
def test_a_past_time_an_absence_or_a_request_is_no_deadline(message):
    assert urgency(message, learned=False) is None


@pytest.mark.parametrize("message", [
    "I forwarded the payroll export (names, NI numbers, salaries) to the wrong distribution list by mistake",
    "I committed the AWS access keys to a public repo on GitHub this morning",
])
def test_data_sent_astray_or_secrets_made_public_are_security_scares(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "security"


@pytest.mark.parametrize("message", [
    "scanner won't read the labels, customers phoning the shop asking where their orders are",
    "the softphone drops and I lose the caller halfway through every call",
    "Every duty manager in the building is locked out of the rota system",
])
def test_those_served_or_everyone_of_a_kind_affected_is_wide_impact(message):
    u = urgency(message, learned=False)
    assert u is not None and u.kind == "wide_impact"


def test_an_ok_great_before_a_request_is_not_the_subject():
    assert summarize("ok great - can I get a Miro licence for the workshop next week?") == "Can I get a Miro licence for the workshop next week?"


# -- blind sets 47-50 (first run 113/120), other wordings


@pytest.mark.parametrize("message", [
    "the card reader on the pharmacy counter isn't accepting contactless payments since lunch",
    "till 3 is down so customers have to pay cash at the other till",
    "the ultrasound cart died mid procedure and we need the images in the next 15 minutes",
    "the infusion pump monitor froze while the patient is sedated",
    "the court bundle emails keep bouncing and they all have to be out by Thursday",
    "clicked a link in a text that looked like it came from our bank and typed my online banking password in",
])
def test_more_ways_of_saying_it_is_urgent(message):
    assert urgency(message, learned=False) is not None


def test_no_emergency_is_calm():
    assert urgency("the second screen flickers every few minutes, no emergency, just annoying", learned=False) is None


@pytest.mark.parametrize(("message", "subject"), [
    ("Sage is down for the whole finance team, none of us can post invoices. Month end won't close if this isn't back "
     "by tonight", "Sage is down for the whole finance team, none of us can post invoices"),
    ("not sure if this is the right place but the dishwasher controller in the kitchen shows E4 and won't start",
     "The dishwasher controller in the kitchen shows E4 and won't start"),
])
def test_the_fault_not_its_consequence_nor_an_unsure_opening(message, subject):
    assert summarize(message) == subject


def test_a_tool_that_throws_an_error_is_an_incident_whatever_its_request_id():
    message = ("the stock planner throws this when I try to publish the order plan:\n\nERROR 500: NullReferenceException "
               "at PlanPublisher.Publish()\nRequest ID: 4c1d-99a0\n\nThe plan has to go to the stores by 4pm today.")
    assert parse(message).problem_type == "Incident"
