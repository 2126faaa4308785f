"""The stand-in's driver (stand-in -> bot): what people do in Slack, delivered to the bot as Slack delivers it,
signed HTTP POSTs to the bot's request URL, or envelopes over Socket Mode while the app is connected."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
import requests.adapters

from sandbox.slack.files import Files
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.workspace import APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, Workspace


@dataclass
class Delivery:
    """One signed request the stand-in sent to the bot, and the bot's answer."""

    kind: str                    # "event" | "block_actions" | "view_submission" | "slash_command"
    body: str                    # the exact body sent (re-sendable for retry tests)
    content_type: str
    payload: dict[str, Any]      # the decoded envelope/payload
    status: int
    response_text: str
    elapsed: float               # seconds until the bot's HTTP answer (the ack)

    @property
    def ts(self) -> str | None:
        """The ts of the user's message, for DM deliveries."""
        return (self.payload.get("event") or {}).get("ts")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        try:
            return json.loads(self.response_text) if self.response_text else None
        except ValueError:
            return None


_URL = re.compile(r"https?://[^\s<>]+")


def slack_markup(typed: str) -> str:
    """What Slack delivers for text a person typed: `&`, `<`, `>` escaped, bare URLs auto-linked (`<url>`)."""
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _URL.sub(lambda m: f"<{m.group(0)}>", escaped)


