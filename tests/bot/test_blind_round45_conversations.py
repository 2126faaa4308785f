"""Conversation classes found failing in blind sets 155-158 (first run 110/120 on stop 37's final bot), asserted
through the bot with other wordings: a question about pay asked in the order of a statement ("where I can find ...")
gets the pointer, not a case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_pay_question_in_statement_order_gets_the_pointer(bot, h):
    [reply] = h.say("amy", "Good morning, where I can find my P60 and payslip for last year? The portal shows nothing. "
                           "Many thanks")
    assert "hr" in all_text(reply).lower() and not h.open_cases("amy")
