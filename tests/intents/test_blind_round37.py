"""Classes found failing in blind sets 103-106 (first run 109/120), asserted with other wordings: a vague fault with
someone addressed ("mate", "hey,") or said as "gone wrong", "playing up" is still vague, and "playing up again" is no
fix; "now it is showing" says it works; "never mind, I'll just use ..." takes a request back; a greeting with whom it
is said to ("Evening lads") and a formal preamble ("I would kindly like to inform you that") leave the Subject; a thing
named in a verbless phrase, then what it does, leads the Subject; "sorry -" leaves it; "can that ticket be reopened?"
asks for a reopening; people's data pushed somewhere public is a security incident; text turned into garbage states a
fault; "if it helps the engineer" adds to the case in focus."""
from __future__ import annotations

from intents import parse
from intents.cues import Cue, has
from intents.subject import states_problem, summarize
from intents.tone import says_fixed, vague_complaint
from intents.urgency import urgency


def test_a_vague_fault_with_someone_addressed_is_still_vague():
    for text in ("lads it's acting up again", "hey, it's gone wrong", "morning guys, its packed up again",
                 "boss it's doing it again"):
        assert vague_complaint(text), text
    assert not vague_complaint("hey, the label printer has gone wrong")


def test_playing_up_again_is_no_fix_but_now_it_is_printing_is():
    assert not says_fixed("the tills are playing up again")
    assert says_fixed("ok now it is printing, the driver was stuck apparently")
    assert not says_fixed("now it is printing the wrong labels")


def test_never_mind_for_another_way_takes_a_request_back():
    assert has("ah never mind - I'll just borrow Priya's headset for the call", Cue.NO_LONGER_NEEDED)
    assert not has("I'll just use the other scanner for now, but this one still jams", Cue.NO_LONGER_NEEDED)


def test_a_greeting_with_whom_it_is_said_to_leaves_the_subject():
    subject = summarize("Afternoon gents no rush at all but the badge printer at the gate prints every card blank")
    assert subject.lower().startswith("the badge printer") and "gents" not in subject.lower()


def test_a_formal_preamble_leaves_the_subject():
    subject = summarize("Dear colleagues, I wish to inform you that the timesheet portal rejects every entry for "
                        "last week with 'Period closed'. Best regards, Anneliese")
    assert subject.lower().startswith("the timesheet portal rejects")
    assert summarize("This is to let you know that the lobby kiosk shows a blue screen").startswith("The lobby kiosk")


def test_a_thing_named_in_a_phrase_then_what_it_does_leads_the_subject():
    subject = summarize("the parcel locker bank by the loading dock. half the doors pop open and nothing scans")
    assert subject.lower().startswith("the parcel locker bank by the loading dock:")
    assert summarize("the visitor sign-in tablet at the front. doesnt print any badges").lower().startswith(
        "the visitor sign-in tablet at the front:")
    assert summarize("the plotter in the drawing office. the plotter smears every line").lower() == \
        "the plotter smears every line"


def test_sorry_and_a_dash_leave_the_subject():
    assert summarize("sorry - the autoclave log screen (Tuttnauer) shows no cycles since Tuesday").lower().startswith(
        "the autoclave log screen")


def test_asking_for_a_ticket_to_be_reopened_is_a_reopen():
    assert parse("the gate barrier app is rejecting every plate again. can my old ticket be reopened pls?").intent \
        == "reopen_case"
    assert parse("I tried closing Outlook and reopening it but it still hangs").intent != "reopen_case"


def test_peoples_data_pushed_somewhere_public_is_a_security_incident():
    found = urgency("I think I committed the customer export with home addresses to the public GitLab project")
    assert found is not None and found.kind == "security"
    assert urgency("I published the public release notes to our website") is None


def test_text_turned_into_garbage_states_a_fault():
    assert states_problem("the label software keeps converting the Greek names into question marks on every print")
    assert parse("the label software keeps converting the Greek names into question marks").intent == "file_case"


def test_offered_for_the_engineer_is_an_addition():
    assert has("thanks. in case it helps, the pump alarm cleared itself at 3am then came back", Cue.OFFERED)
    assert has("for what it's worth the other site is fine", Cue.OFFERED)
