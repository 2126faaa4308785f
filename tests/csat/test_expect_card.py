""""When to expect an answer" on the status card (issue 24 item 5): the card a status check gets shows, in the
employee's zone, when the first response and the resolution are due, across three zones and a daylight-saving
change; paused when stopped or waiting for them; running late when violated; nothing without an open milestone or
for a closed case. Through the running bot: a status check with milestones switched on costs the same Salesforce
calls as without."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot import wording
from bot.wording.expect import LATE, PAUSED
from servicecloud import OrgConfig
from servicecloud.config import CanonicalState, MilestonesConfig
from servicecloud.models import CaseView, Milestone, ServiceTargets
from tests.bot.conftest import Helpers, all_text
from tests.servicecloud.test_milestone_reads import milestone_case

# Saturday 28 March 2026, 09:00 UTC: Berlin moves to summer time that night (CET +1 -> CEST +2); New York moved
# on 8 March (EDT, -4); Tokyo has no daylight saving (+9).
NOW = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
FIRST, FIX = datetime(2026, 3, 28, 13, 30, tzinfo=UTC), datetime(2026, 3, 29, 9, 0, tzinfo=UTC)


def _case(targets: ServiceTargets | None, state: CanonicalState = CanonicalState.IN_PROGRESS) -> CaseView:
    return CaseView(id="500000000000001AAA", case_number="00001234", subject="VPN drops", status="In Progress",
                    state=state, assignee="Ann Agent", contact_id="003000000000001AAA", targets=targets,
                    is_closed=state is CanonicalState.CLOSED)


TARGETS = ServiceTargets((Milestone("First Response", FIRST), Milestone("Resolution Time", FIX)))


def _expect_text(blocks: list[dict]) -> list[str]:
    return [el["text"] for b in blocks if b["type"] == "context" for el in b["elements"]
            if ":stopwatch:" in el["text"]]


@pytest.mark.parametrize(("tz", "first", "fix"), [
    ("Europe/Berlin", "today at 14:30", "tomorrow at 11:00"),       # 13:30 UTC in CET, 09:00 UTC in CEST
    ("America/New_York", "today at 09:30", "tomorrow at 05:00"),
    ("Asia/Tokyo", "today at 22:30", "tomorrow at 18:00"),
])
def test_the_status_card_in_three_zones_across_a_daylight_saving_change(tz, first, fix):
    reply = wording.case_reply(_case(TARGETS), tz=tz, now=NOW)
    assert _expect_text(reply.blocks) == [
        f":stopwatch: You should hear from someone by {first}. We aim to have it sorted by {fix}."]
    text = all_text({"blocks": reply.blocks}).casefold()
    assert "milestone" not in text and "sla" not in text.split()


def test_paused_late_and_nothing_on_the_card():
    stopped = replace(TARGETS, stopped=True)
    assert _expect_text(wording.case_reply(_case(stopped), tz="UTC", now=NOW).blocks) == [f":stopwatch: {PAUSED}"]
    waiting = _case(TARGETS, CanonicalState.WAITING_FOR_USER)
    assert _expect_text(wording.case_reply(waiting, tz="UTC", now=NOW).blocks) == [f":stopwatch: {PAUSED}"]
    late = ServiceTargets((Milestone("First Response", FIRST, violated=True), Milestone("Resolution Time", FIX)))
    assert _expect_text(wording.case_reply(_case(late), tz="UTC", now=NOW).blocks) == [f":stopwatch: {LATE}"]
    # a target already passed reads late even before Salesforce flagged it (the read model's copy is older)
    assert _expect_text(wording.case_reply(_case(TARGETS), tz="UTC",
                                           now=datetime(2026, 3, 28, 14, tzinfo=UTC)).blocks) == [f":stopwatch: {LATE}"]
    for nothing in (_case(None), _case(ServiceTargets()), _case(TARGETS, CanonicalState.CLOSED),
                    _case(ServiceTargets((Milestone("First Response", FIRST, completed=True),)))):
        assert _expect_text(wording.case_reply(nothing, tz="UTC", now=NOW).blocks) == []


MILESTONES_ON = OrgConfig(milestones=MilestonesConfig(enabled=True))


@pytest.fixture(params=[False, True], ids=["without", "with"])
def milestones_on(request, tmp_path):
    """The org file says `milestones.enabled` (the bot's settings and its desk alike); requested before `bot`."""
    if request.param:
        org = tmp_path / "org.yml"
        org.write_text("milestones:\n  enabled: true\n")
        request.node.add_marker(pytest.mark.bot_settings(CONCIERGE_CONFIG=str(org)))
    return request.param


@pytest.fixture
def desk(milestones_on, make_desk):
    return make_desk(MILESTONES_ON if milestones_on else OrgConfig())


def test_a_status_check_shows_the_targets_for_the_same_salesforce_calls(milestones_on, bot, desk, sf_agent):
    h = Helpers(bot)
    case = milestone_case(desk, sf_agent, h.contact_id("amy"))
    number = desk.get_case(h.contact_id("amy"), case).case_number
    h.say("amy", f"status of {number}")                          # the directory knows amy (and her zone) now
    calls = bot.desk.api_calls
    [reply] = h.say("amy", f"status of {number}")
    used = bot.desk.api_calls - calls
    assert used == 1                                              # get_case: the milestones come in it
    text = all_text(reply)
    assert bot.settings.org.milestones.enabled is milestones_on
    if milestones_on:
        assert "You should hear from someone by" in text and "We aim to have it sorted by" in text
    else:
        assert "You should hear" not in text and ":stopwatch:" not in text


def test_the_app_home_shows_the_targets_in_the_persons_zone(milestones_on, bot, desk, sf_agent):
    """The Home tab reads the read model: its seed (list_recent_cases, milestones in the same query) carries them;
    amy's zone is the stand-in's (America/New_York)."""
    h = Helpers(bot)
    milestone_case(desk, sf_agent, h.contact_id("amy"))
    assert bot.slack.open_home("amy").status == 200
    text = all_text(bot.slack.wait_for(lambda: bot.slack.home("amy")))
    assert bot.settings.org.milestones.enabled is milestones_on
    if milestones_on:
        assert ":stopwatch: You should hear from someone by" in text and "We aim to have it sorted by" in text
    else:
        assert ":stopwatch:" not in text


def test_home_rows_from_the_read_model_in_three_zones():
    from bot import lists
    for tz, first in (("Europe/Berlin", "today at 14:30"), ("America/New_York", "today at 09:30"),
                      ("Asia/Tokyo", "today at 22:30")):
        view = lists.home_view([_case(TARGETS)], [], expect=lambda c, tz=tz: wording.expect(c, tz, NOW))
        assert f"You should hear from someone by {first}." in all_text(view)
    assert ":stopwatch:" not in all_text(lists.home_view([_case(None)], [], expect=lambda c: wording.expect(c, "UTC")))
