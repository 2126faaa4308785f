"""Conversation classes found failing in blind sets 175-178 (first run 108/120 on 12d7086), asserted through the bot with
other wordings: right after a filing, what the person it is for does or needs, what belongs to them, what the thing
shows, what was done since to it or for them, what was tried on it in vain, and where it is, all go on the case; none
files a second case or asks. Blind sets 183-186 and 191-194 added two more: the same fault on another thing said with
"either", and more said with "btw" (not small talk)."""
from __future__ import annotations

import pytest

from tests.bot.conftest import all_text


@pytest.mark.parametrize("first, then", [
    ("Please can our new receptionist Priya get a login for the booking system?",
     "she starts on Monday and only needs to see the diary, not edit it"),
    ("Please can our new receptionist Priya get a login for the booking system?",
     "their team leader is Marek Nowak and he approved the request"),
    ("The till in the café won't boot, it's stuck on the logo",
     "It says 'No bootable device' at the bottom of the screen"),
    ("I sent the payroll spreadsheet to the wrong outside address by mistake",
     "it went out at 9:15, we tried unsending it but Gmail says it's too late"),
    ("I shared the board papers folder with an outside contractor by accident",
     "I've taken her off it now, but she may already have downloaded them"),
    ("the label printer in dispatch prints blank labels",
     "the printer is in the back office next to the franking machine"),
    # (blind sets 183-186: the same fault on another thing, said with "either")
    ("The till in the café can't connect to the card machine, says 'Terminal not found'",
     "the till in the shop next door won't connect to its card machine either"),
    # (blind sets 191-194: more said with "btw" is not small talk)
    ("can i get access to Tableau on my laptop? need to check the sales dashboards. cheers, Jake",
     "btw my boss Priya has ok'd it"),
])
def test_more_right_after_a_filing_goes_on_the_case(bot, h, first, then):
    h.say("amy", first)
    [reply] = h.say("amy", then)
    [case] = h.open_cases("amy")
    assert h.comments(case.id) == [then], all_text(reply)


def test_a_cause_found_and_now_it_work_offers_to_close(bot, h):
    h.say("amy", "hello, the projector in meeting room 2 is not work since monday, the screen stay blue")
    [reply] = h.say("amy", "oh sorry! I find the problem, the cleaner pull out the cable for the vacuum. now it work")
    assert "Close it" in all_text(reply) and len(h.open_cases("amy")) == 1

