"""When a notice may go out: pure decisions from a person's settings, their Slack time zone and the clock.

- **Quiet hours** (`QuietHours`): from `start` to `end` in the person's local time (an end before the start
  runs across midnight), and all of Saturday and Sunday when `weekends`. A notice decided inside them is held
  until they end (`due_at`), then delivered with the others in one digest. Local means local: 19:00-08:00 in
  Europe/Berlin stays 19:00-08:00 on the nights the clocks change (the night is an hour shorter or longer).
- **Daily digest** (`Timing.digest_hour`): the person's choice; kinds that are not urgent wait for that local
  hour (then for the end of quiet hours, if the hour falls inside them).
- **Urgent kinds** (`notifications.urgent`) are never held.
- **Not while they are talking** (`waits_for_talk`): a notice due now still waits while the person is
  mid-exchange with the bot, at most `max_wait` after it became due.

Nothing here reads a clock or a database: every function takes `now` (aware) and plain values.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from notifications.rules import PREFERENCE_OF, user_zone
from servicecloud.config import NotificationsConfig, OrgConfig, QuietHoursConfig
from store.holds import Talk
from store.preferences import TimingChoice

_SEARCH_DAYS = 9          # quiet time never lasts longer than a weekend plus the nights around it


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time
    weekends: bool = True

    @classmethod
    def parse(cls, start: str, end: str, weekends: bool = True) -> QuietHours:
        return cls(parse_clock(start), parse_clock(end), weekends)


@dataclass(frozen=True, slots=True)
class Timing:
    """How one person's notices are timed: their zone, quiet hours (None: none), daily digest hour (None: real
    time) and the notification kinds that go through anyway."""

    zone: ZoneInfo
    quiet: QuietHours | None = None
    digest_hour: int | None = None
    urgent: frozenset[str] = frozenset()

    @property
    def holds_anything(self) -> bool:
        return self.quiet is not None or self.digest_hour is not None


def parse_clock(text: str) -> time:
    """"19:00" / "7:30" -> time; raises ValueError otherwise."""
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def org_quiet_hours(cfg: QuietHoursConfig | None) -> QuietHours | None:
    return None if cfg is None else QuietHours.parse(cfg.start, cfg.end, cfg.weekends)


def timing_for(tz: str | None, choice: TimingChoice | None, org: OrgConfig) -> Timing:
    """The person's timing: their own choices where they made one, the org's defaults elsewhere."""
    quiet = org_quiet_hours(org.notifications.quiet_hours)
    if choice is not None and choice.quiet is False:
        quiet = None
    elif choice is not None and (choice.quiet or choice.start or choice.end or choice.weekends is not None):
        # no org default: quiet hours switched on are the usual ones; quiet weekends alone are only weekends
        nightly = bool(choice.quiet or choice.start or choice.end)
        base = quiet or QuietHours.parse(*(("19:00", "08:00") if nightly else ("00:00", "00:00")), True)
        quiet = QuietHours(parse_clock(choice.start) if choice.start else base.start,
                           parse_clock(choice.end) if choice.end else base.end,
                           base.weekends if choice.weekends is None else choice.weekends)
        if quiet.start == quiet.end and not quiet.weekends:
            quiet = None
    urgent = frozenset(kind for kind, pref in PREFERENCE_OF.items() if pref in org.notifications.urgent)
    return Timing(user_zone(tz), quiet, choice.digest_hour if choice else None, urgent)


def is_quiet(moment: datetime, zone: ZoneInfo, quiet: QuietHours | None) -> bool:
    """True when `moment` falls in the quiet hours (local time of `zone`)."""
    if quiet is None:
        return False
    local = moment.astimezone(zone)
    if quiet.weekends and local.weekday() >= 5:
        return True
    now, start, end = local.time().replace(tzinfo=None), quiet.start, quiet.end
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end                     # across midnight


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant showing `at` on `day` in `zone` (a wall time skipped by a clock change: just after it)."""
    moment = datetime.combine(day, at, tzinfo=zone)
    return moment.astimezone(UTC).astimezone(zone)


def quiet_ends(moment: datetime, zone: ZoneInfo, quiet: QuietHours | None) -> datetime:
    """The first instant at or after `moment` outside the quiet hours (`moment` itself when it is outside).
    Quiet time can only end at its `end` time or at a midnight (the weekend's end), so those are the
    candidates, each made from local wall time and converted: a clock change in between is honoured."""
    if not is_quiet(moment, zone, quiet):
        return moment
    assert quiet is not None
    first = moment.astimezone(zone).date()
    candidates = sorted(c for d in range(_SEARCH_DAYS) for c in (
        _local(first + timedelta(days=d), quiet.end, zone), _local(first + timedelta(days=d), time(0), zone))
        if c > moment)
    for candidate in candidates:
        if not is_quiet(candidate, zone, quiet):
            return candidate.astimezone(UTC)
    return moment                                          # always quiet (a misconfiguration): do not hold forever


def next_daily(moment: datetime, zone: ZoneInfo, hour: int) -> datetime:
    """The first local `hour`:00 at or after `moment`."""
    local = moment.astimezone(zone)
    for d in range(3):
        candidate = _local(local.date() + timedelta(days=d), time(hour % 24), zone)
        if candidate >= moment:
            return candidate.astimezone(UTC)
    return moment


def due_at(kind: str, now: datetime, timing: Timing) -> datetime | None:
    """When a notice of `kind` decided at `now` may go out: None for now, else the instant it is held until."""
    if kind in timing.urgent or not timing.holds_anything:
        return None
    at = now if timing.digest_hour is None else next_daily(now, timing.zone, timing.digest_hour)
    at = quiet_ends(at, timing.zone, timing.quiet)
    return None if at <= now else at


def waits_for_talk(now: datetime, due: datetime, talk: Talk | None, cfg: NotificationsConfig) -> bool:
    """True while a notice due since `due` should wait because its person is talking with the bot: a question
    of the bot is open, a message of theirs is being worked on, or they wrote within `cfg.talk_window_seconds`;
    never longer than `cfg.talk_max_wait_seconds` after `due`."""
    if talk is None or now - due >= timedelta(seconds=cfg.talk_max_wait_seconds):
        return False
    recent = talk.last_message_at is not None and now - talk.last_message_at < timedelta(
        seconds=cfg.talk_window_seconds)
    return talk.question_open or talk.working or recent
