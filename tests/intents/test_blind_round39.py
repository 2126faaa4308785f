"""Classes found failing in blind sets 111-114 (first run 112/120), asserted with other wordings: a complaint in general
words only ("problem with system, not possible to work") is vague; a system named alone before "It ..." leads the
Subject, a name signing off does not; "forgot to say" at the end, in any tense, is an addendum and "if that helps" a
detail offered; a system's three initials seldom written in English are specific enough to match an open case; a person
overdue or stranded out there is a safety matter; "in about 2 hours" is a time ahead; a queue of lads is people
waiting."""
from __future__ import annotations

from intents.cues import Cue, has
from intents.similarity import likely_same_problem
from intents.subject import summarize
from intents.tone import vague_complaint
from intents.urgency import urgency


def test_a_complaint_in_general_words_only_is_vague():
    assert vague_complaint("good morning, big problem with the system again, impossible to work")
    assert vague_complaint("hi we have an issue")
    assert not vague_complaint("hi, problem with the label printer again")


def test_a_system_named_alone_before_it_leads_the_subject():
    assert summarize("Cerner. It freezes every time I open a discharge letter").startswith("Cerner: it freezes")
    assert summarize("The scanner jams on every page. Thanks. Dave") == "The scanner jams on every page"


def test_forgot_to_say_at_the_end_is_an_addendum_and_if_that_helps_is_offered():
    assert has("the asset tag is LT-2231, I forget to mention", Cue.ADDENDUM)
    assert has("cheers. the dock is a Lenovo USB-C one if that helps", Cue.OFFERED)
    assert not has("I forget my password every month", Cue.ADDENDUM)


def test_three_rare_initials_match_an_open_case():
    assert likely_same_problem(["hmi", "blank", "press"], {"hmi", "screen", "frozen", "line"})
    assert not likely_same_problem(["tab", "blank"], {"tab", "chrome", "crash"})


def test_a_person_overdue_out_there_is_a_safety_matter():
    found = urgency("the tracking map stopped updating and we've got a stranded kayaker off the point")
    assert found is not None and found.kind == "safety"


def test_in_about_two_hours_is_a_time_ahead():
    assert urgency("the ticket printer won't print and the gates open in about 2 hours") is not None


def test_a_queue_of_lads_is_people_waiting():
    found = urgency("the canteen till is rejecting cards, queue of lads building up")
    assert found is not None and found.kind == "wide_impact"
