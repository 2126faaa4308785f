"""Classes found failing in blind sets 131-134 (first run 111/120), asserted with other wordings: gas monitoring lost
is a safety matter; refunding people while it lasts costs money; "this really needs fixing before then" wants it
working against the clock; access had and lost ("I had write access last week") is an Incident; a newcomer named
between commas ("a new driver, Tomasz, starting Monday") gets what they need as the Subject; a story clause before "and
the <thing> has started ..." is no Subject; "Bit of a weird one." is a courtesy."""
from __future__ import annotations

from intents import parse
from intents.subject import summarize
from tests.intents.conftest import urgency_kind as _kind



def test_gas_monitoring_lost_is_a_safety_matter():
    assert _kind("the H2S sensor on the sour water stripper shows no readings, we can't monitor the gas in bay 4") \
        == "safety"
    assert _kind("can you move the gas safety certificate folder to the new drive?") is None


def test_refunding_people_while_it_lasts_costs_money():
    assert _kind("the washer app charges people but the machines don't start, we are having to refund customers from "
                 "the till") == "wide_impact"


def test_this_needs_fixing_before_a_time_ahead_is_a_deadline():
    assert _kind("the audit is tomorrow at 9 so this really needs fixing before then") == "deadline"


def test_access_had_and_lost_is_an_incident():
    text = ("Getting this when I push to the infra repo:\n```\nERROR: Permission to acme/infra.git denied to jsmith.\n"
            "fatal: Could not read from remote repository.\n```\nI had write access last week")
    assert parse(text).case_type == "Incident"
    assert parse("I had access to the drive but need it for the new folder too, can I get it?").case_type \
        == "Service Request"


def test_a_newcomer_named_between_commas_gets_what_they_need_as_the_subject():
    subject = summarize("Morning! We've got a new dispatcher, Olu, starting with us on the 4th. Could she get a login "
                        "for RouteMaster and a headset please? Thanks, Ben")
    assert "RouteMaster" in subject and subject.startswith("New dispatcher")


def test_a_story_clause_before_the_fault_is_no_subject():
    subject = summarize("We've been unloading the Tuesday delivery all afternoon and the handheld scanner on dock 2 has "
                        "started beeping at every barcode without reading it - batteries are fine.")
    assert subject.lower().startswith("the handheld scanner")


def test_a_weird_one_is_a_courtesy():
    subject = summarize("Hi all, bit of a strange one. The badge printer at reception prints every card blank since "
                        "yesterday. Not urgent. Thanks, Kim")
    assert subject.startswith("The badge printer")
