"""Conversation classes found failing in blind sets 155-158 (first run 110/120 on stop 37's final bot), asserted
through the bot with other wordings: a question about pay asked in the order of a statement ("where I can find ...")
gets the pointer, not a case. Then blind sets 159-162 (first run 110/120 on eca2dad): a thing doing its job again right
after filing ("Teams launches fine now") and a request taken back for another way offer to close the case; access to a
system named in a product's casing ("eFinancials") is filed, whatever pointer topic its module names."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_pay_question_in_statement_order_gets_the_pointer(bot, h):
    [reply] = h.say("amy", "Good morning, where I can find my P60 and payslip for last year? The portal shows nothing. "
                           "Many thanks")
    assert "hr" in all_text(reply).lower() and not h.open_cases("amy")


# Classes found failing in blind sets 159-162 (first run 110/120 on eca2dad), in other wordings.

def _filed_then(h, first: str, then: str) -> str:
    h.say("amy", first)
    [reply] = h.say("amy", then)
    return all_text(reply)


def test_a_thing_doing_its_job_again_right_after_filing_offers_to_close(bot, h):
    said = _filed_then(h, "Teams on my laptop won't start, it just shows a white window",
                       "ah wait, unplugged the dock and Teams launches fine now")
    assert "Close it" in said and len(h.open_cases("amy")) == 1


def test_a_request_taken_back_for_another_way_offers_to_close(bot, h):
    said = _filed_then(h, "Could I get Visio installed on my laptop for the floor plans?",
                       "actually scrap that, the manager is going to use her own copy")
    assert "Close it" in said and len(h.open_cases("amy")) == 1


def test_access_to_a_named_system_on_a_pointer_topic_is_filed(bot, h):
    [reply] = h.say("amy", "hello, could I get access to the eFinancials pension module please? I've moved over to the "
                           "pensions team and my manager has approved it")
    assert "filed case" in all_text(reply).lower() and len(h.open_cases("amy")) == 1


# Classes found failing in blind sets 167-170 (first run 115/120 on f1c5447), in other wordings.

def test_who_to_tell_about_a_pointer_topic_right_after_filing_is_not_a_comment(bot, h):
    said = _filed_then(h, "The queue display on our floor shows zero calls waiting but we have loads",
                       "also who i tell that the heating on our floor is broken? we are all in coats")
    assert "facilities" in said.lower() and not h.comments(h.open_cases("amy")[0].id)


# Classes found failing in blind sets 171-174 (first run 109/120 on c13c756), in other wordings.

def test_what_a_thing_is_by_its_make_right_after_filing_goes_on_the_case(bot, h):
    h.say("amy", "my login for the app for deliveries not work from this morning, it say 'Account locked'")
    h.say("amy", "the phone is Honeywell, van phone number 14")
    [case] = h.open_cases("amy")
    assert any("Honeywell" in c for c in h.comments(case.id))
