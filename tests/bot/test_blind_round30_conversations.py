"""Conversation classes found failing in blind sets 87-90 (first run 104/120), asserted through the bot with other
wordings: right after filing, words going on about the case ("it's a ...", "he's ...") or what the person has done
since, in the case's words, are added to it; a way round a fault that keeps coming back is filed, not taken as fixed;
a heater is a facilities matter; "ok, can you add that ..." adds to the case just shown."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_description_of_the_lost_thing_right_after_filing_is_added(bot, h):
    h.say("amy", "I've lost my work tablet, think I left it on the train this morning, it has Outlook on it")
    [case] = h.open_cases("amy")
    h.say("amy", "it's a grey iPad with a blue case and my name on the back")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_what_was_done_since_in_the_cases_words_is_added(bot, h):
    h.say("amy", "I clicked a link in a fake DocuSign email and typed my password into the page it opened")
    [case] = h.open_cases("amy")
    h.say("amy", "I've changed my password since and warned my team not to open the email")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_what_was_done_since_about_something_else_is_not_added_at_once(bot, h):
    h.say("amy", "the scanner on the reception desk won't connect to the PC")
    [case] = h.open_cases("amy")
    h.say("amy", "I've noticed the wifi in the meeting room drops every few minutes")
    assert not h.comments(case.id)


def test_a_way_round_a_fault_that_keeps_coming_back_is_filed(bot, h):
    h.say("amy", "hi, the till app shows 'Offline' every morning, I restart the till and it works again. thanks")
    [case] = h.open_cases("amy")
    assert "till" in case.subject.casefold()


def test_a_heater_is_for_facilities(bot, h):
    [reply] = h.say("amy", "the heater in the site office has packed in, it's freezing")
    assert "facilities" in all_text(reply) and not h.open_cases("amy")


def test_ok_can_you_add_that_adds_to_the_case_just_shown(bot, h):
    case = h.file_case("amy", "Turbine 4 vibration data missing in SCADA since Friday")
    h.say("amy", "any update on the vibration data?")
    h.say("amy", "ok, can you add that turbine 5 is also missing temperature data")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1
