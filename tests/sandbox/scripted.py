"""A scripted Slack side for the page's own browser test: a tiny 'bot' that answers with Block Kit."""
from __future__ import annotations

import itertools
import threading
import time
from typing import Any, Callable

from sandbox.web import Employee, UploadedFile

CARD = [
    {"type": "header", "text": {"type": "plain_text", "text": "Case 00001027 filed :tada:"}},
    {"type": "section", "block_id": "summary",
     "text": {"type": "mrkdwn", "text": "I filed *your case* for _you_: `VPN` &amp; <https://example.com/case|open it>\nsecond line"},
     "fields": [{"type": "mrkdwn", "text": "*Status*\nNew"}, {"type": "mrkdwn", "text": "*Type*\nIncident"}],
     "accessory": {"type": "button", "action_id": "case_view", "value": "500A", "text": {"type": "plain_text", "text": "View details"}}},
    {"type": "context", "elements": [{"type": "mrkdwn", "text": ":bell: you will be notified"}]},
    {"type": "divider"},
    {"type": "actions", "block_id": "buttons", "elements": [
        {"type": "button", "action_id": "case_add_comment", "value": "500A", "style": "primary",
         "text": {"type": "plain_text", "text": "Add comment"}},
        {"type": "button", "action_id": "case_close", "value": "500A", "style": "danger",
         "text": {"type": "plain_text", "text": "Close"},
         "confirm": {"title": {"type": "plain_text", "text": "Close case 00001027?"},
                     "text": {"type": "mrkdwn", "text": "You can reopen it later."},
                     "confirm": {"type": "plain_text", "text": "Close it"},
                     "deny": {"type": "plain_text", "text": "Keep it open"}, "style": "danger"}}]},
]

MODAL = {
    "type": "modal", "callback_id": "modal_add_comment", "private_metadata": "500A",
    "title": {"type": "plain_text", "text": "Add a comment"}, "submit": {"type": "plain_text", "text": "Add"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {"type": "input", "block_id": "comment_block", "label": {"type": "plain_text", "text": "Comment"},
         "element": {"type": "plain_text_input", "action_id": "comment_input", "multiline": True}},
        {"type": "input", "block_id": "type_block", "label": {"type": "plain_text", "text": "Type"},
         "element": {"type": "static_select", "action_id": "type_input", "options": [
             {"text": {"type": "plain_text", "text": "Incident"}, "value": "Incident"},
             {"text": {"type": "plain_text", "text": "Service Request"}, "value": "Service Request"}]}},
        {"type": "input", "block_id": "urgency_block", "optional": True,
         "label": {"type": "plain_text", "text": "Urgency"},
         "element": {"type": "radio_buttons", "action_id": "urgency_input", "options": [
             {"text": {"type": "plain_text", "text": "Low"}, "value": "low"},
             {"text": {"type": "plain_text", "text": "High"}, "value": "high"}]}},
        {"type": "input", "block_id": "file_block", "optional": True, "label": {"type": "plain_text", "text": "File"},
         "element": {"type": "file_input", "action_id": "file_input", "max_files": 1}},
    ],
}


CHANNEL = "C0ITHELP"