def sign(signing_secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: ``v0=`` + HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class Driver:
    """Delivers users' actions to the bot at `events_url` (or over `socket_mode` while connected) and keeps
    every `Delivery`. `base_url` gives the stand-in's URL (for response_url)."""

    def __init__(self, workspace: Workspace, files: Files, *, signing_secret: str, events_url: str | None,
                 base_url: Callable[[], str]):
        self.workspace, self.files = workspace, files
        self.signing_secret, self.events_url, self._base_url = signing_secret, events_url, base_url
        self.socket_mode: SocketModeServer | None = None
        self.deliveries: list[Delivery] = []
        self._http = requests.Session()
        # deliveries come from many threads at once (the demo page, the benchmark): keep connections pooled
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=128)
        self._http.mount("http://", adapter)
        self._http.trust_env = False

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ messages and events
    def send_dm(self, user: str, text: str, files: list[Any] | None = None, *,
                event_id: str | None = None) -> Delivery:
        """The user writes `text` (optionally sharing `files`) in the DM with the bot.

        `files` are file objects from add_file, or ``(name, content_bytes, mimetype)`` tuples (uploaded first).
        """
        ws = self.workspace
        u = ws.user(user)
        files = [f if isinstance(f, dict) else self.files.add(u.id, *f) for f in (files or [])]
        channel = ws.dm_channel(u.id)
        ts = ws.next_ts()
        event: dict[str, Any] = {
            "type": "message", "user": u.id, "text": slack_markup(text), "ts": ts, "event_ts": ts,
            "channel": channel,
            "channel_type": "im", "team": TEAM_ID, "client_msg_id": str(uuid.uuid4()),
            "blocks": [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}] if text else [],
        }
        if files:
            event.update(subtype="file_share", upload=False, display_as_bot=False,
                         files=[dict(f) for f in files])
        ws.record_message(channel, {k: v for k, v in event.items() if k not in ("event_ts", "channel_type")})
        return self.deliver_event(event, event_id=event_id)

    def reply_in_thread(self, user: str, thread_ts: str, text: str, *, broadcast: bool = False,
                        event_id: str | None = None) -> Delivery:
        """The user replies in the thread of message `thread_ts` of their DM with the bot ("Also send as direct
        message": `broadcast`). Delivered as Slack delivers it: a `message` event whose `thread_ts` is the
        parent's ts and `parent_user_id` its author (subtype `thread_broadcast` with the parent as `root` when
        broadcast), then the hidden `message_replied` event about the parent (no top-level `user`).
        https://docs.slack.dev/reference/events/message/message_replied/,
        https://docs.slack.dev/reference/events/message/thread_broadcast/. Returns the reply's delivery."""
        ws = self.workspace
        u = ws.user(user)
        channel = ws.dm_channel(u.id)
        with ws.lock:
            parent = ws.parent_of(channel, thread_ts)
            if parent is None:
                raise LookupError(f"no message {thread_ts} to reply to in {u.name}'s DM")
            parent_user = parent.get("user")
        ts = ws.next_ts()
        event: dict[str, Any] = {
            "type": "message", "user": u.id, "text": slack_markup(text), "ts": ts, "event_ts": ts,
            "thread_ts": thread_ts, "parent_user_id": parent_user, "channel": channel, "channel_type": "im",
            "team": TEAM_ID, "client_msg_id": str(uuid.uuid4()),
            "blocks": [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
        }
        if broadcast:
            event.update(subtype="thread_broadcast",
                         root={k: v for k, v in parent.items() if k not in ("channel", "metadata")})
        ws.record_message(channel, {k: v for k, v in event.items() if k not in ("event_ts", "channel_type")})
        delivery = self.deliver_event(event, event_id=event_id)
        with ws.lock:
            root = {k: v for k, v in (ws.parent_of(channel, thread_ts) or {}).items() if k not in ("channel",)}
        replied_ts = ws.next_ts()
        root["replies"] = [{"user": u.id, "ts": ts}]
        self.deliver_event({"type": "message", "subtype": "message_replied", "hidden": True, "message": root,
                            "channel": channel, "channel_type": "im", "event_ts": replied_ts, "ts": replied_ts})
        return delivery

    def open_home(self, user: str) -> Delivery:
        """The user opens the bot's App Home tab."""
        u = self.workspace.user(user)
        ts = self.workspace.next_ts()
        event: dict[str, Any] = {"type": "app_home_opened", "user": u.id, "channel": self.workspace.dm_channel(u.id),
                                 "tab": "home", "event_ts": ts}
        if u.id in self.workspace.homes:
            event["view"] = self.workspace.home(u.id)
        return self.deliver_event(event)

    def deliver_event(self, event: dict[str, Any], *, event_id: str | None = None, to: str | None = None) -> Delivery:
        """Deliver any event (Events API envelope built around it); `to`: another request URL than `events_url`
        (one of several replicas behind a load balancer, for tests that pick the replica)."""
        envelope = {
            "token": "verification-token-unused", "team_id": TEAM_ID, "context_team_id": TEAM_ID,
            "api_app_id": APP_ID, "event": event, "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
            "event_context": "4-" + uuid.uuid4().hex,
        }
        return self._post("event", json.dumps(envelope), "application/json", envelope, to=to)

    def redeliver(self, delivery: Delivery, retry_num: int = 1, reason: str = "http_timeout", *,
                  to: str | None = None) -> Delivery:
        """Send the same body again, as Slack's retries do (X-Slack-Retry-Num / X-Slack-Retry-Reason over
        HTTP; retry_attempt / retry_reason in the envelope over Socket Mode); `to` as in `deliver_event`."""
        return self._post(delivery.kind, delivery.body, delivery.content_type, delivery.payload,
                          extra_headers={"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason},
                          retry=(retry_num, reason), to=to)

    # ------------------------------------------------------------------ interactivity
    def click(self, user: str, action_id: str, value: str | None = None, *,
              message: dict[str, Any] | None = None, message_ts: str | None = None,
              view_id: str | None = None, block_id: str | None = None,
              selected_option: dict[str, Any] | None = None,
              selected_values: list[str] | None = None) -> Delivery:
        """The user clicks a button. Without `message`/`message_ts`/`view_id`, the bot's newest message
        carrying that action_id in the user's DM is used; ``view_id`` clicks in a view (e.g. the Home tab).
        ``value`` defaults to the button's own value; ``selected_option`` makes it a static_select choice;
        ``selected_values`` ticks exactly those options of a checkboxes element (its `selected_options`).
        `action_id` may name a kind of numbered buttons (`pick_case` finds `pick_case:3`): the click then
        carries the real button's action_id, as Slack's would."""
        u = self.workspace.user(user)
        view = None
        if message is None and message_ts is not None:
            message = next(m for m in self.workspace.messages(u.id) if m["ts"] == message_ts)
        if view_id is not None:
            view = self.workspace.view(view_id)
            button = _find_button(view.get("blocks", []), action_id, value)
        else:
            if message is None:
                message = self.find_message_with_action(u.id, action_id, value)
            button = _find_button(message.get("blocks", []), action_id, value)
        if button is None and value is None and selected_option is None and selected_values is None:
            raise LookupError(f"no button {action_id!r} to click")
        action = {
            "action_id": (button or {}).get("action_id", action_id), "block_id": block_id or (button or {}).get("_block_id", "b"),
            "text": (button or {}).get("text", {"type": "plain_text", "text": action_id, "emoji": True}),
            "value": button["value"] if button is not None and "value" in button else value, "type": "button",
            "action_ts": self.workspace.next_ts(),
        }
        if selected_option is not None:
            action.update(type="static_select", selected_option=selected_option)
            action.pop("value")
        if selected_values is not None:
            options = [o for o in (button or {}).get("options", []) if o.get("value") in set(selected_values)]
            action.update(type="checkboxes", selected_options=options)
            action.pop("value")
            action.pop("text")
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
            "api_app_id": APP_ID, "token": "verification-token-unused",
            "trigger_id": self.workspace.trigger_id(u.id), "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "enterprise": None, "is_enterprise_install": False, "actions": [action], "state": {"values": {}},
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = {k: v for k, v in view.items() if k != "user"}
        else:
            assert message is not None
            channel = message["channel"]
            payload["container"] = {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                                    "is_ephemeral": bool(message.get("is_ephemeral"))}
            payload["channel"] = {"id": channel, "name": "directmessage"}
            payload["message"] = {k: v for k, v in message.items() if k not in ("channel", "is_ephemeral")}
            payload["response_url"] = f"{self._base_url()}response/{channel}/{u.id}"
        return self._post_payload("block_actions", payload)

    def find_message_with_action(self, user: str, action_id: str, value: str | None = None) -> dict[str, Any]:
        """The newest bot message in the user's DM that has a button `action_id` (with `value`, if given)."""
        for m in reversed(self.workspace.messages(user)):
            if m.get("bot_id") and _find_button(m.get("blocks", []), action_id, value):
                return m
        raise LookupError(f"no message in {user}'s DM has a button {action_id!r}"
                          + (f" with value {value!r}" if value else ""))

    def submit_view(self, user: str, view_id: str, values: dict[str, Any]) -> Delivery:
        """The user submits an open modal. `values` maps an input's action_id to its value: a string for
        text inputs, an option value for selects, a list of file objects (from add_file) for file inputs.
        Slack's own ``state.values`` shape ({block_id: {action_id: {...}}}) is accepted as well.
        The bot's answer is applied as Slack does: clear/none closes the modal, update replaces it, push
        stacks a new one, errors leaves it open (read them from ``delivery.json()["errors"]``)."""
        u = self.workspace.user(user)
        view = self.workspace.view(view_id)
        block_ids = {b.get("block_id") for b in view.get("blocks", [])}
        slack_shape = bool(values) and all(k in block_ids and isinstance(v, dict) for k, v in values.items())
        view["state"] = {"values": values if slack_shape else _state_values(view, values)}
        payload = {
            "type": "view_submission", "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
            "api_app_id": APP_ID, "token": "verification-token-unused",
            "trigger_id": self.workspace.trigger_id(u.id),
            "view": {k: v for k, v in view.items() if k != "user"}, "response_urls": [],
            "is_enterprise_install": False, "enterprise": None,
        }
        delivery = self._post_payload("view_submission", payload)
        answer = delivery.json() or {}
        action = answer.get("response_action") if isinstance(answer, dict) else None
        if delivery.status != 200 or action == "errors":
            return delivery
        if action == "update":
            self.workspace.make_view(answer.get("view"), u.id, view_id=view_id)
        elif action == "push":
            self.workspace.make_view(answer.get("view"), u.id)
        else:
            self.workspace.close_view(u.id, view_id, missing_ok=True)
        return delivery

    def close_view(self, user: str, view_id: str) -> Delivery | None:
        """The user closes a modal; the bot hears view_closed only if the view asked for notify_on_close."""
        u = self.workspace.user(user)
        view = self.workspace.close_view(u.id, view_id)
        assert view is not None
        if not view.get("notify_on_close"):
            return None
        payload = {"type": "view_closed", "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
                   "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
                   "api_app_id": APP_ID, "token": "verification-token-unused",
                   "view": {k: v for k, v in view.items() if k != "user"}, "is_cleared": False}
        return self._post_payload("view_closed", payload)

    def slash(self, user: str, command: str, text: str = "", channel: str | None = None) -> Delivery:
        """The user runs a slash command (by default in the DM with the bot)."""
        u = self.workspace.user(user)
        channel = channel or self.workspace.dm_channel(u.id)
        form = {
            "token": "verification-token-unused", "team_id": TEAM_ID, "team_domain": TEAM_DOMAIN,
            "channel_id": channel, "channel_name": "directmessage", "user_id": u.id, "user_name": u.name,
            "command": command, "text": slack_markup(text), "api_app_id": APP_ID, "is_enterprise_install": "false",
            "response_url": f"{self._base_url()}response/{channel}/{u.id}",
            "trigger_id": self.workspace.trigger_id(u.id),
        }
        return self._post("slash_command", urllib.parse.urlencode(form), "application/x-www-form-urlencoded",
                          form)

    # ------------------------------------------------------------------ transport
    def post_raw(self, body: str, *, content_type: str = "application/json", timestamp: int | None = None,
                 signature: str | None = None, headers: dict[str, str] | None = None,
                 to: str | None = None) -> requests.Response:
        """Send an arbitrary body to the bot; signed correctly unless `signature`/`timestamp` say otherwise."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        h = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
             "X-Slack-Signature": signature or sign(self.signing_secret, ts, body)}
        h.update(headers or {})
        return self._http.post(to or self._require_events_url(), data=body.encode(), headers=h, timeout=30)

    def _post_payload(self, kind: str, payload: dict[str, Any]) -> Delivery:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self._post(kind, body, "application/x-www-form-urlencoded", payload)

    def _post(self, kind: str, body: str, content_type: str, payload: dict[str, Any],
              extra_headers: dict[str, str] | None = None, retry: tuple[int, str] = (0, ""),
              to: str | None = None) -> Delivery:
        started = time.perf_counter()
        if self.socket_mode is not None and self.socket_mode.connected:
            envelope_type = {"event": "events_api", "slash_command": "slash_commands"}.get(kind, "interactive")
            ack = self.socket_mode.deliver(envelope_type, payload, retry_attempt=retry[0], retry_reason=retry[1])
            answer = (ack or {}).get("payload")
            d = Delivery(kind, body, content_type, payload, 200 if ack is not None else 504,
                         json.dumps(answer) if answer else "", time.perf_counter() - started)
        else:
            resp = self.post_raw(body, content_type=content_type, headers=extra_headers, to=to)
            d = Delivery(kind, body, content_type, payload, resp.status_code, resp.text,
                         time.perf_counter() - started)
        with self.workspace.lock:
            self.deliveries.append(d)
        return d

    def _require_events_url(self) -> str:
        if not self.events_url:
            raise RuntimeError("SlackStandIn.events_url is not set (the bot's /slack/events URL)")
        return self.events_url


def _state_values(view: dict[str, Any], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Slack's `state.values` for a modal's inputs, from `{action_id: value}`."""
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        el = block["element"]
        aid, kind = el["action_id"], el["type"]
        v = values.get(aid)
        if kind == "plain_text_input":
            entry: dict[str, Any] = {"type": kind, "value": v}
        elif kind == "static_select":
            opt = next((o for o in el.get("options", []) if o["value"] == v), None)
            entry = {"type": kind, "selected_option": opt}
        elif kind == "file_input":
            entry = {"type": kind, "files": list(v or [])}
        else:
            entry = {"type": kind, "value": v}
        state.setdefault(block["block_id"], {})[aid] = entry
    return state


def _same_action(actual: Any, wanted: str) -> bool:
    """A button `pick_case:3` is one of the `pick_case` buttons (a click by kind finds numbered ones)."""
    return isinstance(actual, str) and (actual == wanted or actual.rsplit(":", 1)[0] == wanted
                                        and actual.rsplit(":", 1)[1].isdigit())


def _find_button(blocks: list[dict[str, Any]], action_id: str, value: str | None) -> dict[str, Any] | None:
    for b in blocks:
        candidates = list(b.get("elements", [])) if b.get("type") == "actions" else []
        if isinstance(b.get("accessory"), dict):
            candidates.append(b["accessory"])
        for el in candidates:
            if _same_action(el.get("action_id"), action_id) and (value is None or _carries(el.get("value"), value)):
                return {**el, "_block_id": b.get("block_id", "b")}
    return None


def _carries(button_value: Any, value: str) -> bool:
    """A button's value is `value`, or is JSON naming that case (the bot's buttons that open a modal carry
    {"case_id", ...}: clicking "the Add comment of case X" finds it by the case Id)."""
    if button_value == value:
        return True
    try:
        data = json.loads(button_value) if isinstance(button_value, str) and button_value.startswith("{") else None
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("case_id") == value
