"""Classes found failing in blind sets 71-74 (first run 112/120), asserted with other wordings: a pasted one-line code
block is the program's text, not the Subject; people counted "in the queue" are kept waiting; a device that could catch
fire is a safety incident (urgent, an Incident); credentials typed after the lure are kept in the Subject; a thing
doing its job again ("it's reading cards now") says it works; an event named with its clock time ahead and machines
stopped are urgent; a bare "and mine?" after an acknowledgement asks for the person's own cases, by no word of it."""
from __future__ import annotations

import pytest

from intents import cues, parse
from intents.paste import prose
from intents.subject import summarize
from intents.tone import says_fixed
from intents.urgency import urgency


def test_a_one_line_code_block_is_pasted_text_not_the_subject():
    text = "Label printer on dock 3 is down. The panel shows:\n```E-117 HEAD OPEN - CLOSE PRINTHEAD```\nlorries due at 4"
    assert "E-117" not in prose(text)
    assert "label printer" in summarize(text).casefold()


def test_people_counted_in_the_queue_are_kept_waiting():
    found = urgency("the ticket machines at the north entrance won't take cards, 60 fans in the queue already")
    assert found is not None and found.kind == "wide_impact"


@pytest.mark.parametrize("text", [
    "the battery in my work laptop is bulging, the trackpad is lifting up",
    "the charging cradle for the scanners started smoking this morning, I've unplugged it",
    "there's a burning smell coming from the back of the label printer",
])
def test_a_device_that_could_catch_fire_is_a_safety_incident(text):
    found = urgency(text)
    assert found is not None and found.kind == "safety"
    assert parse(text).case_type == "Incident"


def test_credentials_typed_after_the_lure_are_kept_in_the_subject():
    subject = summarize("Had a text saying 'your payroll login has expired' and I opened it and entered my payroll "
                        "username and password before I noticed the address was odd")
    assert "password" in subject, subject


@pytest.mark.parametrize("text", [
    "oh wait, unplugged the reader and it's recognising badges now",
    "scrap that, it's accepting contactless again",
    "turned it off and on and it's taking payments fine now",
])
def test_a_thing_doing_its_job_again_says_it_works(text):
    assert says_fixed(text)


@pytest.mark.parametrize("text", ["the scanner is reading the wrong barcodes now", "it's not reading cards now"])
def test_a_thing_doing_its_job_wrongly_is_not_fixed(text):
    assert not says_fixed(text)


def test_an_event_named_with_its_clock_time_ahead_is_urgent():
    found = urgency("the rota export keeps failing and I need it for the 6am shift briefing")
    assert found is not None and found.kind == "deadline"


def test_machines_stopped_are_urgent():
    found = urgency("the control screen froze and the ovens are stopped, nobody can restart them without it")
    assert found is not None
    found = urgency("HMI is blank so the wrappers are all stopped")
    assert found is not None and "stopped" in found.reason


def test_a_bare_question_for_ones_own_after_an_acknowledgement_names_no_case():
    assert cues.bare_status_naming("right, understood. and mine?") == ""
    assert cues.bare_status_naming("ok thanks. what about mine then, the docking station one") == "the docking station one"
    assert cues.bare_status_naming("my docking station is broken") is None


def test_a_short_headline_leads_a_subject_that_does_not_name_its_thing():
    subject = summarize("Ordering is broken!! diners get 'Order could not be sent' at the last step on every table, "
                        "card and cash too. please look now")
    assert subject.casefold().startswith("ordering is broken: diners get"), subject
    assert summarize("Big problem. The card machines all say declined").casefold().startswith("the card machines")


def test_the_lead_of_a_reading_is_its_distance_from_the_next():
    from types import SimpleNamespace

    from intents.utterance import understand
    unsure = SimpleNamespace(intent="add_comment", confidence=0.54, confident=False, source="model",
                             alternatives=[("add_comment", 0.54), ("file_case", 0.22)], case_number=None, keywords=[],
                             case_type=None, problem_type=None, case_number_bare=False, case_id=None)
    assert abs(understand("its the one in the back lab", unsure).lead - 0.32) < 1e-9
    torn = SimpleNamespace(**{**vars(unsure), "alternatives": [("add_comment", 0.47), ("file_case", 0.45)]})
    assert understand("its the one in the back lab", torn).lead < 0.25
