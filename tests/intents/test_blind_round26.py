"""Classes found failing in blind sets 59-62 (first run 105/120), asserted with other wordings: a lead-in naming a small
matter or a worry is no Subject; a since-clause before a comma is cut; "stopped working" is a fault as strong as a
negation; a new starter set up "with" things keeps whom it is for; a resuscitation team's pagers and the phones ringing
non-stop are urgent, "not desperately urgent" is calm, and "since this morning" is no time ahead; someone's
possessive ending in s ("Canon Richards' ticket") is another's case; a system double-booking is a fault; a bare "and
what about mine?" asks about the person's own case."""
from __future__ import annotations

import pytest

from intents import cues, parse
from intents.cues import Cue
from intents.subject import summarize
from intents.urgency import urgency


@pytest.mark.parametrize(("message", "word", "not_word"), [
    ("Quick one, no rush: the wall clock display in the canteen shows UTC instead of local time", "clock", "Quick"),
    ("Slightly concerned - I left my laptop unlocked on the train and someone may have used it", "laptop", "concerned"),
    ("Since the weekend's patch, customers paying by card aren't getting their receipts by email", "receipts", "Since"),
    ("The barcode printer in goods-in has stopped working - every label we print comes out blank and drivers can't "
     "sign for deliveries", "printer", "drivers"),
])
def test_the_subject_starts_at_the_fault(message, word, not_word):
    subject = summarize(message)
    assert word.casefold() in subject.casefold() and not_word.casefold() not in subject.casefold(), subject


def test_a_new_starter_set_up_with_things_keeps_whom_they_are_for():
    subject = summarize("Morning! We've got a new duty manager (Ana Silva) starting on Monday. Could you set her up "
                        "with a laptop, an email and a rota login please? Thanks, Jo")
    assert subject.casefold().startswith("new duty manager") and "laptop" in subject, subject


@pytest.mark.parametrize("message", [
    "half the trauma pagers didn't go off in this morning's test, if there's a call tonight they'll miss it",
    "the reservations phones have been ringing off the hook since the booking site went down",
])
def test_urgent(message):
    assert urgency(message) is not None


@pytest.mark.parametrize("message", [
    "the archive scanner won't save to the shared folder. It isn't terribly urgent, I can email the scans for now",
    "the lobby screen dashboards for the gallery show nothing since this morning",
])
def test_not_urgent(message):
    assert urgency(message) is None


def test_a_possessive_ending_in_s_names_another_persons_case():
    assert cues.has("any news on James' laptop ticket? he asked me to chase", Cue.OTHER_PERSONS_CASE)


def test_a_system_double_booking_is_a_fault_to_file():
    assert parse("Bookwhen keeps letting two families double book the same party room on Sundays").intent == "file_case"
