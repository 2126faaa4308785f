"""What people do in the stand-in's channels, delivered to the bot as Slack delivers it: channel messages and
thread replies (`message`, with `app_mention` beside it when the bot is mentioned), reactions (`reaction_added`)
and message shortcuts (`message_action`). Events reach the bot only from channels it is a member of; a message
shortcut reaches it from anywhere, carrying the message itself.

- message events: "message.channels" / "message.groups" are sent for channels the app is in
  (https://docs.slack.dev/reference/events/message.channels).
- app_mention: "If your app is mentioned but not part of a conversation (and not invited to join), you won't
  receive an event" (https://docs.slack.dev/reference/events/app_mention).
- reaction_added: `user` reacted, `item_user` wrote the message, `item` names channel and ts
  (https://docs.slack.dev/reference/events/reaction_added/).
- message_action: `callback_id`, `trigger_id`, `response_url`, `user`, `channel`, `message` ("the full structure
  of the message", https://api.slack.com/reference/interaction-payloads/shortcuts).
"""
from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.slack.driver import Delivery, Driver, slack_markup
from sandbox.slack.workspace import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, Workspace, is_reply

MENTION = "@Concierge"      # typed by a person; delivered as Slack's mention markup <@U0CONCIERGEBOT>


@dataclass
class ChannelPost:
    """A message a person (or another app) posted in a channel, and what the bot was sent about it."""

    channel: str
    ts: str
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def delivered(self) -> bool:
        return bool(self.deliveries)


class ChannelDriver:
    """Channel activity of `workspace`, delivered through `driver` (signed HTTP, or Socket Mode)."""

    def __init__(self, workspace: Workspace, driver: Driver):
        self.workspace, self.driver = workspace, driver

    def post(self, user: str, channel: str, text: str, *, thread_ts: str | None = None, bot: bool = False,
             event_id: str | None = None) -> ChannelPost:
        """`user` writes `text` in `channel` (in the thread of `thread_ts` when given); with `bot`, the message
        comes from another app (subtype bot_message, a `bot_id`). "@Concierge" in `text` mentions the bot."""
        ws = self.workspace
        info = ws.channel_info(channel)
        if info is None:
            raise LookupError(f"no such channel: {channel}")
        u = ws.user(user)
        if not bot and not ws.is_member(info.id, u.id):
            raise PermissionError(f"{u.name} is not in #{info.name}")
        ts = ws.next_ts()
        markup = slack_markup(text).replace(MENTION, f"<@{BOT_USER_ID}>")
        event: dict[str, Any] = {
            "type": "message", "user": u.id, "text": markup, "ts": ts, "event_ts": ts, "channel": info.id,
            "channel_type": "group" if info.is_private else "channel", "team": u.team_id or TEAM_ID,
            "blocks": [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
        }
        if bot:
            event.update(subtype="bot_message", bot_id="B0OTHERAPP", username=u.name)
        else:
            event["client_msg_id"] = str(uuid.uuid4())
        if thread_ts is not None:
            with ws.lock:
                parent = ws.parent_of(info.id, thread_ts)
            if parent is None:
                raise LookupError(f"no message {thread_ts} to reply to in #{info.name}")
            event.update(thread_ts=thread_ts, parent_user_id=parent.get("user"))
        ws.record_message(info.id, {k: v for k, v in event.items() if k not in ("event_ts", "channel_type")})
        post = ChannelPost(info.id, ts)
        if not ws.is_member(info.id, BOT_USER_ID):
            return post
        post.deliveries.append(self.driver.deliver_event(event, event_id=event_id))
        if f"<@{BOT_USER_ID}>" in markup and not bot:
            mention = {k: v for k, v in event.items() if k not in ("channel_type", "subtype")}
            mention["type"] = "app_mention"
            post.deliveries.append(self.driver.deliver_event(mention))
        return post

    def react(self, user: str, channel: str, ts: str, name: str = "ticket", *,
              event_id: str | None = None, to: str | None = None) -> Delivery | None:
        """`user` adds the reaction `name` to message `ts`; the bot hears `reaction_added` when it is in the
        channel (at `to` when given: Driver.deliver_event). A person's second identical reaction changes nothing
        (None), as in Slack."""
        ws = self.workspace
        info = ws.channel_info(channel)
        if info is None:
            raise LookupError(f"no such channel: {channel}")
        u = ws.user(user)
        with ws.lock:
            msg = next((m for m in ws.channels.get(info.id, []) if m["ts"] == ts and not m.get("is_ephemeral")), None)
            if msg is None:
                raise LookupError(f"no message {ts} in #{info.name}")
            reactions = msg.setdefault("reactions", [])
            entry = next((r for r in reactions if r["name"] == name), None)
            if entry is not None and u.id in entry["users"]:
                return None
            if entry is None:
                entry = {"name": name, "users": [], "count": 0}
                reactions.append(entry)
            entry["users"].append(u.id)
            entry["count"] = len(entry["users"])
            item_user = msg.get("user")
            changed = copy.deepcopy(msg)
        ws.notify({"kind": "message_changed", "channel": info.id, "message": changed})
        if not ws.is_member(info.id, BOT_USER_ID):
            return None
        event: dict[str, Any] = {"type": "reaction_added", "user": u.id, "reaction": name,
                                 "item": {"type": "message", "channel": info.id, "ts": ts},
                                 "event_ts": ws.next_ts()}
        if item_user:
            event["item_user"] = item_user
        return self.driver.deliver_event(event, event_id=event_id, to=to)

    def shortcut(self, user: str, channel: str, ts: str, callback_id: str = "file_as_case") -> Delivery:
        """`user` runs the message shortcut `callback_id` on message `ts`: delivered whether or not the bot is in
        the channel, with the message in the payload."""
        ws = self.workspace
        info = ws.channel_info(channel)
        channel_id = info.id if info is not None else ws.channel_of(channel)
        u = ws.user(user)
        with ws.lock:
            msg = next((copy.deepcopy(m) for m in ws.channels.get(channel_id, [])
                        if m["ts"] == ts and not m.get("is_ephemeral")), None)
        if msg is None:
            raise LookupError(f"no message {ts} in {channel}")
        msg.pop("channel", None)
        payload: dict[str, Any] = {
            "type": "message_action", "callback_id": callback_id, "action_ts": ws.next_ts(),
            "trigger_id": ws.trigger_id(u.id), "message_ts": ts,
            "response_url": f"{self.driver._base_url()}response/{channel_id}/{u.id}",
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": u.team_id or TEAM_ID},
            "channel": {"id": channel_id, "name": info.name if info is not None else "directmessage"},
            "message": msg, "token": "verification-token-unused", "api_app_id": APP_ID,
            "is_enterprise_install": False, "enterprise": None,
        }
        return self.driver._post_payload("message_action", payload)

    def thread_of(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """The thread of `ts` in `channel` (the root, then its replies, oldest first)."""
        return self.workspace.thread(channel, ts)

    def bot_posts(self, channel: str) -> list[dict[str, Any]]:
        """The bot's messages in `channel` (top-level and replies), ephemeral ones included."""
        return [m for m in self.workspace.messages(channel) if m.get("bot_id") == BOT_ID]

    @staticmethod
    def is_reply(msg: dict[str, Any]) -> bool:
        return is_reply(msg)
