"""Conversation classes found failing in blind sets 31-34 (first run 103/120), asserted through the bot with other
wordings: a fault of a system nobody taught the bot is filed, not refused or searched for; a security scare that names
an HR word is filed as an urgent Incident, not pointed to HR; the news of a case asked in so many words is a status
answer, not a comment; a thing doing its job again right after filing offers to close the case."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_fault_of_an_unknown_system_is_filed(bot, h):
    h.say("amy", "Dispatchly is down at the Northgate depot, we can't see the run sheets")
    [case] = h.open_cases("amy")
    assert "Dispatchly" in case.subject


def test_a_security_scare_naming_an_hr_word_is_filed_urgent_not_pointed(bot, h):
    [reply] = h.say("amy", "I clicked a link in a mail about my pension, it wanted my login and I typed it in. help??")
    [case] = h.open_cases("amy")
    assert case.type == "Incident" and h.case("amy", case.id).priority == "2-High"
    assert "HR portal" not in all_text(reply)


def test_news_of_a_case_asked_in_so_many_words_is_no_comment(bot, h):
    case = h.file_case("amy", "Label printer in dispatch prints blank labels")
    [reply] = h.say("amy", "whats the latest on my ticket about the dispatch label printer")
    assert case.case_number in all_text(reply) and not h.comments(case.id)


def test_a_thing_doing_its_job_again_right_after_filing_offers_to_close(bot, h):
    h.say("amy", "the bookings from the website aren't showing on the front desk screen")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "oh hang on, they're showing up on the front desk screen now")
    assert f"Close case {case.case_number}" in all_text(offered) and not h.comments(case.id)


def test_a_how_question_about_leave_is_pointed_whatever_fault_it_mentions(bot, h):
    [reply] = h.say("amy", "how do i book annual leave for easter? the paper form has gone from the staff room")
    assert not h.open_cases("amy") and "HR" in all_text(reply)


def test_a_paste_sharing_the_cases_words_right_after_filing_goes_on_it(bot, h):
    h.say("amy", "the nightly export to the warehouse system fails at the pallet step")
    [case] = h.open_cases("amy")
    h.say("amy", "here is what the log says:\n```\nExportJob: Error: pallet step failed (code 17)\nExportJob: aborted\n```")
    assert len(h.open_cases("amy")) == 1 and len(h.comments(case.id)) == 1


def test_asking_about_ones_own_case_by_its_topic_after_anothers_is_answered(bot, h):
    case = h.file_case("amy", "Sluice room tablet screen cracked")
    h.say("amy", "what's happening with Maureen's laptop ticket?")
    [reply] = h.say("amy", "ok, what about mine then, the sluice room tablet one")
    assert case.case_number in all_text(reply)


def test_news_that_it_works_again_is_not_read_as_a_status_question(bot, h):
    h.say("amy", "the orders from the web shop aren't showing on the packing screen")
    [case] = h.open_cases("amy")
    [offered] = h.say("amy", "oh wait, they're coming through on the packing screen now")
    assert f"Close case {case.case_number}" in all_text(offered)


def test_a_how_question_about_pay_is_pointed_though_it_mentions_an_account(bot, h):
    [reply] = h.say("amy", "hi how do i update my bank details for payroll, opened a new account last week")
    assert not h.open_cases("amy") and "HR" in all_text(reply)


def test_a_product_named_with_a_leading_digit_is_asked_about_as_the_same_case(bot, h):
    h.file_case("amy", "1Password browser extension won't unlock")
    [reply] = h.say("amy", "1Password vault isn't syncing to my phone anymore")
    assert "Is this about" in all_text(reply) and len(h.open_cases("amy")) == 1


def test_more_urgency_that_mentions_filing_at_court_goes_on_the_case(bot, h):
    h.say("amy", "the document system takes two minutes to open each file since this morning")
    [case] = h.open_cases("amy")
    h.say("amy", "now the whole team is stuck and we have to file at court by 4")
    assert len(h.open_cases("amy")) == 1 and len(h.comments(case.id)) == 1


def test_an_unclear_report_resembling_an_open_case_asks_about_that_case(bot, h):
    case = h.file_case("amy", "Mailchimp not sending scheduled newsletter updates")
    [reply] = h.say("amy", "Mailchimp is now sending our newsletter updates twice, readers keep replying asking which is right")
    assert "Is this about" in all_text(reply) and case.case_number in all_text(reply)
    assert len(h.open_cases("amy")) == 1 and not h.comments(case.id)
