"""Urgency classes found failing in blind sets 151-154 (first run 110/120 on the stop's final bot), asserted with other
wordings: an account someone got into, and a change of bank details asked for by e-mail, are security incidents;
"across campus" is wide, as are callers dropped mid-call; a chest pain is someone's safety."""
from __future__ import annotations

from intents.urgency import urgency
from tests.intents.conftest import urgency_kind as _kind



def test_an_account_someone_got_into_is_a_security_incident():
    assert _kind("somebody has got into our shop facebook page and is posting weird links") == "security"


def test_a_change_of_bank_details_asked_for_by_email_is_a_security_incident():
    assert _kind("we had an email from a supplier asking us to change their bank details before the next payment run. "
                 "the address looks a bit off") == "security"
    assert _kind("how do I change my own bank details for payroll?") is None


def test_across_campus_is_wide():
    got = urgency("the door access server is offline so no badges work across the site", learned=False)
    assert got is not None and got.kind == "wide_impact" and "across the site" in got.reason


def test_callers_dropped_mid_call_are_wide():
    assert _kind("my softphone keeps freezing, two callers dropped on me this morning") == "wide_impact"


def test_a_chest_pain_is_a_safety_matter():
    assert _kind("CAD screen froze while I was taking a call about a chest pain") == "safety"


def test_none_of_them_getting_any_is_a_fault():
    from intents import parse
    assert parse("Despatch room: none of the 4 desks are getting any radio traffic on the consoles, so jobs can only go "
                 "out from the main room. Need someone ASAP").case_type == "Incident"


def test_when_something_comes_is_no_thing_to_lead_the_subject():
    from intents.subject import summarize
    subject = summarize("Hi! The touring choir from Lyon arrives on Friday. Their director needs a guest wifi login for "
                        "the rehearsal room for the weekend so she can stream the scores. Merci, Anne")
    assert subject.startswith("Their director needs a guest wifi login")
