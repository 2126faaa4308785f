""""When to expect an answer" on the status card and the App Home (issue 24), from the case's open entitlement
milestones (servicecloud/milestones.py), in the employee's time zone and without jargon: no "SLA", no
"milestone", no countdown in minutes:seconds.

- no open milestone: nothing is said;
- the clock is stopped (Case.IsStopped) or the case waits for the employee: "Paused while we wait for you.";
- an open milestone is violated, or its target has passed (the read model may hold it from before the target):
  "Running late: the team has been told.";
- otherwise one line per kind: "You should hear from someone by today at 15:30." (first response), "We aim to
  have it sorted by Friday at 17:00." (resolution), the time in the person's zone, daylight saving included.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicecloud.milestones import ServiceTargets

PAUSED = "Paused while we wait for you."
LATE = "Running late: the team has been told."


def _zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def when(target: datetime, now: datetime, tz: str | None) -> str:
    """"today at 15:30", "tomorrow at 09:00", "Friday at 17:00", "12 March at 09:00" in the person's zone."""
    zone = _zone(tz)
    local, today = target.astimezone(zone), now.astimezone(zone).date()
    days = (local.date() - today).days
    at = f"{local:%H:%M}"
    if days == 0:
        return f"today at {at}"
    if days == 1:
        return f"tomorrow at {at}"
    if 1 < days < 7:
        return f"{local:%A} at {at}"
    return f"{local.day} {local:%B} at {at}"


def expect_lines(targets: ServiceTargets | None, now: datetime, tz: str | None, *,
                 waiting_for_them: bool = False) -> list[str]:
    """The lines to show (none without an open milestone)."""
    if targets is None or not targets.open:
        return []
    if targets.stopped or waiting_for_them:
        return [PAUSED]
    if any(m.violated or (m.target is not None and m.target <= now) for m in targets.open):
        return [LATE]
    lines = []
    seen = set()
    for m in sorted(targets.open, key=lambda m: m.target or now):
        if m.target is None or m.kind in seen or m.kind == "other":
            continue
        seen.add(m.kind)
        if m.kind == "first_response":
            lines.append(f"You should hear from someone by {when(m.target, now, tz)}.")
        else:
            lines.append(f"We aim to have it sorted by {when(m.target, now, tz)}.")
    return lines
