"""Case references (in a dozen spellings), numbers that are not case numbers, keywords, the lemmatiser."""
from __future__ import annotations

import pytest

from intents.entities import find_case_refs, normalise_case_number
from intents.words import keywords, lemmatise


@pytest.mark.parametrize("text,number", [
    ("case 1234", "00001234"),
    ("Case #1234 please", "00001234"),
    ("#00001234", "00001234"),
    ("ticket 00001234", "00001234"),
    ("CS-00001234 status", "00001234"),
    ("cs00001234", "00001234"),
    ("case number: 42", "00000042"),
    ("ticket no. 7 pls", "00000007"),
    ("my ticket#555", "00000555"),
    ("close case no 1234", "00001234"),
    ("re: 00001234", "00001234"),
    ("incident 99", "00000099"),
    ("is 00004567 still being worked on", "00004567"),
    ("the state of 00001010", "00001010"),  # zero-padded 8 digits need no case word
    ("case#1234", "00001234"),
    ("Case Number 00001234", "00001234"),
    ("ticket-1234", "00001234"),
    ("SR1234", "00001234"),
    ("(case 1234)", "00001234"),
    ("Case 1234.", "00001234"),
    ("cases 1234 and 5678", "00001234"),
    ("it's case 1234 not 5678", "00001234"),
    ("my issue #1234", "00001234"),
    ("request #55", "00000055"),
])
def test_explicit_case_numbers(text, number):
    assert find_case_refs(text).explicit_number == number


@pytest.mark.parametrize("text", [
    "it's been 3 days",
    "still broken after 2 weeks",
    "call me at +1 415 555 0100",
    "my number is 415-555-0199",
    "call +44 20 7946 0958",
    "getting error 404 on the portal",
    "http 500 on checkout",
    "since the windows 11 upgrade",
    "iphone 15 won't charge",
    "192.168.1.20 is unreachable",
    "meeting at 3pm",
    "meeting at 15:30",
    "since 12/05/2024",
    "back on 2024-11-03",
    "in 2024 we moved",
    "it costs $500",
    "it costs 500 dollars",
    "version 2.3.1 crashes",
    "v2 is broken",
    "room 204 projector",
    "ext 4567",
    "need 2 laptops",
    "request 2 monitors",
    "10 people can't log in",
    "100% cpu all day",
    "my ram is 16 gb",
    "order 123456789 never arrived",
    "case 123456789",
    "case 0",
    "floor 3 printer",
    "the 3rd floor wifi",
    "I have 1234 emails",
    "1,234 files",
    "$1234",
    "1234567890",
    "my case from 2023",
    "Acme Inc 2024",
    "order #12345 never arrived",
    "PR #42 breaks the build",
    "my otp 654321 is rejected",
    "2fa code 123456",
    "badge 10042 does not open the door",
    "employee id 12345",
    "at 1530",
    "call 555-0100",
    "PO 4500012345",
    "request 3 new laptops",
    "check 5 days later",
    "yes it's the one from last year, asset tag 4411",
    "serial 5544, ip 1234 on the lab",
    "printer 4411 on floor 2 jams",
    "update 10 people",
    "close 1.5",
])
def test_numbers_that_are_not_case_numbers(text):
    refs = find_case_refs(text)
    assert refs.explicit_number is None and refs.bare_number is None, refs


@pytest.mark.parametrize("text,number", [
    ("close 1234", "00001234"),
    ("reopen 5678 it broke again", "00005678"),
    ("any news on 918?", "00000918"),
    ("reopen 42", "00000042"),  # short numbers only right after a case verb
    ("status of 12", "00000012"),
])
def test_bare_numbers_are_candidates(text, number):
    refs = find_case_refs(text)
    assert refs.explicit_number is None and refs.bare_number == number
    assert refs.number_for(acts_on_case=True) == number
    assert refs.number_for(acts_on_case=False) is None


def test_explicit_reference_wins_over_other_numbers():
    refs = find_case_refs("case 1234: it's been 3 days, call me at +1 415 555 0100")
    assert refs.explicit_number == "00001234" and refs.number_for(acts_on_case=False) == "00001234"


@pytest.mark.parametrize("text,case_id", [
    ("5003000000D8cuIAAR", "5003000000D8cuIAAR"),
    ("close 5003000000D8cuI please", "5003000000D8cuI"),
    ("see https://x.my.salesforce.com/5003000000D8cuIAAR", "5003000000D8cuIAAR"),
])
def test_salesforce_case_ids(text, case_id):
    assert find_case_refs(text).case_id == case_id


@pytest.mark.parametrize("text", [
    "internationalization",  # 20 letters, no Id
    "500 errors everywhere",
    "0053000000D8cuIAAR",  # a User Id (005), not a Case
    "5003000000D8cuIAARX",  # 19 characters
])
def test_not_case_ids(text):
    assert find_case_refs(text).case_id is None


def test_normalise_case_number():
    assert normalise_case_number("1234") == "00001234"
    assert normalise_case_number("00001234") == "00001234"
    assert normalise_case_number("123456789") is None
    assert normalise_case_number("0000") is None
    assert normalise_case_number("") is None


@pytest.mark.parametrize("word,lemma", [
    ("crashing", "crash"), ("crashed", "crash"), ("stopped", "stop"), ("freezing", "freeze"),
    ("updated", "update"), ("deleting", "delete"), ("batteries", "battery"), ("monitors", "monitor"),
    ("boxes", "box"), ("broken", "break"), ("lost", "lose"), ("logging", "log"), ("printers", "printer"),
    ("windows", "windows"), ("teams", "teams"), ("access", "access"), ("status", "status"),
    ("laptop's", "laptop"), ("vpn", "vpn"), ("replied", "reply"), ("reimbursed", "reimburse"),
    ("archiving", "archive"), ("configured", "configure"), ("migrated", "migrate"), ("formatted", "format"),
    ("occurred", "occur"), ("printed", "print"), ("installed", "install"),
])
def test_lemmatise(word, lemma):
    assert lemmatise(word) == lemma


@pytest.mark.parametrize("text,expected", [
    ("my outlook keeps crashing and the printers aren't working pls", ["outlook", "crash", "printer"]),
    ("any news on my vpn one?", ["vpn"]),
    ("please file a ticket about the broken monitors", ["break", "monitor"]),
    ("close case 1234, the laptop battery issue is fixed", ["laptop", "battery"]),
    ("status of my jira access request", ["jira", "access"]),
    ("hi, thanks!", []),
])
def test_keywords(text, expected):
    assert keywords(text) == expected
