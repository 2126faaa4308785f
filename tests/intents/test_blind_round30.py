"""Classes found failing in blind sets 75-78 (first run 113/120), asserted with other wordings: personal data sent to
some people instead of others is a security incident whose Subject keeps where it went; "I'll get her to message you"
asks IT for nothing; a question about a deadline states no fault; "Dr Okafor here -" is who writes, not the Subject;
an event's clock time said after it is a deadline; a category 1 call at stake is safety; misreading is a fault."""
from __future__ import annotations

from intents import parse
from intents.subject import names_fault, summarize
from intents.urgency import urgency


def test_data_sent_to_some_instead_of_others_is_a_security_incident():
    text = ("I just sent the staff sickness spreadsheet to the whole parents newsletter list instead of the SLT. "
            "can we pull it back?")
    found = urgency(text)
    assert found is not None and found.kind == "security"
    assert parse(text).case_type == "Incident"
    assert "newsletter list" in summarize(text), summarize(text)


def test_getting_someone_else_to_message_asks_it_for_nothing():
    assert parse("right, no problem, I'll get him to message you himself").intent != "file_case"


def test_a_question_about_a_deadline_states_no_fault():
    assert parse("when's the cut-off for overtime claims this month? want to get mine in").intent != "file_case"


def test_who_writes_is_not_the_subject():
    subject = summarize("Sister Achebe here - the ward tablet won't load the obs chart for bay 3")
    assert subject.casefold().startswith("the ward tablet"), subject
    assert summarize("the scanner here - it's jammed again").casefold().startswith("the scanner")


def test_an_events_clock_time_said_after_it_is_a_deadline():
    found = urgency("the interpreter video link keeps dropping and the next hearing is at 10:30")
    assert found is not None and found.kind == "deadline"


def test_a_category_one_call_at_stake_is_safety():
    found = urgency("the CAD screen has frozen and I can't assign a crew to a cat 1 call")
    assert found is not None and found.kind == "safety"


def test_misreading_is_a_fault():
    assert names_fault("the till scanner is misreading barcodes on the meal deals")


def test_a_case_number_then_news_adds_to_that_case():
    found = parse("update for 4417: now the whole depot can't print, not just my desk")
    assert found.intent == "add_comment" and found.case_number == "00004417"
