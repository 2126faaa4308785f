"""When notifications come: quiet hours and the daily digest (the settings in bot/preferences.py)."""
from __future__ import annotations

from collections.abc import Sequence

from bot.wording.words import plural

QUIET_HOURS_HEAD = "*Quiet hours* (your time zone): notices wait and come together in one message when they end"
DIGEST_HEAD = "*Daily digest*: what isn't urgent, once a day instead of as it happens"
NO_QUIET_HOURS, QUIET_WEEKENDS, REAL_TIME = "No quiet hours", "Quiet at weekends", "As it happens"
TIMING_TYPED = "You can also tell me, e.g. _quiet hours 20:00 to 7:00_, _no notifications at weekends_ or " \
    "_daily digest at 9_."


def daily_at(hour: int) -> str:
    return f"Daily at {hour:02d}:00"


def timing_changed(*, quiet: bool | None, start: str | None, end: str | None, weekends: bool | None,
                   digest_hour: int | None, real_time: bool) -> str:
    """What a typed timing request changed."""
    said = ["no more quiet hours" if quiet is False else f"quiet hours from {start} to {end}" if start else "",
            {True: "nothing at weekends", False: "notifications at weekends too", None: ""}[weekends],
            f"a daily digest at {digest_hour:02d}:00 for what isn't urgent" if digest_hour is not None
            else "notifications as they happen" if real_time else ""]
    return "OK: " + ", ".join(x for x in said if x) + "."


def held_coming(count: int) -> str:
    """The notices held under the old settings go out now (the poller sends them at its next round)."""
    return f"The {plural(count, 'notification')} I was holding for you will come in a moment."


def timing_summary(*, start: str | None, end: str | None, weekends: bool, digest_hour: int | None,
                   urgent: Sequence[str]) -> str:
    """Quiet hours and the digest as they apply to the person (`start`/`end` None: no nightly hours)."""
    quiet = (f"Quiet hours {start} to {end}" + (" and weekends" if weekends else "") + " (your time)." if start
             else "Quiet at weekends." if weekends else "No quiet hours.")
    digest = f" Daily digest at {digest_hour:02d}:00." if digest_hour is not None else ""
    return quiet + digest + (f" {', '.join(urgent).capitalize()} always come at once." if urgent else "")
