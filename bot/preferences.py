"""Notification settings per person: what the App Home shows ("Notification settings": one checkbox per
kind, then quiet hours and the daily digest), what a typed request ("stop nudging me", "only tell me when it's
resolved", "quiet hours 20:00 to 7:00", "no notifications at weekends", "daily digest at 9") changes, and the
answers (words in bot/wording/timing.py for when notices come). Kinds are `servicecloud.config.Preference`; the org
file can keep some always on (`notifications.always_on`) and sets the default quiet hours and the urgent kinds.
Stored in the store (`store.preferences`); the poller honours them (notifications/timing.py), also for the
notices it holds already (re-timed at its next round; the answer says when they come now). How a person's
choices and the org's defaults combine is the notifications' rule (`notifications.timing.timing_for`): the
composition root hands it in as `timing_for` (the bot never imports the notifications, docs/contracts.md).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import time
from typing import Any, Protocol

from slackui import ids
from slackui.blocks import Block, context, mrkdwn, plain, section
from bot import wording
from bot.errors import Reply
from intents.preferences import PreferenceRequest, TimingRequest
from servicecloud.config import OrgConfig, Preference
from store.preferences import TimingChoice

LABELS = {
    Preference.AGENT_REPLIES: "Agent replies (comments, emails, feed posts, files)",
    Preference.WAITING: "A case is waiting for me",
    Preference.RESOLVED: "A case is resolved or closed",
    Preference.NUDGES: "Reminders about cases I haven't touched",
    Preference.FILED_ELSEWHERE: "A case was filed for me elsewhere (phone, email, web)",
}
SHORT = {
    Preference.AGENT_REPLIES: "agent replies", Preference.WAITING: "cases waiting for you",
    Preference.RESOLVED: "resolved or closed cases", Preference.NUDGES: "reminders",
    Preference.FILED_ELSEWHERE: "cases filed for you elsewhere",
}


class QuietHoursView(Protocol):
    @property
    def start(self) -> time: ...
    @property
    def end(self) -> time: ...
    @property
    def weekends(self) -> bool: ...


class TimingView(Protocol):
    """What the bot reads of a person's notice timing (notifications.timing.Timing)."""

    @property
    def quiet(self) -> QuietHoursView | None: ...
    @property
    def digest_hour(self) -> int | None: ...


TimingFor = Callable[[str | None, TimingChoice | None, OrgConfig], TimingView]


