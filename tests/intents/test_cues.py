"""The conversation's cues (intents/cues.py) and the Utterance built from them: pure, no model."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from intents.cues import Cue, about_number, comment_body, found, ordinal
from intents.utterance import understand


@pytest.mark.parametrize("text, cue", [
    ("yes", Cue.YES), ("go ahead", Cue.YES), ("that one", Cue.YES), ("nah", Cue.NO), ("not that one", Cue.NO),
    ("yep", Cue.BARE_YES_NO), ("ok", Cue.ACKNOWLEDGEMENT), (":+1:", Cue.ACKNOWLEDGEMENT),
    ("never mind", Cue.NEVER_MIND), ("forget it", Cue.NEVER_MIND), ("thanks!", Cue.THANKS),
    ("hey there", Cue.GREETING), ("the other one", Cue.OTHER_ONE), ("my closed cases", Cue.CLOSED_LIST),
    ("close my vpn case", Cue.DESCRIBES_CASE), ("about my printer ticket - blank pages", Cue.DESCRIBES_CASE),
    ("the vpn one", Cue.DESCRIBES_CASE), ("my laptop issue is back", Cue.DESCRIBES_CASE),
    ("it also crashes on wifi", Cue.FOLLOW_UP), ("status of my cases", Cue.PLURAL_CASES),
    ("reopen it please", Cue.REOPEN_ONLY), ("thanks, that fixed it", Cue.SAYS_FIXED),
    ("what did they ask?", Cue.ASKS_WHAT_AGENT_WANTS), ("it's not working", Cue.VAGUE),
    ("could I speak with someone from IT?", Cue.ASKS_FOR_PERSON), ("I want a real human", Cue.ASKS_FOR_PERSON),
])
def test_each_cue_is_found(text, cue):
    assert cue in found(text)


@pytest.mark.parametrize("text, cue", [
    ("yes the printer is broken", Cue.YES), ("no network on floor 3", Cue.NO), ("ok so my vpn drops", Cue.ACKNOWLEDGEMENT),
    ("cancel my headset request", Cue.NEVER_MIND), ("reopen it, it broke again on wifi", Cue.REOPEN_ONLY),
    ("that did not fix it", Cue.SAYS_FIXED), ("the other one", Cue.DESCRIBES_CASE),
    ("I have the same issue on my monitor", Cue.DESCRIBES_CASE),
    ("the person next to me can't log in", Cue.ASKS_FOR_PERSON), ("my manager wants a new laptop", Cue.ASKS_FOR_PERSON),
])
def test_a_cue_is_not_read_into_a_request(text, cue):
    assert cue not in found(text)


def test_ordinals_numbers_and_comment_bodies():
    assert ordinal("the second one") == 1 and ordinal("the last case") == -1 and ordinal("my vpn") is None
    assert about_number("what about 1006?") == "00001006" and about_number("1006 is broken") is None
    assert comment_body("add a comment to case 00001234: it works now") == "it works now"
    assert comment_body("tell them it happens on wifi too") == "It happens on wifi too"


def test_a_bare_number_inside_the_comment_is_not_its_case():
    parse = SimpleNamespace(intent="add_comment", confident=True, case_number="00008500", case_id=None,
                            keywords=[], case_type=None, case_number_bare=True)
    u = understand("add to my headset case: it's a Jabra Evolve2 8500", parse)
    assert u.comment_case_ref is None and u.comment_body == "it's a Jabra Evolve2 8500"


def test_status_shaped_only_when_the_model_is_unsure():
    unsure = SimpleNamespace(intent="unknown", confident=False, keywords=[], case_number=None, case_id=None)
    sure = SimpleNamespace(intent="file_case", confident=True, keywords=[], case_number=None, case_id=None)
    assert understand("status?", unsure).status_shaped and not understand("status?", sure).status_shaped
    assert understand("what about 1006?", unsure).status_ref == "00001006"


def test_news_asked_about_a_case_named_by_topic_is_status_shaped_but_a_new_fault_after_it_is_not():
    from intents.cues import status_shaped
    assert status_shaped("any word on the badge printer one?", has_keywords=True)
    assert status_shaped("what's the deal with my monitor request", has_keywords=True)
    assert not status_shaped("what's the latest with my monitor, it went black again", has_keywords=True)


def test_a_machine_message_introduced_is_an_addition():
    from intents.cues import Cue, has
    assert has("output from the printer: PCL XL error", Cue.ADDITIVE)
    assert has("the popup says: licence server unreachable", Cue.ADDITIVE)
    assert not has("error messages everywhere in Outlook", Cue.ADDITIVE)
