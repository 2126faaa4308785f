"""Classes found failing in blind sets 119-122 (first run 104/120), asserted with other wordings: business lost while a
fault lasts, people's data gone to the wrong people, a due date in a clause of its own after the past, people out in
danger relying on it, and a queue reaching somewhere are urgent; "the radiologist is away" says nothing is fixed; a new
matter however strongly said, "neither <thing> will ..." (no answer to "which case?"), "I change my mind" / "no need
for X anymore", "it's getting worse", and "how long does such a repair take?" after thanks are read for what they
are; greetings ("yo"), laughter and "kindly" leave the Subject, as does since when a clause ends; a phishing Subject
starts where the credentials were given."""
from __future__ import annotations

from intents import parse
from intents.cues import Cue, asks_when, has
from intents.subject import summarize
from intents.tone import says_fixed
from tests.intents.conftest import urgency_kind as _kind



def test_business_lost_while_it_lasts_is_urgent():
    assert _kind("the table booking widget just shows a spinner, we've lost about a dozen reservations already") \
        == "wide_impact"
    assert _kind("the shared calendar lost its colours after the update") is None


def test_data_gone_to_the_wrong_people_is_a_security_incident():
    assert _kind("heads up, the March payslips got sent to the wrong staff, two people have rung about it") == "security"
    assert _kind("a customer says she can see someone else's bank details when she logs into the portal") == "security"
    assert _kind("I received another error message when I tried to save the rota") is None


def test_a_due_date_in_a_clause_of_its_own_after_the_past_is_a_deadline():
    assert _kind("the label printer has been offline since Monday and the stock count is due Friday") == "deadline"
    assert _kind("the scanner broke last week and my manager is off on Friday") is None


def test_people_out_in_danger_relying_on_it_is_a_safety_matter():
    assert _kind("the radio repeater on the ridge is dead and a mountain rescue team is deployed right now") == "safety"


def test_a_queue_reaching_somewhere_keeps_people_waiting():
    assert _kind("both card machines in the cafe are offline and the queue is back to the car park") == "wide_impact"
    assert _kind("the print queue is back to normal but the toner light is on") is None


def test_a_person_away_says_nothing_is_fixed():
    assert not says_fixed("the scans aren't in the viewer. not urgent, the IT lead is away until Monday")
    assert says_fixed("the warning is away now after the restart")


def test_a_new_matter_however_strongly_said_is_new():
    assert has("also, completely different thing: my headset has no sound", Cue.NEW_MATTER)
    assert has("on an entirely separate note - who approves expenses?", Cue.NEW_MATTER)


def test_neither_said_of_a_thing_is_no_answer_to_which_case():
    assert not has("ugh, now neither scanner in goods in will pair", Cue.WANTS_NEW_CASE)
    assert has("neither of those, it's a different thing", Cue.WANTS_NEW_CASE)


def test_a_request_taken_back_in_other_words():
    assert has("sorry I have change my mind, we keep the old monitor", Cue.NO_LONGER_NEEDED)
    assert has("no need for the second screen anymore, thanks", Cue.NO_LONGER_NEEDED)
    assert not has("no need to rush but the second screen flickers", Cue.NO_LONGER_NEEDED)


def test_getting_worse_is_more_of_it():
    assert has("it's got even worse, now the whole floor can't print", Cue.WORSE)
    assert not has("the worse one is the printer by the lift", Cue.WORSE)


def test_how_long_after_thanks_asks_when_it_moves():
    assert parse("Thank you. Approximately how long does such a setup take?").intent == "check_status"
    assert not asks_when("how long does the plotter take to warm up? it's been 20 minutes")


def test_greetings_laughter_and_kindly_leave_the_subject():
    assert not summarize("yo the coffee machine card reader is dead haha").lower().startswith("yo")
    assert "haha" not in summarize("yo the coffee machine card reader is dead haha").lower()
    assert "lol" not in summarize("the big screen in reception is upside down lol. no idea how").lower()
    assert "kindly" not in summarize("I would kindly like to request a second monitor for the front desk").lower()


def test_since_when_leaves_the_subject_since_what_stays():
    assert "morning" not in summarize("The check-in kiosk won't print boarding passes since this morning, shows "
                                      "'Printer not ready'").lower()
    assert "update" in summarize("The check-in kiosk won't print since the update, shows 'Printer not ready'").lower()


def test_a_phishing_subject_starts_where_the_credentials_were_given():
    subject = summarize("Got an email from 'Payroll Team' with a link to my payslip, I opened it and entered my login "
                        "on the page. Now I notice the sender is a weird address (payroll@hr-portal-secure.net). "
                        "Probably phishing, sorry")
    assert "login" in subject and not subject.lower().startswith("now")
