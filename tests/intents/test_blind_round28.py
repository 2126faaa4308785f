"""Classes found failing in blind sets 67-70 (first run 114/120), asserted with other wordings: a checkout said broken
is a production fault; sign-in approvals for a login the person was not making are a security scare; a screen still
showing something stale "when" it is not so states a fault; a new starter who "will need" things in the same sentence
keeps whom they are for; someone's case named a few words after their name is theirs."""
from __future__ import annotations

from intents import cues
from intents.cues import Cue
from intents.subject import states_problem, summarize
from intents.urgency import urgency


def test_a_broken_checkout_is_urgent():
    assert urgency("the checkout is completely broken, nobody has said anything yet") is not None


def test_approvals_for_a_login_not_being_made_are_a_security_scare():
    found = urgency("got four Microsoft Authenticator prompts to approve a sign-in from Lagos, I wasn't signing in "
                    "anywhere. I pressed deny")
    assert found is not None and found.kind == "security"


def test_a_stale_screen_states_a_fault():
    assert states_problem("the departures board is still showing the 10:15 as on time when it left ages ago")


def test_a_new_starter_who_will_need_things_keeps_whom_they_are_for():
    subject = summarize("Morning, we've got a new assistant groom starting Monday and she'll need a tablet for the "
                        "yard app and an email. No rush. Thanks")
    assert subject.casefold().startswith("new assistant groom") and "tablet" in subject, subject


def test_someones_case_a_few_words_after_their_name_is_theirs():
    assert cues.has("can you tell me where Priya's at with her monitor ticket?", Cue.OTHER_PERSONS_CASE)
