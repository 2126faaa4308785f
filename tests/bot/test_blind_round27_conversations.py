"""Conversation classes found failing in blind sets 63-66 (first run 110/120), asserted through the bot with other
wordings: a case word of the person's own trade ("the burglary case", "the Smith account") does not name a support case,
so a fault resembling an open case is asked about, not added; a fault told with a workaround of reopening the app is
filed, not read as reopening a case the person does not have."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_case_word_of_the_persons_trade_does_not_name_a_support_case(bot, h):
    case = h.file_case("amy", "XRY licence error on the extraction PC")
    [reply] = h.say("amy", "XRY is showing the licence error again, can't start the download for the fraud case")
    assert f"Is this about case {case.case_number}" in all_text(reply) and not h.comments(case.id)


def test_a_fault_with_a_reopen_workaround_is_filed(bot, h):
    h.say("amy", "Sage keeps freezing when I run the aged debtors report, I just reopen it and it works for a bit. "
                 "Not urgent.")
    [case] = h.open_cases("amy")
    assert "sage" in case.subject.casefold()
