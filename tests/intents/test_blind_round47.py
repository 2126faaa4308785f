"""Classes found failing in blind sets 147-150 (first run 111/120), asserted with other wordings: a till that can't take
payments costs money; a start at a clock time with what starts between ("start lunch at 11:45"), work to do by a bare
hour ("b4 12"), a month end tomorrow after a pasted error are deadlines; "click the link and enter my password" is a
security incident; a labelled machine message after the fault, "not sure who deals with this but", a formal "I would
kindly like to request that" and when newcomers start leave the Subject; access had until yesterday states the fault."""
from __future__ import annotations

from intents.subject import summarize
from intents.urgency import urgency
from tests.intents.conftest import urgency_kind as _kind



def test_a_till_that_cannot_take_payments_costs_money():
    got = urgency("card reader in the gift shop is dead, we cant take any payments", learned=False)
    assert got is not None and got.kind == "wide_impact" and "costing" in got.reason


def test_a_start_at_a_clock_time_with_what_starts_between_is_a_deadline():
    assert _kind("the hall projector won't turn on and the governors start assembly at 9:15") == "deadline"


def test_work_to_do_by_a_bare_hour_is_a_deadline():
    assert _kind("outlook keeps crashing and i have all the supplier orders to send b4 11") == "deadline"


def test_a_month_end_tomorrow_under_a_pasted_error_is_a_deadline():
    text = ("This comes up when I run the payroll export:\n```\nORA-00060: deadlock detected while waiting for resource\n"
            "```\nevery run since lunch and month end is tomorrow")
    assert _kind(text) == "deadline"


def test_click_the_link_and_enter_my_password_is_a_security_incident():
    assert _kind("I get email from 'Payroll Team' saying my salary is on hold, I click the link and enter my password. "
                 "Now I see the sender is strange") == "security"


def test_a_labelled_machine_message_after_the_fault_is_no_subject():
    assert summarize("tide gauge sw wont open on the harbour pc. error 'licence server unreachable'").startswith("Tide gauge")


def test_not_knowing_who_deals_with_it_leaves_the_subject():
    subject = summarize("I'm not sure who handles this but since Monday none of the tenants can log in to the repairs "
                        "portal, it just loops back to the sign-in page.")
    assert subject.startswith("None of the tenants can log in to the repairs portal")


def test_a_formal_request_that_others_be_added_leads_with_them():
    subject = summarize("Good morning. I would kindly like to request that our three new clerks, starting 2 June, be "
                        "added to the Planning shared mailbox. Kind regards, Tom")
    assert subject.startswith("Our three new clerks") and subject.endswith("be added to the Planning shared mailbox")


def test_access_had_until_yesterday_states_the_fault():
    subject = summarize("I had write access to the finance drive (Sage share) until yesterday but today every folder is "
                        "read-only, I can't save the reconciliations. Any idea?")
    assert subject.startswith("I had write access to the finance drive")
