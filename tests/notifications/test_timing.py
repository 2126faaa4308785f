"""When a notice may go out (notifications/timing.py): quiet hours in the person's zone, across daylight-saving
changes and weekends, the daily digest, urgent kinds, and waiting while the person talks to the bot. Pure."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from notifications import rules, timing
from notifications.timing import QuietHours, Timing
from servicecloud.config import NotificationsConfig, OrgConfig, Preference, QuietHoursConfig
from store.holds import Talk
from store.preferences import TimingChoice

BERLIN = ZoneInfo("Europe/Berlin")
NIGHTS = QuietHours.parse("19:00", "08:00", weekends=False)
WEEKENDS = QuietHours.parse("19:00", "08:00", weekends=True)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_quiet_hours_across_midnight_in_local_time():
    assert timing.is_quiet(berlin(2026, 11, 24, 19, 0), BERLIN, NIGHTS)
    assert timing.is_quiet(berlin(2026, 11, 24, 23, 59), BERLIN, NIGHTS)
    assert timing.is_quiet(berlin(2026, 11, 25, 7, 59), BERLIN, NIGHTS)
    assert not timing.is_quiet(berlin(2026, 11, 25, 8, 0), BERLIN, NIGHTS)
    assert not timing.is_quiet(berlin(2026, 11, 24, 18, 59), BERLIN, NIGHTS)
    # the same instant is quiet for a person in Berlin and not for one in New York (13:00 there)
    assert not timing.is_quiet(berlin(2026, 11, 24, 19, 0), ZoneInfo("America/New_York"), NIGHTS)


def test_quiet_hours_stay_local_when_the_clocks_go_forward():
    """Berlin, night of Saturday 28 to Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST. 19:00-08:00 local is
    18:00 UTC to 06:00 UTC that night (11 hours), not 07:00 UTC (a fixed +01:00 offset)."""
    assert berlin(2026, 3, 28, 19).astimezone(UTC) == utc(2026, 3, 28, 18)
    end = timing.quiet_ends(utc(2026, 3, 28, 22), BERLIN, NIGHTS)
    assert end == utc(2026, 3, 29, 6) and end.astimezone(BERLIN).hour == 8
    assert timing.is_quiet(utc(2026, 3, 29, 5, 59), BERLIN, NIGHTS)
    assert not timing.is_quiet(utc(2026, 3, 29, 6, 0), BERLIN, NIGHTS)       # 08:00 CEST
    assert timing.quiet_ends(utc(2026, 3, 29, 5, 59), BERLIN, NIGHTS) == utc(2026, 3, 29, 6)


def test_quiet_hours_stay_local_when_the_clocks_go_back():
    """Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET. The night is 14 hours: 17:00 UTC to 07:00 UTC."""
    assert timing.is_quiet(utc(2026, 10, 24, 17, 0), BERLIN, NIGHTS)         # 19:00 CEST
    assert not timing.is_quiet(utc(2026, 10, 24, 16, 59), BERLIN, NIGHTS)
    assert timing.quiet_ends(utc(2026, 10, 25, 1, 30), BERLIN, NIGHTS) == utc(2026, 10, 25, 7)   # 08:00 CET
    # inside the repeated hour (02:30 local, twice) it is quiet both times, and ends at 08:00 CET
    first, second = berlin(2026, 10, 25, 2, 30), berlin(2026, 10, 25, 2, 30).replace(fold=1)
    assert first.astimezone(UTC) + timedelta(hours=1) == second.astimezone(UTC)
    for moment in (first, second):
        assert timing.quiet_ends(moment.astimezone(UTC), BERLIN, NIGHTS) == utc(2026, 10, 25, 7)


def test_weekends_are_quiet_from_friday_night_to_monday_morning():
    friday_night = berlin(2026, 11, 27, 21).astimezone(UTC)
    assert timing.quiet_ends(friday_night, BERLIN, WEEKENDS) == berlin(2026, 11, 30, 8).astimezone(UTC)
    assert timing.is_quiet(berlin(2026, 11, 28, 12), BERLIN, WEEKENDS)            # Saturday noon
    assert not timing.is_quiet(berlin(2026, 11, 28, 12), BERLIN, NIGHTS)          # ... unless weekends are not
    # the spring-forward weekend: Saturday 28 March -> Monday 30 March 08:00 CEST (06:00 UTC)
    assert timing.quiet_ends(berlin(2026, 3, 28, 10).astimezone(UTC), BERLIN, WEEKENDS) == utc(2026, 3, 30, 6)
    # weekends only (no night hours): quiet ends at Monday midnight
    only = QuietHours.parse("00:00", "00:00", weekends=True)
    assert timing.quiet_ends(berlin(2026, 11, 29, 23).astimezone(UTC), BERLIN, only) == \
        berlin(2026, 11, 30, 0).astimezone(UTC)


def test_due_at_holds_what_is_not_urgent_and_lets_urgent_kinds_through():
    t = Timing(BERLIN, NIGHTS, urgent=frozenset({rules.WAITING}))
    night = utc(2026, 3, 28, 22)
    assert timing.due_at(rules.COMMENT, night, t) == utc(2026, 3, 29, 6)
    assert timing.due_at(rules.WAITING, night, t) is None
    assert timing.due_at(rules.COMMENT, utc(2026, 3, 30, 10), t) is None            # daytime: now
    assert timing.due_at(rules.COMMENT, night, Timing(BERLIN)) is None              # no quiet hours


def test_the_daily_digest_waits_for_its_hour_then_for_the_end_of_quiet_hours():
    t = Timing(BERLIN, None, digest_hour=17)
    assert timing.due_at(rules.COMMENT, berlin(2026, 11, 24, 9).astimezone(UTC), t) == \
        berlin(2026, 11, 24, 17).astimezone(UTC)
    assert timing.due_at(rules.COMMENT, berlin(2026, 11, 24, 17, 30).astimezone(UTC), t) == \
        berlin(2026, 11, 25, 17).astimezone(UTC)
    early = Timing(BERLIN, NIGHTS, digest_hour=7)                  # 07:00 is inside 19:00-08:00: at 08:00
    assert timing.due_at(rules.NUDGE, berlin(2026, 11, 24, 9).astimezone(UTC), early) == \
        berlin(2026, 11, 25, 8).astimezone(UTC)
    urgent = Timing(BERLIN, None, digest_hour=17, urgent=frozenset({rules.WAITING}))
    assert timing.due_at(rules.WAITING, berlin(2026, 11, 24, 9).astimezone(UTC), urgent) is None


def test_a_persons_choice_over_the_org_default():
    org = OrgConfig(notifications=NotificationsConfig(quiet_hours=QuietHoursConfig(start="19:00", end="08:00"),
                                                      urgent=[Preference.RESOLVED]))
    default = timing.timing_for("Europe/Berlin", None, org)
    assert default.quiet == WEEKENDS and default.urgent == {rules.RESOLVED, rules.CLOSED}
    assert timing.timing_for("Europe/Berlin", TimingChoice(quiet=False), org).quiet is None
    mine = timing.timing_for("Europe/Berlin", TimingChoice(start="20:00", end="7:00", weekends=False), org)
    assert mine.quiet == QuietHours.parse("20:00", "07:00", weekends=False)
    assert timing.timing_for(None, TimingChoice(quiet=True), OrgConfig()).quiet == WEEKENDS    # the usual hours
    assert timing.timing_for("Nowhere/Atlantis", None, org).zone == ZoneInfo("UTC")
    assert timing.timing_for("Europe/Berlin", TimingChoice(digest_hour=9), OrgConfig()).digest_hour == 9
    weekends_only = timing.timing_for("Europe/Berlin", TimingChoice(weekends=True), OrgConfig()).quiet
    assert weekends_only == QuietHours.parse("00:00", "00:00", weekends=True)
    assert not timing.is_quiet(berlin(2026, 11, 24, 23), BERLIN, weekends_only)
    assert timing.timing_for("Europe/Berlin", TimingChoice(weekends=False), OrgConfig()).quiet is None


def test_not_while_they_are_talking_and_never_longer_than_the_maximum_wait():
    cfg = NotificationsConfig(talk_window_seconds=60, talk_max_wait_seconds=180)
    now = utc(2026, 11, 24, 10)
    assert not timing.waits_for_talk(now, now, None, cfg)
    assert timing.waits_for_talk(now, now, Talk(last_message_at=now - timedelta(seconds=30)), cfg)
    assert not timing.waits_for_talk(now, now, Talk(last_message_at=now - timedelta(seconds=61)), cfg)
    assert timing.waits_for_talk(now, now, Talk(question_open=True), cfg)
    assert timing.waits_for_talk(now, now, Talk(working=True), cfg)
    assert timing.waits_for_talk(now, now - timedelta(seconds=179), Talk(question_open=True), cfg)
    assert not timing.waits_for_talk(now, now - timedelta(seconds=180), Talk(question_open=True), cfg)
