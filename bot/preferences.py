"""Notification settings per person: what the App Home shows ("Notification settings": one checkbox per
kind), what a typed request ("stop nudging me", "only tell me when it's resolved") changes, and the words
the bot answers with. Kinds are `servicecloud.config.Preference`; the org file can keep some always on
(`notifications.always_on`). Stored in the store (`store.preferences`); the poller honours them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slackui import ids
from slackui.blocks import Block, context, mrkdwn, section
from bot.errors import Reply
from intents.preferences import PreferenceRequest
from servicecloud.config import OrgConfig, Preference

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


class NotificationSettings:
    """One person's settings over the store, with the org's always-on kinds applied."""

    def __init__(self, store: Any, org: OrgConfig):
        self.store, self.org = store, org

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

    def answer(self, user_id: str, request: PreferenceRequest) -> list[Reply]:
        """Apply a typed request and say what changed (and what the org keeps on)."""
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
        return blocks


def _words(kinds: Iterable[Preference]) -> str:
    names = [SHORT[k] for k in Preference if k in set(kinds)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

