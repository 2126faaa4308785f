"""Classes found failing in blind sets 99-102 (first run 110/120), asserted with other wordings: a burning smell with a
word between is a hazard; "critical care" is a specialty, not urgency; a password given to a caller with more words
before it is given away; a card number typed into notes is a security incident; "so we're running fine" is a way round;
letting two people book one slot is a fault; a product's own casing in brackets stays in the Subject; a newcomer
announced before " - " keeps whom the want is for; a clause saying only when something is due gives way to the fault
after it; a short fault said first, then how it shows, stays whole; "how many days of leave" is the HR pointer's."""
from __future__ import annotations

from intents import parse
from intents.subject import summarize
from intents.urgency import urgency


def test_a_burning_smell_with_a_word_between_is_a_hazard():
    found = urgency("there's a burning rubber smell from the laminator in the print room")
    assert found is not None and found.kind == "safety"


def test_critical_care_is_a_specialty_not_urgency():
    assert urgency("can the new critical care nurse get a login for the ward tablets?") is None


def test_a_password_given_to_a_caller_is_given_away():
    found = urgency("my colleague read the stores system admin password out to a caller claiming to be from Microsoft")
    assert found is not None and found.kind == "security"


def test_a_card_number_typed_into_notes_is_a_security_incident():
    found = urgency("a customer gave me their card number over the phone and I put it in the comments box on the order")
    assert found is not None and found.kind == "security"


def test_running_fine_meanwhile_is_no_learned_urgency():
    p = parse("the historian trends show no data since midnight, the SCADA screens are live so we're running fine")
    assert p.intent == "file_case"
    assert urgency("the historian trends show no data since midnight, the SCADA screens are live so we're running fine") \
        is None


def test_letting_two_people_book_one_slot_is_a_fault():
    assert parse("the room booking page keeps letting two people book the same meeting room").intent == "file_case"


def test_a_products_own_casing_in_brackets_stays_in_the_subject():
    assert "(iAuditor)" in summarize("the inspection app (iAuditor) on my tablet won't open since the update")


def test_a_newcomer_announced_before_a_dash_keeps_whom_the_want_is_for():
    subject = summarize("new starter on Monday (Ana Silva, practice nurse) - can she get logins for EMIS and the "
                        "Docman inbox please?")
    assert subject.startswith("New starter:") and "EMIS" in subject, subject


def test_a_clause_saying_only_when_gives_way_to_the_fault_after_it():
    subject = summarize("The inspectors are visiting us tomorrow at 9 and the HACCP tablet in the bakery won't upload - "
                        "three days of temperature checks are stuck on it")
    assert subject.startswith("The HACCP tablet"), subject


def test_a_short_fault_then_how_it_shows_stays_whole():
    subject = summarize("The booking line is down – callers hear silence after choosing option 2 for appointments")
    assert subject.startswith("The booking line is down"), subject


def test_how_many_days_of_leave_is_a_question_for_hr():
    from bot.usecases.requests import asks_how
    assert asks_how("How many days annual leave have I got left? the portal shows 0")
