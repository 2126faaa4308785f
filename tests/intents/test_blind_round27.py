"""Classes found failing in blind sets 63-66 (first run 110/120), asserted with other wordings: of one long sentence,
the first clause stating the fault is the Subject when it scores near the best (not whom it keeps out, not a quoted
message, not what still works); a time later today is a time ahead; a short "#2" after a thing's name is its number,
not a case; being steady since, a verb of its job done "now", and "restarted it and it's back" say it works; a
workaround of reopening an app is no request to reopen a case."""
from __future__ import annotations

import pytest

from intents import parse
from intents.entities import find_case_refs
from intents.subject import summarize
from intents.tone import says_fixed
from intents.urgency import urgency


@pytest.mark.parametrize(("message", "word"), [
    ("Payroll portal is down for the whole warehouse - nobody can log in, it just says 'Bad Gateway' after the "
     "password screen", "Payroll"),
    ("Rotaplan won't open on any of the office PCs - white window then 'Cannot reach licence server'", "Rotaplan"),
    ("The loyalty app stopped adding points to members' cards since Friday — purchases go through fine, there's just "
     "no points", "loyalty"),
])
def test_the_first_clause_stating_the_fault_is_the_subject(message, word):
    subject = summarize(message)
    assert word.casefold() in subject.casefold(), subject


def test_a_time_later_today_is_a_time_ahead():
    assert urgency("the lectern mic has no sound at all and the keynote is at 3 today") is not None


def test_a_things_short_number_is_no_case():
    refs = find_case_refs("the centrifuge keeps beeping on spinner #3 in lab B")
    assert refs.explicit_number is None and refs.bare_number is None


@pytest.mark.parametrize("message", [
    "the engineer swapped the router and it's been stable for an hour now",
    "ah it's synced now, must have been the VPN",
    "rebooted the till and it's back, sorry!",
])
def test_it_works_again(message):
    assert says_fixed(message)


def test_reopening_an_app_as_a_workaround_is_no_reopen_request():
    reading = parse("Revit keeps freezing when I open the big model, I just reopen it and it works for a while. "
                    "Not urgent.")
    assert reading.intent != "reopen_case"