class NotificationSettings:
    """One person's settings over the store, with the org's always-on kinds applied; `timing_for(tz, choice,
    org)` combines a person's timing choices with the org's defaults (notifications.timing.timing_for)."""

    def __init__(self, store: Any, org: OrgConfig, timing_for: TimingFor):
        self.store, self.org, self.timing_for = store, org, timing_for

    @property
    def always_on(self) -> frozenset[Preference]:
        return frozenset(self.org.notifications.always_on)

    def enabled(self, user_id: str) -> dict[Preference, bool]:
        stored = self.store.preferences.of([user_id]).get(user_id, {})
        return {k: k in self.always_on or stored.get(str(k), True) for k in Preference}

    def set_enabled(self, user_id: str, on: Iterable[str]) -> None:
        """The App Home checkboxes: exactly the kinds in `on` are on (always-on kinds stay on)."""
        chosen = {str(k) for k in on}
        self.store.preferences.set(user_id, {str(k): str(k) in chosen for k in Preference if k not in self.always_on})

    def timing(self, user_id: str) -> TimingView:
        """When the person's notices come: their choices over the org's defaults (zone left out)."""
        return self.timing_for(None, self.store.preferences.timing_of([user_id]).get(user_id), self.org)

    def set_timing(self, user_id: str, action_id: str, value: str | None, selected: Iterable[str] = ()) -> None:
        """An App Home control of quiet hours or the daily digest changed (`value`: the option chosen;
        `selected`: the ticked values of the weekends checkbox)."""
        if action_id == ids.NOTIFY_QUIET_START:
            changes: dict[str, Any] = {"quiet": False} if value == OFF else {"quiet": True, "start": value}
        elif action_id == ids.NOTIFY_QUIET_END:
            changes = {"quiet": True, "end": value}
        elif action_id == ids.NOTIFY_WEEKENDS:
            changes = {"weekends": WEEKENDS in set(selected)}
        elif action_id == ids.NOTIFY_DIGEST:
            changes = {"digest_hour": None if value in (None, OFF) else int(str(value)[:2]) % 24}
        else:
            raise ValueError(f"not a notification timing control: {action_id!r}")
        self.store.preferences.set_timing(user_id, **changes)

    def _apply_timing(self, user_id: str, req: TimingRequest) -> str:
        changes: dict[str, Any] = {}
        if req.quiet is False:
            changes["quiet"] = False
        elif req.start and req.end:
            changes.update(quiet=True, start=req.start, end=req.end)
        if req.weekends is not None:
            changes["weekends"] = req.weekends
            if req.weekends and req.quiet is None and self.timing(user_id).quiet is None:
                changes["quiet"] = None                     # "no quiet hours" earlier: quiet again, at weekends
        if req.digest_hour is not None or req.real_time:
            changes["digest_hour"] = req.digest_hour
        self.store.preferences.set_timing(user_id, **changes)
        said = wording.timing_changed(quiet=req.quiet, start=req.start, end=req.end, weekends=req.weekends,
                                      digest_hour=req.digest_hour, real_time=req.real_time)
        now = self.timing(user_id)
        held = self.store.holds.held_count(user_id) if now.quiet is None and now.digest_hour is None else 0
        return f"{said} {wording.held_coming(held)}" if held else said

    def timing_summary(self, user_id: str) -> str:
        t = self.timing(user_id)
        q = t.quiet
        urgent = [SHORT[k] for k in Preference if k in self.org.notifications.urgent]
        nightly = q is not None and q.start != q.end
        return wording.timing_summary(start=q.start.strftime("%H:%M") if q and nightly else None,
                                      end=q.end.strftime("%H:%M") if q and nightly else None,
                                      weekends=bool(q and q.weekends), digest_hour=t.digest_hour, urgent=urgent)

    def answer(self, user_id: str, request: PreferenceRequest) -> list[Reply]:
        """Apply a typed request and say what changed (and what the org keeps on)."""
        if request.timing is not None:
            head = self._apply_timing(user_id, request.timing)
            summary = self.timing_summary(user_id)
            return [Reply(f"{head} {summary}", [section(head), context(f"{summary} {wording.TIMING_TYPED}")])]
        on = {Preference(k) for k in request.on}
        off = {Preference(k) for k in request.off}
        kept = off & self.always_on
        changes = {str(k): True for k in on} | {str(k): False for k in off - self.always_on}
        if changes:
            self.store.preferences.set(user_id, changes)
        lines = []
        if on:
            lines.append(f"OK, I'll tell you about {_words(on)}.")
        if off - self.always_on:
            lines.append(f"OK, no more {_words(off - self.always_on)}.")
        if kept:
            lines.append(f"Your organisation keeps {_words(kept)} always on.")
        head = " ".join(lines) or "Here are your notification settings."
        summary = self.summary(user_id)
        return [Reply(f"{head} {summary}", [section(head), context(f"{summary} Change them any time in my *Home* "
                                                                   "tab, under *Notification settings*.")])]

    def summary(self, user_id: str) -> str:
        state = self.enabled(user_id)
        on = [k for k in Preference if state[k]]
        if len(on) == len(Preference):
            return "You get every kind of notification."
        if not on:
            return "You get no notifications."
        return f"You get notifications about {_words(on)}."

    def home_blocks(self, user_id: str) -> list[Block]:
        """The App Home's "Notification settings": checkboxes for what the person may switch, a note for
        what the org keeps on."""
        state = self.enabled(user_id)
        free = [k for k in Preference if k not in self.always_on]
        blocks: list[Block] = [{"type": "divider"}, section("*Notification settings*")]
        if free:
            options = [{"text": mrkdwn(LABELS[k]), "value": str(k)} for k in free]
            element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.NOTIFY_SETTINGS, "options": options}
            initial = [o for o, k in zip(options, free, strict=True) if state[k]]
            if initial:
                element["initial_options"] = initial
            blocks.append({"type": "actions", "block_id": "notify_settings", "elements": [element]})
        if self.always_on:
            names = ", ".join(LABELS[k] for k in Preference if k in self.always_on)
            blocks.append(context(f"Always on (set by your organisation): {names}."))
        blocks.append(context("You can also tell me, e.g. _stop nudging me_ or _only tell me when it's resolved_."))
        return blocks + self._timing_blocks(user_id)

    def _timing_blocks(self, user_id: str) -> list[Block]:
        """Quiet hours (start or none, end, weekends) and the daily digest, as App Home controls."""
        t = self.timing(user_id)
        q = t.quiet
        start = q.start.strftime("%H:%M") if q and q.start != q.end else None
        end = q.end.strftime("%H:%M") if q and q.start != q.end else None
        weekend_box: dict[str, Any] = {"type": "checkboxes", "action_id": ids.NOTIFY_WEEKENDS,
                                       "options": [{"text": mrkdwn(wording.QUIET_WEEKENDS), "value": WEEKENDS}]}
        if q and q.weekends:
            weekend_box["initial_options"] = weekend_box["options"]
        digest = _select(ids.NOTIFY_DIGEST, [(wording.REAL_TIME, OFF)] + [(wording.daily_at(h), f"{h:02d}:00")
                                                                         for h in range(24)],
                         OFF if t.digest_hour is None else f"{t.digest_hour:02d}:00")
        return [section(wording.QUIET_HOURS_HEAD),
                {"type": "actions", "block_id": "notify_timing", "elements": [
                    _select(ids.NOTIFY_QUIET_START, [(wording.NO_QUIET_HOURS, OFF)] + _hours(start), start or OFF),
                    _select(ids.NOTIFY_QUIET_END, _hours(end), end or "08:00"), weekend_box]},
                section(wording.DIGEST_HEAD),
                {"type": "actions", "block_id": "notify_digest", "elements": [digest]},
                context(wording.TIMING_TYPED)]


OFF = "off"                # the "No quiet hours" / "As it happens" option
WEEKENDS = "weekends"      # the weekends checkbox's value


def _hours(current: str | None) -> list[tuple[str, str]]:
    """Whole hours, and the person's own time when it is not one ("20:30" typed)."""
    values = sorted({f"{h:02d}:00" for h in range(24)} | ({current} if current else set()))
    return [(v, v) for v in values]


def _select(action_id: str, options: list[tuple[str, str]], initial: str) -> dict[str, Any]:
    opts = [{"text": plain(text), "value": value} for text, value in options]
    element: dict[str, Any] = {"type": "static_select", "action_id": action_id, "options": opts}
    chosen = next((o for o in opts if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


def _words(kinds: Iterable[Preference]) -> str:
    names = [SHORT[k] for k in Preference if k in set(kinds)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

