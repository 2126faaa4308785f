"""Conversation classes found failing in blind sets 151-154 (first run 110/120 on the stop's final bot), asserted
through the bot with other wordings (a facilities problem the model reads as a comment is blind151's own): "where is
<name>'s ticket at?" is someone else's case; unclear words naming an open case are asked about, not small talk."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_where_someone_elses_ticket_is_at_is_not_filed(bot, h):
    [reply] = h.say("amy", "can you tell me where Marek's ticket for the self-service kiosk is at? he's off today and "
                           "the customer keeps asking")
    assert "only your own" in all_text(reply).lower() and not h.open_cases("amy")


def test_unclear_words_of_an_open_case_are_asked_about(bot, h):
    case = h.file_case("amy", "RFID security gate at Northgate alarming on every book")
    [asked] = h.say("amy", "the security gates at northgate are going off for every reader now, even when the books have "
                           "been issued properly")
    assert f"case *{case.case_number}*" in all_text(asked) and len(h.open_cases("amy")) == 1
