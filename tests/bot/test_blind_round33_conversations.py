"""Conversation classes found failing in blind sets 99-102 (first run 110/120), asserted through the bot with other
wordings: "how many days of leave have I got left?" with the portal named as a detail is the HR pointer's, not a case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_how_many_days_leave_with_the_portal_as_a_detail_is_pointed_to_hr(bot, h):
    [reply] = h.say("amy", "how many days holiday do I have left this year? the HR portal says 2 but I've only had a week off")
    assert "HR" in all_text(reply) and not h.open_cases("amy")
