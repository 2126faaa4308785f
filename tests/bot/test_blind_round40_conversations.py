"""Conversation classes found failing in blind sets 127-130 (first run 111/120), asserted through the bot with other
wordings: "scrap that, <how it was sorted>" right after a request offers to close it, however unsure the model is of
the words; what was tried, in vain, right after a case is added to it whatever part it names; people let through
again ("they're getting in now") offers to close the case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_scrap_that_with_how_it_was_sorted_offers_to_close(bot, h):
    h.say("amy", "Can I get a wireless keyboard for my desk please? The cable on mine is too short for the stand.")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "scrap that, Anna in payroll has given me her old one")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)


def test_what_was_tried_in_vain_is_added_to_the_case_whatever_part_it_names(bot, h):
    h.say("amy", "handheld 14 dead")
    [case] = h.open_cases("amy")
    h.say("amy", "charger swap made no difference")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_people_let_through_again_offers_to_close(bot, h):
    h.say("amy", "the car park barrier app isn't opening the gate for staff, there's a queue of cars at the entrance")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "ok they're getting through now, Tom reset the barrier")
    assert f"Close case {case.case_number}" in all_text(offered)
