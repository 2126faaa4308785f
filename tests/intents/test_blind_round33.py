"""Classes found failing in blind sets 87-90 (first run 104/120), asserted with other wordings: a way round a fault that
keeps coming back is no fix, nor is "won't come back up"; a greeting before "it's not working" leaves it vague; a
display stuck on yesterday's data is a fault; wide impact said as "nobody gets", "none of the X charged", a whole run on
hold, vehicles queued, organisations waiting; setting off at a clock time is a time ahead; a fault and what the machine
says both fit the Subject; a request asked first, then the workaround, is a Service Request led by the request; a
newcomer's want keeps whom it is for."""
from __future__ import annotations

import pytest

from intents import cues, parse
from intents.cues import Cue
from intents.subject import names_fault, summarize
from intents.tone import says_fixed, vague_complaint
from intents.urgency import urgency


def test_a_way_round_a_fault_that_keeps_coming_back_is_no_fix():
    assert not says_fixed("Teams drops the call each morning, I log out and back in and it works again. no rush")
    assert says_fixed("Teams kept dropping every call, logged out and back in and it works now, thanks")


def test_wont_come_back_up_is_no_fix():
    assert not says_fixed("the label server crashed and won't come back online, both packing lines are waiting")


@pytest.mark.parametrize("text", ["heya its not working", "good morning, it's not working again"])
def test_a_greeting_before_its_not_working_is_still_vague(text):
    assert vague_complaint(text)


def test_a_display_stuck_on_old_data_is_a_fault():
    assert names_fault("the departures board in the lobby is still showing last night's timetable")
    assert parse("the wallboards in the call centre, they're stuck on yesterday's figures").intent == "file_case"


@pytest.mark.parametrize("text", [
    "the paging system stopped sending overnight, so until it's fixed nobody on the ward gets notified of call bells",
    "the charging cabinet in the depot has died, none of the handhelds charged overnight",
    "the plate reader is giving garbage results and the whole afternoon's sample run is on hold",
    "barrier at the gate won't read passes, lorries queued all the way back to the roundabout",
    "the order portal is down and three pharmacies are waiting on their deliveries",
])
def test_wide_impact_in_other_words_is_urgent(text):
    assert urgency(text) is not None, text


def test_setting_off_at_a_clock_time_is_a_time_ahead_but_a_routine_is_not():
    assert urgency("the tablets in the van bay are all dead and the crews set off at 7:30") is not None
    assert urgency("the kiosk printer has stopped working, we open at 9 every day") is None


def test_not_wide_nobody_got_back_and_none_of_the_suggestions():
    assert urgency("nobody got back to me about the docking station") is None
    assert urgency("none of the suggestions worked, my outlook still freezes") is None


def test_a_fault_and_what_the_machine_says_both_fit_the_subject():
    subject = summarize("cannot open the stock control app on the warehouse tablet, it just says 'Licence server "
                        "unreachable - contact your administrator'")
    assert subject.startswith("Cannot open the stock control app") and "Licence server unreachable" in subject, subject
    assert len(subject) <= 120


def test_a_request_asked_first_then_the_workaround_is_a_request():
    text = ("could we get the timesheet report sent automatically to the payroll inbox each friday? right now I "
            "export it and email it by hand")
    assert "timesheet report" in summarize(text)
    assert parse(text).case_type == "Service Request"


def test_a_newcomers_want_keeps_whom_it_is_for():
    subject = summarize("new apprentice Jo Lang starts on Monday in the print room, could she get a login for the "
                        "job tracking system on the shared PC")
    assert subject.startswith("New apprentice Jo Lang:") and "job tracking" in subject, subject


def test_going_on_about_the_case_and_what_was_done_since():
    assert cues.has("it's a silver Dell with a sticker on the lid", Cue.CONTINUES)
    assert cues.has("she's on the 3rd floor, not the 2nd", Cue.CORRECTION)
    assert cues.has("I've reset my password and warned the team not to open it", Cue.DONE_SINCE)
    assert not cues.has("I think the printer is broken", Cue.DONE_SINCE)
