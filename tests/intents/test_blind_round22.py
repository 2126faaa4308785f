"""Classes found failing in blind sets 22-24 (first run 72/90), asserted with other wordings: a sarcastic remark, a
narrative lead-in, a call for someone to come and a subjectless "needs fixing" sentence are not the Subject; a code
block is the program's text; a quotation is never cut; passengers, vehicles and short forms of people kept waiting
are wide impact, and a caller claiming to be IT is a security scare; what the person tried ("closed and reopened it")
is no request to reopen; a correction, a request taken back and a problem gone by itself are read as such; a system
named by its acronym is an IT thing; the urgency classifier finds urgent reports the rules do not list."""
from __future__ import annotations

import pytest

from intents import parse
from intents.cues import Cue, has
from intents.paste import prose
from intents.subject import problem_sentences, summarize
from intents.urgency import urgency
from intents.utterance import understand


@pytest.mark.parametrize(("message", "subject"), [
    ("Fantastic. The shared calendar on the front desk iPad has stopped syncing again",
     "The shared calendar on the front desk iPad has stopped syncing again"),
    ("oh great, the plotter in the drawing office is printing everything in pink, just what I needed",
     "The plotter in the drawing office is printing everything in pink"),
    ("we came in, switched everything on and noticed the label printer in goods-in prints blank labels",
     "The label printer in goods-in prints blank labels"),
    ("I got in for the early shift and the rota app won't open on the ward PC",
     "The rota app won't open on the ward PC"),
    ("we upgraded the tills on Friday and since then the receipt printer cuts every receipt in half",
     "The receipt printer cuts every receipt in half"),
    ("card reader on till 3 is rejecting every card, please send someone down asap",
     "Card reader on till 3 is rejecting every card"),
])
def test_what_is_not_the_fault_stays_out_of_the_subject(message, subject):
    assert summarize(message) == subject


def test_a_subjectless_sentence_of_what_must_happen_is_not_the_subject():
    message = ("The barrier at the staff car park won't read our passes. Has to be sorted before the night shift or "
               "nobody gets in.")
    assert summarize(message) == "The barrier at the staff car park won't read our passes"


def test_a_code_block_is_the_programs_text_and_a_shell_command_too():
    message = ("my nightly backup job fails since the storage move:\n\n```\n$ ./backup.sh --full\n"
               "rsync: connection unexpectedly closed (0 bytes received so far)\n```\n\nit ran fine before")
    assert "rsync" not in prose(message) and "backup.sh" not in prose(message)
    assert summarize(message) == "My nightly backup job fails since the storage move"


def test_a_quotation_is_never_cut_inside():
    message = ("The booking page shows 'Service unavailable - please try again later' to every customer who tries to "
               "pay, since the update this morning, and nobody at the front desk can take a card payment either")
    subject = summarize(message)
    assert subject.count("'") in (0, 2), subject


def test_a_signature_after_a_sign_off_is_not_a_problem_sentence():
    message = ("Good morning,\n\nI would be grateful if a laptop could be prepared for our new lab technician.\n\n"
               "Yours sincerely,\nProf. Martin Hale\nDepartment of Chemistry\nExt 2231")
    assert problem_sentences(message) == ["a laptop could be prepared for our new lab technician"]
    assert parse(message).case_type == "Service Request"


@pytest.mark.parametrize("message", [
    "gate printer jammed, 30 pax waiting to board",
    "weighbridge down, 9 trucks queued at the gate",
    "till frozen and 20 ppl in the queue",
    "a man rang saying he was from IT and asked for my login code, I gave it to him",
])
def test_people_vehicles_and_scares_in_other_words_are_urgent(message):
    assert urgency(message) is not None


def test_what_the_person_tried_is_no_request_to_reopen():
    assert parse("Teams won't load any chats, I closed and reopened it twice, same thing").intent == "file_case"
    assert parse("please reopen my teams ticket").intent == "reopen_case"


@pytest.mark.parametrize("message", [
    "sorry my mistake, it's room 14 not room 12",
    "oops, I meant the Ricoh, not the HP",
    "correction: it's the second floor printer",
])
def test_a_correction_is_read_as_one(message):
    assert has(message, Cue.CORRECTION)


def test_an_ordinary_complaint_is_no_correction():
    assert not has("sorry, it's still not working", Cue.CORRECTION)
    assert not has("the scanner is not working", Cue.CORRECTION)


