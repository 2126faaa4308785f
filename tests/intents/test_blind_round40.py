"""Classes found failing in blind sets 115-118 (first run 109/120), asserted with other wordings: "can you add (to it)
that <a clause>" asks to add a comment; "they've all just gone through" says it works; a fault in general words
only ("again is broken the thing") is vague; a thing asked for first keeps the request's Type when why it is wanted
follows in a sentence of its own, and "can the six temps be given access" asks for something (not "can I get someone
to look at it"); work put somewhere public or personal instead of where it belongs is a security incident and its
Subject; a later "and it's still not sending" points back at the fault told first, which is the Subject."""
from __future__ import annotations

from intents import parse
from intents.subject import summarize
from intents.tone import says_fixed, vague_complaint
from intents.urgency import urgency


def test_can_you_add_that_a_clause_asks_to_add_a_comment():
    assert parse("ok ta. can you add to it that the engineer is on site from 2pm").intent == "add_comment"
    assert parse("thanks! could you add that we rebooted the router and nothing changed").intent == "add_comment"
    assert parse("can you add that keyboard to my order please").intent != "add_comment"


def test_they_have_all_just_gone_through_says_it_works():
    assert says_fixed("ignore me, they've all just synced, must have been the wifi")
    assert not says_fixed("they've just sent me an error again")


def test_a_fault_in_general_words_only_is_vague():
    assert vague_complaint("hi, is broken again the thing")
    assert not vague_complaint("hi, the badge printer is broken again")


def test_a_request_first_keeps_its_type_when_why_follows_on_its_own():
    p = parse("can I get Node 20 on the build agent? the current one is 16 and the new packages won't install on it")
    assert p.case_type == "Service Request"
    p = parse("hi, could the four new agency nurses on ward 7 be given logins for the eObs tablets? they start Monday")
    assert p.case_type == "Service Request"
    assert parse("can I get someone to look at the plotter? it keeps jamming").case_type == "Incident"


def test_work_put_somewhere_public_or_personal_instead_is_a_security_incident():
    text = ("I synced the client's draft accounts folder to my personal Dropbox instead of the firm's SharePoint, and "
            "the link was shared publicly")
    found = urgency(text)
    assert found is not None and found.kind == "security"
    assert "Dropbox" in summarize(text)


def test_a_later_it_still_points_back_at_the_fault_told_first():
    subject = summarize("The door entry intercom stopped ringing through to reception overnight. A delivery driver "
                        "waited 40 minutes at 6am and nobody answered, and it's still not ringing now.")
    assert subject.lower().startswith("the door entry intercom")
