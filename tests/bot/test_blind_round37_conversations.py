"""Conversation classes found failing in blind sets 115-118 (first run 109/120), asserted through the bot with other
wordings: "add to my ticket: <news>" with two open cases asks which, however a word of the news happens to match one
("desk" in "desktop"), and a typed answer picks it; "can you add that <clause>" right after a case was shown is added
to it, not filed."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_news_for_my_ticket_with_two_open_cases_asks_which_and_a_typed_answer_picks(bot, h):
    h.file_case("amy", "Headset crackling on the softphone")
    monitor = h.file_case("amy", "Desktop monitor flickering after the update")
    [asked] = h.say("amy", "add to my ticket: I'm working from the desk by the window on Thursday, come by any time")
    assert "which case" in all_text(asked).lower() and not h.comments(monitor.id)
    h.say("amy", "the monitor one")
    assert len(h.comments(monitor.id)) == 1


def test_can_you_add_that_after_a_case_was_shown_adds_to_it(bot, h):
    case = h.file_case("amy", "Stock figures on the web shop wrong for tiles")
    h.say("amy", "morning, any update on the web shop stock one?")
    h.say("amy", "thanks. could you add that a customer ordered 12 boxes online yesterday that we haven't got")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1
