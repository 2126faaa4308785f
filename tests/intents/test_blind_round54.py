"""Classes found failing in blind sets 183-186 (first run 114/120 on 6edca7a), asserted with other wordings: a count of
the people just named, waiting ("six of them waiting"), is people kept waiting; a gas monitor frozen or not updating,
or gas levels that cannot be seen, is a safety matter; "I write to inform you that" leaves the Subject; a formal
request whose verb is courtesy ("access to X for our new clerk, ...") is the request, not what the newcomer needs
after it; a line introducing what a machine says ("X is giving me this:") names the thing before its words; a thing
named before a dash keeps its name when the fault after it says "it"."""
from __future__ import annotations

from intents.subject import summarize
from tests.intents.conftest import urgency_kind as _kind


def test_a_count_of_those_just_named_waiting_is_people_kept_waiting():
    assert _kind("The couriers keep ringing the office and there are six of them waiting in reception for their "
                 "manifests because the label printer is down") == "wide_impact"
    assert _kind("I have loads of them to scan before Friday, the scanner is slow") is None


def test_a_gas_monitor_frozen_or_levels_unseen_is_a_safety_matter():
    assert _kind("the gas monitoring screen in the boiler house froze overnight and is not updating") == "safety"
    assert _kind("the logging PC crashed so we can't see the oxygen and nitrogen levels in the cryo store") == "safety"


def test_i_write_to_inform_you_leaves_the_subject():
    subject = summarize("Dear Sir, I write to inform you that the parking permit printer at the front desk has stopped "
                        "feeding cards. Yours sincerely, A. Patel")
    assert subject.startswith("The parking permit printer") and "inform" not in subject


def test_a_formal_request_is_the_request_not_what_the_newcomer_needs_after_it():
    subject = summarize("Dear Service Desk, I am writing to request access to Carefirst for our new social worker, "
                        "Tom Reid, who joins the east team on Monday. He will need to be able to record visits and run "
                        "reports. Kind regards, Jo")
    assert "Carefirst" in subject


def test_a_line_introducing_a_machines_words_names_the_thing_before_them():
    subject = summarize("The rota app is giving me this:\nERR_CONNECTION_RESET\nThe rota has to go out by 4.")
    assert subject == "The rota app: ERR_CONNECTION_RESET"


def test_a_thing_named_before_a_dash_keeps_its_name_when_the_fault_says_it():
    subject = summarize("Timesheet upload page on the staff portal - when I attach the PDF it just spins and then "
                        "says my session has ended")
    assert "Timesheet" in subject
