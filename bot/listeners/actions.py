"""Listeners for button clicks: case card buttons, the buttons that open a modal, the answers to the bot's
questions (Did you mean, Which case, Is this about), and the App Home's notification settings. A click that acts
(a case button, an answer) is acted on once: a replayed one is dropped (`Shared.first_time`)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import blocks
from bot.errors import reply_for_error
from slackui import fallback, ids, keys
from slackui.fit import unescape
from slackui.values import CaseChoice, CaseTarget, IntentChoice, QuestionRef

if TYPE_CHECKING:
    from bot.listeners.shared import Shared

log = logging.getLogger("concierge.bot")


class ActionListeners:
    """block_actions, on behalf of `core` (what the surfaces share, shared.py)."""

    def __init__(self, core: Shared):
        self.core = core

    def register(self) -> None:
        app = self.core.app
        for action_id in (ids.CLOSE_CASE, ids.REOPEN_CASE, ids.VIEW_CASE, ids.MUTE_CASE, ids.UNMUTE_CASE,
                          ids.LOOKS_GOOD, ids.ATTACH_FILE, ids.SHOW_MORE):
            app.action(action_id)(self.on_case_button)
        app.action(ids.ADD_COMMENT)(self.on_open_modal)
        app.action(ids.ADD_DETAILS)(self.on_open_modal)
        app.action(ids.EDIT_SUBJECT)(self.on_open_modal)
        app.action(ids.any_of(ids.DID_YOU_MEAN))(self.on_did_you_mean)   # nlu_did_you_mean:0, :1, ... and old ones
        app.action(ids.any_of(ids.PICK_CASE))(self.on_pick_case)
        app.action(ids.PICK_NONE)(self.on_pick_none)
        app.action(ids.NOTIFY_SETTINGS)(self.on_notification_settings)
        for timing_id in ids.NOTIFY_TIMING:
            app.action(timing_id)(self.on_notification_timing)
        app.action(ids.DUPLICATE_ADD_COMMENT)(self.on_duplicate)
        app.action(ids.DUPLICATE_FILE_NEW)(self.on_duplicate)
        for kb_id in (ids.KB_FIXED, ids.KB_FILE, ids.KB_OPEN):
            app.action(ids.any_of(kb_id))(self.on_knowledge)

    def on_knowledge(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        """A Knowledge answer's buttons (bot/knowledge.py); "Open" is a link: only recorded."""
        ack()
        core = self.core
        user = body["user"]["id"]
        key = keys.click(user, action.get('action_ts'))
        action_id = action["action_id"].split(":", 1)[0]
        core.run(lambda: core.concierge.on_knowledge(user, action_id, action.get("value") or "", dedupe_key=key),
                 core.poster(client, core.reply_channel(client, body), key=key), user=user, client=client)

    def on_case_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        core = self.core
        user = body["user"]["id"]
        key = keys.click(user, action.get('action_ts'))
        if not core.first_time(key):
            return
        core.run(lambda: core.concierge.case_action(user, action["action_id"], action.get("value") or "",
                                                    dedupe_key=key),
                 core.poster(client, core.reply_channel(client, body), key=key), user=user, client=client)

    def on_open_modal(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        value = action.get("value") or ""
        target = CaseTarget.from_json(value)
        case_id, label, subject = target.case_id, target.number or None, target.subject
        if CaseTarget.legacy(value):     # a card posted before its buttons said: what its text shows
            label, subject = _case_number_near(body, case_id), _subject_near(body, case_id)
        if action["action_id"] == ids.EDIT_SUBJECT:
            view = blocks.subject_modal(case_id, label, subject)
        elif action["action_id"] == ids.ADD_COMMENT:
            view = blocks.comment_modal(case_id, label)
        else:
            view = blocks.details_modal(case_id, label)
        try:
            fallback.open_view(client, trigger_id=body["trigger_id"], view=view)
        except Exception as e:  # e.g. expired_trigger_id: say so in the DM rather than nothing
            self.core.poster(client, self.core.reply_channel(client, body))(reply_for_error(e))

    def on_did_you_mean(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        choice = IntentChoice.from_json(action.get("value"))
        self._answer(ack, body, action, client, lambda user, key: self.core.concierge.on_did_you_mean(
            user, choice.intent, choice.pending, dedupe_key=key))

    def on_pick_case(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        picked = CaseChoice.from_json(action.get("value"))
        self._answer(ack, body, action, client, lambda user, key: self.core.concierge.on_case_picked(
            user, picked.case_id, picked.pending, dedupe_key=key))

    def on_pick_none(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        answer = QuestionRef.from_json(action.get("value"))
        self._answer(ack, body, action, client, lambda user, key: self.core.concierge.on_pick_none(
            user, answer.pending, dedupe_key=key))

    def _answer(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                work: Callable[[str, str], Any]) -> None:
        """A click answering one of the bot's questions: ack, close the prompt, do `work(user, key)` on the work
        pool and post its replies (keyed by the click, so a repeated delivery posts nothing twice)."""
        ack()
        core = self.core
        user = body["user"]["id"]
        key = keys.click(user, action.get('action_ts'))
        if not core.first_time(key):
            return
        core.close_prompt(client, body, action)
        core.run(lambda: work(user, key), core.poster(client, core.reply_channel(client, body), key=key),
                 user=user, client=client)

    def on_notification_settings(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                                 client: WebClient) -> None:
        """App Home "Notification settings" checkboxes: the kinds now ticked are on, the others off."""
        ack()
        user = body["user"]["id"]
        selected = [o.get("value", "") for o in action.get("selected_options") or []]
        self.core.work_pool.submit(self._save_settings, user, selected, client)

    def _save_settings(self, user: str, selected: list[str], client: WebClient) -> None:
        try:
            self.core.concierge.on_notification_settings(user, selected)
        except Exception:  # noqa: BLE001 - the Home is republished with what the store holds
            log.exception("could not save the notification settings of %s", user)
        self.core.publish_home(client, user)

    def on_notification_timing(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                               client: WebClient) -> None:
        """App Home quiet hours / daily digest controls: the choice is stored, the Home republished."""
        ack()
        user = body["user"]["id"]
        value = (action.get("selected_option") or {}).get("value")
        selected = [o.get("value", "") for o in action.get("selected_options") or []]
        self.core.work_pool.submit(self._save_timing, user, action["action_id"], value, selected, client)

    def _save_timing(self, user: str, action_id: str, value: str | None, selected: list[str],
                     client: WebClient) -> None:
        try:
            self.core.concierge.on_notification_timing(user, action_id, value, selected)
        except Exception:  # noqa: BLE001 - the Home is republished with what the store holds
            log.exception("could not save the notification timing of %s", user)
        self.core.publish_home(client, user)

    def on_duplicate(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        core = self.core
        user, chosen = body["user"]["id"], CaseChoice.from_json(action.get("value"))   # file new: no case_id
        key = keys.click(user, action.get('action_ts'))
        if not core.first_time(key):
            return
        core.close_prompt(client, body, action)
        case_id = (chosen.case_id or None) if action["action_id"] == ids.DUPLICATE_ADD_COMMENT else None
        core.run(lambda: core.concierge.on_duplicate_choice(user, chosen.pending, case_id, dedupe_key=key),
                 core.poster(client, core.reply_channel(client, body), key=key), user=user, client=client)


# A card posted before its modal buttons carried a CaseTarget (their value the bare case Id): the number and subject
# are read from the card's text.
def _case_title_near(body: dict[str, Any], case_id: str) -> str:
    """The "*number* · subject" line of the case card a clicked button belongs to ("" when not found)."""
    source = body.get("message") or body.get("view") or {}
    for b in source.get("blocks", []):
        if b.get("block_id") == f"case:{case_id}":
            return (b.get("text") or {}).get("text", "")
    return ""


def _case_number_near(body: dict[str, Any], case_id: str) -> str | None:
    """The case number shown next to a clicked button (for the modal's title line), if it can be read."""
    digits = "".join(ch for ch in _case_title_near(body, case_id).split("·")[0] if ch.isdigit())
    return digits[-8:] or None


def _subject_near(body: dict[str, Any], case_id: str) -> str:
    """The subject shown on the clicked card (unescaped), to prefill the Edit subject modal."""
    title = _case_title_near(body, case_id)
    subject = title.split("·", 1)[1].strip() if "·" in title else ""
    if subject.startswith("_(no subject"):
        return ""
    return unescape(subject)
