"""Conversation classes found failing in blind sets 143-146 (first run 109/120), asserted through the bot with other
wordings: "something's not working" is asked about, not filed; an alarm that has stopped sending texts is IT's whatever
place it is at (not the facilities pointer for "kitchen")."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_something_not_working_is_asked_about(bot, h):
    [reply] = h.say("amy", "hi, something's not working")
    assert "what isn't working" in all_text(reply).lower() and not h.open_cases("amy")


def test_an_alarm_that_stopped_sending_texts_is_filed_wherever_it_is(bot, h):
    [reply] = h.say("amy", "The freezer temperature alarm in the staff kitchen has stopped sending texts to the duty "
                           "manager")
    assert "I filed case" in all_text(reply) and len(h.open_cases("amy")) == 1