class ScriptedChat:
    """Answers any DM with CARD; "Add comment" opens MODAL; a submission adds a reply; in #it-help the :ticket:
    reaction or the shortcut on a message gets a thread reply and the bot's own :ticket:. Records everything."""

    bot_name = "Concierge"

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.open_views: dict[str, list[dict[str, Any]]] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.received: list[tuple[str, Any]] = []
        self.subscribers: list[Callable[[str | None, str], None]] = []
        self._ts = itertools.count(1)

    def employees(self) -> list[Employee]:
        return [Employee("U0ALICE", "Alice Johnson", "alice@example.com"),
                Employee("U0ERIN", "Erin Walsh", "erin@example.com", note="No Salesforce contact")]

    def _post(self, user: str, message: dict[str, Any]) -> None:
        message = {"ts": f"{int(time.time())}.{next(self._ts):06d}", **message}
        with self.lock:
            self.messages.setdefault(user, []).append(message)
        self._changed(None if user == CHANNEL else user, "conversation")

    def _changed(self, user: str | None, kind: str) -> None:
        for callback in list(self.subscribers):
            callback(user, kind)

    def send_message(self, user_id: str, text: str, files: list[UploadedFile]) -> None:
        self.received.append(("message", (user_id, text, files)))
        self._post(user_id, {"user": user_id, "text": text,
                             "files": [{"name": f.name, "size": len(f.content)} for f in files]})
        self._post(user_id, {"bot_id": "B1", "text": "Case filed", "blocks": CARD})

    def reply_in_thread(self, user_id: str, thread_ts: str, text: str) -> None:
        self.received.append(("thread_reply", (user_id, thread_ts, text)))
        self._post(user_id, {"user": user_id, "text": text, "thread_ts": thread_ts})
        self._post(user_id, {"bot_id": "B1", "text": "Added your comment", "thread_ts": thread_ts})

    def slash_command(self, user_id: str, command: str, text: str) -> None:
        self.received.append(("command", (user_id, command, text)))
        self._post(user_id, {"bot_id": "B1", "text": f"You ran {command} {text}", "is_ephemeral": True,
                             "ephemeral": True})

    def click(self, user_id: str, action: dict[str, Any], *, message_ts=None, view_id=None) -> None:
        self.received.append(("click", (user_id, action, message_ts, view_id)))
        if action["action_id"] == "case_add_comment":
            with self.lock:
                self.open_views.setdefault(user_id, []).append({**MODAL, "id": "V1", "hash": "h1"})
            self._changed(user_id, "views")
        elif action["action_id"] == "case_close":
            self._post(user_id, {"bot_id": "B1", "text": ":lock: Case *00001027* is closed."})

    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, Any] | None:
        self.received.append(("submit", (user_id, view_id, values)))
        comment = values["comment_block"]["comment_input"]["value"]
        if len(comment) < 3:
            return {"response_action": "errors", "errors": {"comment_block": "A little longer, please."}}
        with self.lock:
            self.open_views[user_id] = []
        self._changed(user_id, "views")
        self._post(user_id, {"bot_id": "B1", "text": f":speech_balloon: Added your comment: _{comment}_"})
        return None

    def close_view(self, user_id: str, view_id: str) -> None:
        self.received.append(("close", (user_id, view_id)))
        with self.lock:
            self.open_views[user_id] = []
        self._changed(user_id, "views")

    def open_home(self, user_id: str) -> None:
        self.received.append(("home", user_id))
        with self.lock:
            self.homes[user_id] = {"id": "VHOME", "type": "home", "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": "My cases"}},
                {"type": "section", "text": {"type": "mrkdwn", "text": "*00001027* VPN down · New"}}]}
        self._changed(user_id, "home")

    def upload_file(self, user_id: str, file: UploadedFile) -> dict[str, Any]:
        self.received.append(("upload", (user_id, file)))
        return {"id": "F1", "name": file.name, "size": len(file.content)}

    def channels(self) -> list[dict[str, Any]]:
        return [{"id": CHANNEL, "name": "it-help"}]

    def post_in_channel(self, user_id: str, channel: str, text: str, thread_ts: str | None) -> None:
        self.received.append(("channel_message", (user_id, channel, text, thread_ts)))
        self._post(channel, {"user": user_id, "text": text, **({"thread_ts": thread_ts} if thread_ts else {})})

    def _reacted(self, channel: str, ts: str, user: str, name: str) -> dict[str, Any]:
        with self.lock:
            message = next(m for m in self.messages[channel] if m["ts"] == ts)
            entry = next((r for r in message.setdefault("reactions", []) if r["name"] == name), None)
            if entry is None:
                entry = {"name": name, "users": [], "count": 0}
                message["reactions"].append(entry)
            if user not in entry["users"]:
                entry["users"].append(user)
            entry["count"] = len(entry["users"])
            return message

    def _file(self, channel: str, ts: str) -> None:
        """What the bot does with a message filed from the channel: one thread reply, its :ticket: on the root."""
        self._reacted(channel, ts, "U0CONCIERGEBOT", "ticket")
        with self.lock:
            filed = any(m.get("thread_ts") == ts and m.get("bot_id") for m in self.messages[channel])
        if not filed:
            self._post(channel, {"bot_id": "B1", "text": "Filed case *00001028* for <@U0ALICE>", "thread_ts": ts})

    def react(self, user_id: str, channel: str, ts: str, name: str) -> None:
        self.received.append(("react", (user_id, channel, ts, name)))
        self._reacted(channel, ts, user_id, name)
        if name == "ticket":
            self._file(channel, ts)
        self._changed(None, "conversation")

    def shortcut(self, user_id: str, channel: str, ts: str) -> None:
        self.received.append(("shortcut", (user_id, channel, ts)))
        self._file(channel, ts)
        self._changed(None, "conversation")

    def conversation(self, user_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.messages.get(user_id, []))

    def channel_messages(self, user_id: str, channel: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(m) for m in self.messages.get(channel, [])]

    def views(self, user_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.open_views.get(user_id, []))

    def home(self, user_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self.homes.get(user_id)

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        self.subscribers.append(callback)
        return lambda: self.subscribers.remove(callback)
