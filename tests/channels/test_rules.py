"""The pure rules of channel intake."""
from __future__ import annotations

import pytest

from bot.channels.rules import Author, Refusal, auto_request, is_pleasantry, root_of, sensitive_words, trust_refusal
from servicecloud.channel_config import ChannelsConfig, IntakeMode, RequestChannel

AUTO = RequestChannel(name="it-help", mode=IntakeMode.AUTO)
BOT = "U0CONCIERGEBOT"


@pytest.mark.parametrize("text", ["thanks!", "Thank you so much", "+1", "+1 same here", "morning all", "hi team",
                                  ":pray:", ":+1: :tada:", "ok", "cheers", "that worked, thanks", "same here",
                                  "<@U0CONCIERGEBOT> thanks", ""])
def test_pleasantries_are_not_requests(text):
    assert not auto_request({"user": "U1", "ts": "1.1", "text": text}, AUTO, bot_user_id=BOT)


@pytest.mark.parametrize("text", ["my vpn keeps dropping", "Thanks - but the printer on 3 is still jammed",
                                  "hi, I can't log in to Outlook", "ok so the badge reader is broken again"])
def test_problems_are_requests(text):
    assert not is_pleasantry(text)
    assert auto_request({"user": "U1", "ts": "1.1", "text": text}, AUTO, bot_user_id=BOT)


def test_bots_replies_and_other_modes_are_not_requests():
    problem = "my vpn keeps dropping"
    assert not auto_request({"user": "U1", "bot_id": "B1", "ts": "1.1", "text": problem}, AUTO)
    assert not auto_request({"user": BOT, "ts": "1.1", "text": problem}, AUTO, bot_user_id=BOT)
    assert not auto_request({"user": "U1", "subtype": "bot_message", "ts": "1.1", "text": problem}, AUTO)
    assert not auto_request({"user": "U1", "subtype": "message_changed", "ts": "1.1", "text": problem}, AUTO)
    assert not auto_request({"user": "U1", "ts": "1.2", "thread_ts": "1.1", "text": problem}, AUTO)
    assert not auto_request({"user": "U1", "ts": "1.1", "text": problem}, RequestChannel(mode=IntakeMode.EMOJI))
    assert root_of({"ts": "1.2", "thread_ts": "1.1"}) == "1.1" and root_of({"ts": "1.1", "thread_ts": "1.1"}) == "1.1"


def test_sensitive_words():
    config = ChannelsConfig()
    assert sensitive_words("I forgot my Password again", config) == ["password"]
    assert sensitive_words("question about my salary slip", config) == ["salary"]
    assert sensitive_words("the printer is jammed", config) == []
    assert sensitive_words("printer", ChannelsConfig(sensitive_words=["print"])) == ["print"]


def test_who_may_have_a_case_filed():
    config = ChannelsConfig()
    person = Author("U1", email="a@example.com", team_id="T1")
    assert trust_refusal(person, config, team_id="T1") is None
    assert trust_refusal(Author("U1", deleted=True, email="a@x"), config, team_id="T1") is Refusal.DEACTIVATED
    assert trust_refusal(Author("U1", guest=True, email="a@x"), config, team_id="T1") is Refusal.GUEST
    assert trust_refusal(Author("U1", guest=True, email="a@x"), ChannelsConfig(allow_guests=True), team_id="T1") is None
    external = Author("U2", email="x@partner.com", team_id="T2")
    assert trust_refusal(external, config, team_id="T1") is Refusal.EXTERNAL
    assert trust_refusal(external, ChannelsConfig(allow_external=True), team_id="T1") is None
    assert trust_refusal(Author("U1", team_id="T1"), config, team_id="T1") is Refusal.NO_EMAIL
    assert trust_refusal(Author("U1", is_bot=True, email="b@x"), config, team_id="T1") is Refusal.NOT_A_PERSON
    assert trust_refusal(Author("U1", deleted=True, email="a@x"),
                         ChannelsConfig(allow_guests=True, allow_external=True), team_id="T1") is Refusal.DEACTIVATED
