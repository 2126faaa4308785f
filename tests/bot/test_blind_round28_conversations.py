"""Conversation classes found failing in blind sets 71-74 (first run 112/120), asserted through the bot with other
wordings: "and mine?" after an acknowledgement, having asked about another's case, shows the person's own case; a
thing doing its job again right after filing ("it's reading cards now") offers to close the case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_and_mine_after_an_acknowledgement_shows_ones_own(bot, h):
    case = h.file_case("amy", "Docking station not detecting the second screen")
    h.say("amy", "any news on Sam's headset ticket? he's on leave")
    [reply] = h.say("amy", "right, understood. and mine?")
    assert case.case_number in all_text(reply)


def test_a_thing_doing_its_job_again_after_filing_offers_to_close(bot, h):
    h.say("amy", "the badge reader on the staff door won't recognise anyone's pass, it just flashes red")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "oh hang on, I power cycled it and it's recognising passes now")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)


def test_taking_back_a_request_right_after_filing_offers_to_close_however_unsure_the_model(bot, h):
    h.say("amy", "Could I get a webcam for the meeting pod on floor 2?")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "scrap that, found a spare one in the store cupboard")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)


def test_forgot_to_mention_right_after_filing_is_added_to_that_case(bot, h):
    h.say("amy", "The webcam on my laptop shows a black picture in Teams")
    [case] = h.open_cases("amy")
    h.say("amy", "forgot to mention, it's the built-in one, a USB one works fine")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1