@pytest.mark.parametrize("message", ["forget that, a colleague lent me one", "changed my mind, I'll keep the old one",
                                     "actually scrap that request, we found a spare"])
def test_a_request_taken_back_is_no_longer_needed(message):
    assert has(message, Cue.NO_LONGER_NEEDED)


@pytest.mark.parametrize("message", ["it lets me log in again now", "the VPN reconnected itself, all fine"])
def test_a_problem_gone_by_itself_says_fixed(message):
    assert has(message, Cue.SAYS_FIXED)


def test_a_system_named_by_its_acronym_is_an_it_thing_but_a_shouted_word_is_not():
    assert understand("CCTV bay 4 blank", parse("CCTV bay 4 blank")).names_it_thing
    shouted = "its BOILING in the meeting room, who can turn the heating down"
    assert not understand(shouted, parse(shouted)).names_it_thing


# Urgent reports in words the rules do not list (each checked to be none of theirs): the classifier finds half of
# them (measured 3/6 at 0.95; it is tuned for no false alarm on routine reports, below).
_UNLISTED_URGENT = [
    "the x-ray viewer in consult 3 won't open any images and there's an owner with a limping dog sat waiting",
    "an owner and her cat have been in the consult room 20 minutes while the lab system spins",
    "the self check-in kiosk is frozen and a family is stood at it with their bags",
    "the bride's family are at reception and the room key encoder won't cut any cards",
    "ambulance crew are stood at the desk and the bed board won't load",
    "the band are on stage in 10 and the lighting desk has frozen",
]


def test_the_urgency_classifier_finds_half_of_what_the_rules_do_not_list():
    assert all(urgency(m, learned=False) is None for m in _UNLISTED_URGENT)
    found = [urgency(m) for m in _UNLISTED_URGENT]
    assert sum(f is not None for f in found) >= 3, found
    for message, f in zip(_UNLISTED_URGENT, found, strict=True):
        assert f is None or (f.kind == "learned" and f.phrase in message)


@pytest.mark.parametrize("message", [
    "the card machine at the parking permit counter",
    "my mouse scroll wheel is a bit sticky",
    "could I get a second monitor when convenient",
    "the print queue has 40 jobs waiting and nothing comes out",
])
def test_the_urgency_classifier_leaves_routine_reports_routine(message):
    assert urgency(message) is None


# Classes from the round's first blind sets (T-W, first run 99/120), in other wordings.

@pytest.mark.parametrize("answer", ["yes same thing, add it there", "yeah put it on that one", "yep same one, put it there"])
def test_a_typed_yes_with_where_to_put_it_answers_is_this_about(answer):
    from intents.yes_no import YES
    assert YES.match(answer)


def test_a_thing_named_with_a_case_word_in_it_is_not_a_case_reference():
    assert not has("the car park ticket machine keeps swallowing cards", Cue.DESCRIBES_CASE)
    assert has("any news on my car park ticket?", Cue.DESCRIBES_CASE)


def test_news_opening_on_now_adds_to_what_was_just_said():
    assert has("now the night shift can't print the pick lists either", Cue.ADDITIVE)
    assert not has("now what do I do?", Cue.ADDITIVE)


@pytest.mark.parametrize("message", ["ya funciona todo bien, gracias", "funktioniert wieder, alles gut", "werkt weer, bedankt"])
def test_fixed_said_in_another_language_says_fixed(message):
    assert has(message, Cue.SAYS_FIXED)


@pytest.mark.parametrize("message", ["who are you?", "what are you for exactly", "what is this bot"])
def test_asking_what_the_bot_is_is_help(message):
    assert parse(message).intent == "help"


# From sets 27-28 (first run 58/60).

@pytest.mark.parametrize("message", ["the self-service kiosk is down and there's a line of around 20 customers",
                                     "card machine rejecting everything, the queue is now right out the door"])
def test_a_queue_counted_roughly_or_reaching_the_door_is_people_kept_waiting(message):
    found = urgency(message, learned=False)
    assert found is not None and found.kind == "wide_impact", found


@pytest.mark.parametrize("message", ["THE COPIER ON THE 2ND FLOOR HAS CHEWED UP ANOTHER STACK OF INVOICES. PLEASE FIX IT",
                                     "the depot printer ate the driver sheets again, can someone look this time"])
def test_a_machine_eating_paper_is_a_fault_not_a_request_on_a_case(message):
    assert parse(message).intent == "file_case"
