"""Classes found failing in blind sets 187-190 (first run 116/120 on 7efc460), asserted with other wordings: "Dear Sir or
Madam" is a greeting; posts none of the team wrote are a security incident; an alarm the vulnerable pull for help
(pull-cord, nurse call, careline), failing, and people left with no emergency cover are safety matters, while "no
emergency" alone stays calm; an event's clock time said bare ("handover is 4pm") is a deadline."""
from __future__ import annotations

from intents.subject import summarize
from tests.intents.conftest import urgency_kind as _kind


def test_dear_sir_or_madam_is_a_greeting():
    subject = summarize("Dear Sir/Madam, the card printer for visitor badges in reception has stopped printing "
                        "photos. Regards, J. Moss")
    assert not subject.lower().startswith("dear") and "printer" in subject


def test_posts_none_of_the_team_wrote_are_a_security_incident():
    assert _kind("our Facebook page put out three posts nobody in the office wrote, all with a link to a giveaway") \
        == "security"


def test_a_call_alarm_failing_or_no_emergency_cover_is_a_safety_matter():
    assert _kind("the nurse call bells on the east corridor aren't reaching the pagers since the power cut") == "safety"
    assert _kind("the careline unit in flat 12 is offline") == "safety"
    assert _kind("the lift phone line is down so there's no emergency cover in the lift overnight") == "safety"
    assert _kind("no emergency, the printer is just slow") is None


def test_an_events_clock_time_said_bare_is_a_deadline():
    assert _kind("the export keeps failing on the survey PC and the site handover is 3pm") == "deadline"
