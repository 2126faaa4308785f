"""Conversation classes found failing in blind sets 119-122 (first run 104/120), asserted through the bot with other
wordings: a new matter opened with "also, completely unrelated" right after a case is filed on its own (never added to
the case, never asked about as more of it); "what's the status of my other ticket" right after a case asks about the
other one; "it's getting worse, now <the same thing named>" is added to the case; "how long does such a repair take?"
after thanks files nothing; "I change my mind, no need for X anymore" offers to close the request."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_new_matter_right_after_a_case_is_filed_on_its_own(bot, h):
    h.say("amy", "the plotter in the drawing office jams on every A1 sheet")
    [first] = h.open_cases("amy")
    h.say("amy", "also, completely unrelated - my desk phone headset has no sound at all, can I get a new one?")
    assert len(h.open_cases("amy")) == 2 and not h.comments(first.id)


def test_the_status_of_my_other_ticket_right_after_a_case_asks_about_it(bot, h):
    scanner = h.file_case("amy", "Barcode scanner at goods-in not pairing")
    h.say("amy", "could you set up a shared mailbox for the new returns team please?")
    [request] = [c for c in h.open_cases("amy") if c.id != scanner.id]
    [reply] = h.say("amy", "oh and what's the status of my other ticket, the scanner one?")
    assert scanner.case_number in all_text(reply) and not h.comments(request.id)


def test_getting_worse_with_the_same_thing_named_is_added_to_the_case(bot, h):
    h.say("amy", "the card reader on till 2 keeps declining cards")
    [case] = h.open_cases("amy")
    [reply] = h.say("amy", "its getting worse - now neither card reader at the tills will connect")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1 and "Is this about" not in all_text(reply)


def test_how_long_after_thanks_files_nothing(bot, h):
    h.say("amy", "could you install Visio on my laptop please?")
    h.say("amy", "Thank you. Approximately how long does such a setup take?")
    assert len(h.open_cases("amy")) == 1


def test_i_change_my_mind_offers_to_close_the_request(bot, h):
    h.say("amy", "hello, I want to ask for a second monitor at my desk please")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "sorry, I change my mind, my manager say no need for the monitor anymore")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)
