"""Conversation classes found failing in blind sets 123-126 (first run 108/120), asserted through the bot with other
wordings: "ignore me, it's back after I ..." and "got it working" right after a case offer to close it, and a typed
"yes" closes it; what was tried, said bare, right after a case is added to it; a broken radio in a place the org
points elsewhere for ("the lift hut") is filed, not pointed away."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_ignore_me_its_back_offers_to_close_and_a_typed_yes_closes(bot, h):
    h.say("amy", "the Send to DMS button has vanished from the Outlook ribbon since this morning")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "sorry ignore me, it's there again after I closed and opened Outlook again")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)
    h.say("amy", "yes")
    assert not h.open_cases("amy")


def test_got_it_working_right_after_a_case_files_nothing_more(bot, h):
    h.say("amy", "the laptop in meeting room 2 won't show anything on the TV")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "ah got it working, the TV was on the wrong HDMI. thanks")
    assert f"Close case {case.case_number}" in all_text(offered) and len(h.open_cases("amy")) == 1


def test_what_was_tried_said_bare_is_added_to_the_case(bot, h):
    h.say("amy", "the label printer in dispatch prints every label with a white stripe through it")
    [case] = h.open_cases("amy")
    h.say("amy", "tried a new roll of labels in the printer, same stripe")
    assert len(h.comments(case.id)) == 1 and len(h.open_cases("amy")) == 1


def test_a_broken_radio_in_a_place_pointed_elsewhere_is_filed(bot, h):
    [reply] = h.say("amy", "the radio in the lift machine room does not work, we cannot call the control room")
    assert len(h.open_cases("amy")) == 1 and "can't help" not in all_text(reply)
