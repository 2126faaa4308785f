"""Classes found failing in blind conversation sets 15-17 (first run 76/90), asserted with other wordings: a story
that turns to the problem ("Unfortunately ..."), the fault after a comma in a long narrative sentence, a list
announced by its first words, what is happening now in a security incident, work that has to go out or on air soon, a
queue forming in front of the person (not a print queue), yes and no in other languages, "update on my X ticket: ..."
as news for it, a vague complaint with a few words of another language, "btw" opening an addition."""
import pytest

from intents import parse
from intents.cues import Cue, has
from intents.subject import summarize
from intents.tone import vague_complaint
from intents.urgency import urgency
from intents.yes_no import NO, YES


def test_a_story_that_turns_to_the_problem():
    message = ("Dear all, I have run the evening language classes in the annexe for six years and we have always used "
               "the same room, which many learners rely on because it is near the bus stop. Last month the room was "
               "refurbished and I was told everything would be reinstalled. Sadly the smartboard in A2 shows no "
               "picture from the teaching laptop at all. Best wishes, Marta")
    assert summarize(message).casefold().startswith("the smartboard in a2 shows no picture")


def test_the_fault_after_a_comma_in_a_long_story_sentence():
    message = ("Morning, so we came back from the site visit and after I had uploaded all the photos to the project "
               "folder, the CAD viewer just crashes the moment I open any drawing from it, on both of my screens")
    assert summarize(message).casefold().startswith("the cad viewer just crashes")


def test_a_list_announced_by_its_first_words_keeps_them():
    message = "Hi,\nthe new reception PC has a few issues:\n- no sound\n- the printer is missing\n- Teams won't sign in"
    assert summarize(message).casefold().startswith("the new reception pc has a few issues")


def test_what_is_happening_now_in_a_security_incident_is_the_subject():
    message = ("Had a text from 'the bank' yesterday and typed my work password on the page it linked to. Now my "
               "mailbox is sending messages to suppliers that I never sent.")
    assert "mailbox" in summarize(message)


@pytest.mark.parametrize("message, kind", [
    ("the newsletter has to go out tonight and Mailchimp won't load our template", "deadline"),
    ("the playout server keeps dropping frames and the show goes live at 7", "deadline"),
    ("card machine on till 2 keeps rebooting and there's a queue forming", "wide_impact"),
])
def test_deadlines_and_queues_in_other_wordings(message, kind):
    found = urgency(message)
    assert found is not None and found.kind == kind


def test_a_print_queue_is_no_people():
    assert urgency("the print queue keeps growing and nothing comes out") is None


@pytest.mark.parametrize("answer, yes", [("ja bitte", True), ("oui", True), ("sí, gracias", True),
                                         ("nein", False), ("non merci", False), ("não", False)])
def test_yes_and_no_in_other_languages(answer, yes):
    assert bool((YES if yes else NO).match(answer))


def test_an_update_on_a_case_named_by_topic_is_news_for_it():
    p = parse("quick update on my warehouse scanner ticket: now all the pickers on nights are blocked")
    assert p.intent == "add_comment"


def test_a_vague_complaint_with_a_few_words_of_another_language_is_vague():
    assert vague_complaint("ne marche pas 😤 it's not working")
    assert not vague_complaint("the docking station. not working")


def test_by_the_way_opens_an_addition():
    assert has("btw it's the older Lenovo dock, the new ones are fine", Cue.ADDITIVE)
