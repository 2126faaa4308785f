""""When to expect an answer" (bot/wording/expect.py): a case with a first-response and a resolution milestone in
three time zones across a daylight-saving change; a stopped case shows paused; a violated one running late; no
open milestone, nothing. The milestones are parsed from a Case record as the child subquery returns them."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.wording.expect import LATE, PAUSED, expect_lines
from servicecloud.milestones import SUBQUERY, targets_from


def _record(first: str, resolution: str, *, stopped: bool = False, violated: bool = False) -> dict:
    rows = [{"MilestoneType": {"Name": "First Response"}, "TargetDate": first, "IsCompleted": False,
             "IsViolated": False},
            {"MilestoneType": {"Name": "Resolution Time"}, "TargetDate": resolution, "IsCompleted": False,
             "IsViolated": violated}]
    return {"Id": "500x", "IsStopped": stopped, "CaseMilestones": {"totalSize": 2, "done": True, "records": rows}}


# Saturday 28 March 2026, 09:00 UTC: Berlin changes to summer time that night (CET +1 -> CEST +2); New York
# changed on 8 March (EDT, -4); Tokyo has no daylight saving (+9).
NOW = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
CASE = _record("2026-03-28T13:30:00.000+0000", "2026-03-29T09:00:00.000+0000")


@pytest.mark.parametrize(("tz", "first", "resolution"), [
    ("Europe/Berlin", "today at 14:30", "tomorrow at 11:00"),        # 13:30 UTC in CET; 09:00 UTC in CEST
    ("America/New_York", "today at 09:30", "tomorrow at 05:00"),
    ("Asia/Tokyo", "today at 22:30", "tomorrow at 18:00"),
])
def test_both_targets_in_the_persons_zone_across_a_daylight_saving_change(tz, first, resolution):
    assert expect_lines(targets_from(CASE), NOW, tz) == [
        f"You should hear from someone by {first}.", f"We aim to have it sorted by {resolution}."]


def test_new_york_across_its_own_change():
    record = _record("2026-03-07T14:00:00.000+0000", "2026-03-09T14:00:00.000+0000")
    now = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    assert expect_lines(targets_from(record), now, "America/New_York") == [
        "You should hear from someone by today at 09:00.",            # EST, -5
        "We aim to have it sorted by Monday at 10:00."]                # EDT, -4


def test_paused_late_and_nothing():
    assert expect_lines(targets_from(_record(*["2026-03-28T13:30:00Z"] * 2, stopped=True)), NOW, "UTC") == [PAUSED]
    assert expect_lines(targets_from(CASE), NOW, "UTC", waiting_for_them=True) == [PAUSED]
    assert expect_lines(targets_from(_record(*["2026-03-28T08:30:00Z"] * 2, violated=True)), NOW, "UTC") == [LATE]
    assert expect_lines(targets_from({"Id": "500x", "CaseMilestones": None}), NOW, "UTC") == []
    assert expect_lines(None, NOW, "UTC") == []
    assert "FROM CaseMilestones" in SUBQUERY and "IsCompleted = false" in SUBQUERY
