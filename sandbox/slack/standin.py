"""A local stand-in for Slack: the Web API subset Concierge calls, and signed deliveries to the bot.

The bot talks to it exactly as it talks to Slack (slack_sdk ``WebClient(base_url=stand_in.api_url)``);
the stand-in talks to the bot exactly as Slack does (signed HTTP POSTs to the bot's ``/slack/events``).
Everything is kept in memory and every Web API call is recorded, so tests (and the demo's chat page) can
see what the bot said. See sandbox/slack/README.md for the Python API.
"""
from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import logging
import re
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import requests
import requests.adapters
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.manifest import bot_scopes, load_manifest
from bot.serving import BackgroundServer
from sandbox.slack import blockkit
from sandbox.slack.socket_mode import SocketModeServer

log = logging.getLogger(__name__)

TEAM_ID = "T0CONCIERGE"
TEAM_DOMAIN = "concierge-sandbox"
APP_ID = "A0CONCIERGE"
BOT_USER_ID = "U0CONCIERGEBOT"
BOT_ID = "B0CONCIERGE"


@dataclass(frozen=True)
class SlackUser:
    """A member of the stand-in workspace."""

    id: str
    name: str
    real_name: str
    email: str | None
    tz: str = "America/New_York"
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        """The `user` object as users.info returns it."""
        profile: dict[str, Any] = {"real_name": self.real_name, "display_name": self.name,
                                   "real_name_normalized": self.real_name}
        if self.email:
            profile["email"] = self.email
        return {
            "id": self.id, "team_id": TEAM_ID, "name": self.name, "deleted": False,
            "real_name": self.real_name, "tz": self.tz, "tz_label": self.tz, "tz_offset": -18000,
            "is_bot": self.is_bot, "is_admin": False, "is_app_user": False, "profile": profile,
        }


DEFAULT_USERS: tuple[SlackUser, ...] = (
    SlackUser("U0ALICE", "alice", "Alice Johnson", "alice@example.com", "America/New_York"),
    SlackUser("U0BOB", "bob", "Bob Smith", "bob@example.com", "Europe/London"),
    SlackUser("U0CAROL", "carol", "Carol Diaz", "carol@example.com", "America/Los_Angeles"),
    SlackUser("U0DAN", "dan", "Dan Okafor", "dan@example.com", "Africa/Lagos"),
    SlackUser("U0ERIN", "erin", "Erin Walsh", "erin@example.com", "Europe/Berlin"),  # no SF contact
)


@dataclass
class Call:
    """One Web API call the bot made."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    at: float = field(default_factory=time.time)


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


@dataclass
class StoredFile:
    id: str
    name: str
    content: bytes
    mimetype: str
    user: str
    created: int

    def to_api(self, base_url: str) -> dict[str, Any]:
        quoted = urllib.parse.quote(self.name)
        return {
            "id": self.id, "created": self.created, "timestamp": self.created, "name": self.name,
            "title": self.name, "mimetype": self.mimetype, "filetype": self.name.rsplit(".", 1)[-1].lower(),
            "pretty_type": self.mimetype, "user": self.user, "size": len(self.content), "mode": "hosted",
            "is_external": False, "is_public": False,
            "url_private": f"{base_url}files-pri/{TEAM_ID}-{self.id}/{quoted}",
            "url_private_download": f"{base_url}files-pri/{TEAM_ID}-{self.id}/download/{quoted}",
            "permalink": f"{base_url}files/{self.user}/{self.id}/{quoted}",
        }


class SlackApiError(Exception):
    def __init__(self, error: str, status: int = 200, headers: dict[str, str] | None = None,
                 body: dict[str, Any] | None = None):
        super().__init__(error)
        self.error, self.status, self.headers = error, status, headers or {}
        self.body = body or {"ok": False, "error": error}   # with `errors` / `response_metadata` when known

    @classmethod
    def refused(cls, refusal: blockkit.Refusal) -> SlackApiError:
        return cls(refusal.error, body=refusal.body())


_URL = re.compile(r"https?://[^\s<>]+")


def slack_markup(typed: str) -> str:
    """What Slack delivers for text a person typed: `&`, `<`, `>` escaped, bare URLs auto-linked (`<url>`)."""
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _URL.sub(lambda m: f"<{m.group(0)}>", escaped)


def sign(signing_secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: ``v0=`` + HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class SlackStandIn:
    """The Slack workspace, in memory, behind a real HTTP server on 127.0.0.1.

    ``events_url`` is the bot's request URL (``http://127.0.0.1:PORT/slack/events``); it may be set later
    through the attribute of the same name, since the bot usually starts after the stand-in.
    """

    def __init__(self, signing_secret: str, bot_token: str, events_url: str | None = None,
                 users: Iterable[SlackUser] | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 app_token: str | None = None):
        self.signing_secret = signing_secret
        self.bot_token = bot_token
        self.app_token = app_token          # set: Socket Mode is offered (apps.connections.open)
        # The bot token's scopes, reported in X-OAuth-Scopes: manifest.yml's, as after an install.
        self.scopes: list[str] = bot_scopes(load_manifest())
        self.socket_mode: SocketModeServer | None = None
        self.events_url = events_url
        self.host, self.port = host, port
        self.users: dict[str, SlackUser] = {u.id: u for u in (users if users is not None else DEFAULT_USERS)}
        self.calls: list[Call] = []
        self.deliveries: list[Delivery] = []
        self._views: dict[str, dict[str, Any]] = {}         # view_id -> view (with "user" key added)
        self.homes: dict[str, dict[str, Any]] = {}          # user_id -> published home view
        self.files: dict[str, StoredFile] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages (oldest first)
        self._dm_of_user: dict[str, str] = {}
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._subscribers: list[Callable[[str | None, str], None]] = []
        self.version = 0                                     # bumped on every change
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._rate_limited = 0
        self._retry_after = 0
        self._refusals: dict[str, list[str]] = {}               # method -> errors for the next calls with blocks
        self._web: BackgroundServer | None = None
        self._http = requests.Session()
        # deliveries come from many threads at once (the demo page, the benchmark): keep connections pooled
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=128)
        self._http.mount("http://", adapter)
        self._http.trust_env = False
        self.app = Starlette(routes=[
            Route("/api/{method}", self._api, methods=["GET", "POST"]),
            Route("/files-pri/{file_key}/download/{name}", self._download, methods=["GET"]),
            Route("/files-pri/{file_key}/{name}", self._download, methods=["GET"]),
            Route("/response/{channel}/{user}", self._response_url, methods=["POST"]),
        ])

    # ------------------------------------------------------------------ server
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def api_url(self) -> str:
        """What to give slack_sdk as ``base_url`` (SLACK_API_URL)."""
        return self.base_url + "api/"

    def start(self) -> SlackStandIn:
        if self.app_token:
            self.socket_mode = SocketModeServer(self.host)
        self._web = BackgroundServer(self.app, host=self.host, port=self.port, name="slack-standin").start()
        self.port = self._web.port
        return self

    def stop(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.close()
        if self._web is not None:
            self._web.stop(timeout=5)
        self._http.close()

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ state API
    def user(self, ref: str) -> SlackUser:
        """A user by id, name ("alice") or email."""
        for u in self.users.values():
            if ref in (u.id, u.name, u.email):
                return u
        raise KeyError(f"no such Slack user: {ref}")

    def add_user(self, user: SlackUser) -> SlackUser:
        with self._lock:
            self.users[user.id] = user
        return user

    def dm_channel(self, user: str) -> str:
        """The id of the DM between `user` and the bot (created on first use)."""
        uid = self.user(user).id
        with self._lock:
            if uid not in self._dm_of_user:
                self._dm_of_user[uid] = "D" + uid[1:]
                self._messages.setdefault(self._dm_of_user[uid], [])
            return self._dm_of_user[uid]

    def messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        """Messages in a channel (or in the DM with a user), oldest first; ephemeral ones included."""
        channel = self._channel_of(channel_or_user)
        with self._lock:
            return copy.deepcopy(self._messages.get(channel, []))

    def bot_messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        return [m for m in self.messages(channel_or_user) if m.get("bot_id")]

    def home(self, user: str) -> dict[str, Any] | None:
        """The App Home view last published for the user."""
        with self._lock:
            return copy.deepcopy(self.homes.get(self.user(user).id))

    def views(self, user: str | None = None) -> list[dict[str, Any]]:
        """Open modals (oldest first), of one user or of everyone; each has "id", "hash", "user"."""
        uid = self.user(user).id if user else None
        with self._lock:
            return [copy.deepcopy(v) for v in self._views.values()
                    if v["type"] == "modal" and (uid is None or v["user"] == uid)]

    def view(self, view_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._views[view_id])

    def conversation(self, user: str) -> list[dict[str, Any]]:
        """The DM between `user` and the bot (alias of messages(user))."""
        return self.messages(user)

    def user_list(self) -> list[dict[str, Any]]:
        return [{"id": u.id, "name": u.name, "real_name": u.real_name, "email": u.email, "tz": u.tz}
                for u in self.users.values()]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        """Call ``callback(user_id, kind)`` after every state change; returns a function that unsubscribes.

        `kind` is one of "message", "message_changed", "ephemeral", "view", "view_closed", "home";
        `user_id` is the employee whose DM/view/home changed (None for other channels).
        Callbacks run on the thread that made the change: keep them short (e.g. put on a queue).
        """
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)
        return unsubscribe

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Block until `predicate()` is truthy (re-checked after each change); return its value."""
        deadline = time.time() + timeout
        with self._changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise TimeoutError("condition not met within %.1fs" % timeout)
                self._changed.wait(min(remaining, 0.2))

    def wait_for_bot_messages(self, user: str, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot has posted at least `count` messages in the DM with `user`; return them all."""
        return self.wait_for(lambda: (m := self.bot_messages(user)) and len(m) >= count and m, timeout)

    def rate_limit(self, calls: int = 1, retry_after: int = 0) -> None:
        """Answer the next `calls` Web API calls with HTTP 429 and Retry-After (as Slack's rate limiter)."""
        with self._lock:
            self._rate_limited, self._retry_after = calls, retry_after

    def refuse(self, method: str, error: str = "invalid_blocks", calls: int = 1) -> None:
        """Refuse the next `calls` calls of `method` that carry blocks or a view with `error`, as Slack does
        when it finds fault with a payload (msg_blocks_too_long, a rule it added, ...). Text-only calls pass."""
        with self._lock:
            self._refusals.setdefault(method, []).extend([error] * calls)

    def add_file(self, user: str, name: str, content: bytes, mimetype: str = "application/octet-stream",
                 ) -> dict[str, Any]:
        """Upload a file as `user` would; returns its file object (pass it to send_dm or a file_input)."""
        with self._lock:
            fid = f"F{next(self._ids):08d}"
            f = StoredFile(fid, name, content, mimetype, self.user(user).id, int(time.time()))
            self.files[fid] = f
            return f.to_api(self.base_url)

    # ------------------------------------------------------------------ deliveries (stand-in -> bot)
    def send_dm(self, user: str, text: str, files: list[Any] | None = None, *,
                event_id: str | None = None) -> Delivery:
        """The user writes `text` (optionally sharing `files`) in the DM with the bot.

        `files` are file objects from add_file, or ``(name, content_bytes, mimetype)`` tuples (uploaded first).
        """
        u = self.user(user)
        files = [f if isinstance(f, dict) else self.add_file(u.id, *f) for f in (files or [])]
        channel = self.dm_channel(u.id)
        ts = self._next_ts()
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
        self._record_message(channel, {k: v for k, v in event.items() if k not in ("event_ts", "channel_type")})
        return self.deliver_event(event, event_id=event_id)

    def open_home(self, user: str) -> Delivery:
        """The user opens the bot's App Home tab."""
        u = self.user(user)
        ts = self._next_ts()
        event: dict[str, Any] = {"type": "app_home_opened", "user": u.id, "channel": self.dm_channel(u.id),
                                 "tab": "home", "event_ts": ts}
        if u.id in self.homes:
            event["view"] = self.home(u.id)
        return self.deliver_event(event)

    def deliver_event(self, event: dict[str, Any], *, event_id: str | None = None) -> Delivery:
        """Deliver any event (Events API envelope built around it)."""
        envelope = {
            "token": "verification-token-unused", "team_id": TEAM_ID, "context_team_id": TEAM_ID,
            "api_app_id": APP_ID, "event": event, "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
            "event_context": "4-" + uuid.uuid4().hex,
        }
        return self._post("event", json.dumps(envelope), "application/json", envelope)

    def redeliver(self, delivery: Delivery, retry_num: int = 1, reason: str = "http_timeout") -> Delivery:
        """Send the same body again, as Slack's retries do (X-Slack-Retry-Num / X-Slack-Retry-Reason over
        HTTP; retry_attempt / retry_reason in the envelope over Socket Mode)."""
        return self._post(delivery.kind, delivery.body, delivery.content_type, delivery.payload,
                          extra_headers={"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason},
                          retry=(retry_num, reason))

    def click(self, user: str, action_id: str, value: str | None = None, *,
              message: dict[str, Any] | None = None, message_ts: str | None = None,
              view_id: str | None = None, block_id: str | None = None,
              selected_option: dict[str, Any] | None = None) -> Delivery:
        """The user clicks a button. Without `message`/`message_ts`/`view_id`, the bot's newest message
        carrying that action_id in the user's DM is used; ``view_id`` clicks in a view (e.g. the Home tab).
        ``value`` defaults to the button's own value; ``selected_option`` makes it a static_select choice.
        `action_id` may name a kind of numbered buttons (`pick_case` finds `pick_case:3`): the click then
        carries the real button's action_id, as Slack's would."""
        u = self.user(user)
        view = None
        if message is None and message_ts is not None:
            message = next(m for m in self.messages(u.id) if m["ts"] == message_ts)
        if view_id is not None:
            with self._lock:
                view = copy.deepcopy(self._views[view_id])
            button = _find_button(view.get("blocks", []), action_id, value)
        else:
            if message is None:
                message = self.find_message_with_action(u.id, action_id, value)
            button = _find_button(message.get("blocks", []), action_id, value)
        if button is None and value is None and selected_option is None:
            raise LookupError(f"no button {action_id!r} to click")
        action = {
            "action_id": (button or {}).get("action_id", action_id), "block_id": block_id or (button or {}).get("_block_id", "b"),
            "text": (button or {}).get("text", {"type": "plain_text", "text": action_id, "emoji": True}),
            "value": value if value is not None else (button or {}).get("value"), "type": "button",
            "action_ts": self._next_ts(),
        }
        if selected_option is not None:
            action.update(type="static_select", selected_option=selected_option)
            action.pop("value")
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
            "api_app_id": APP_ID, "token": "verification-token-unused",
            "trigger_id": self._trigger_id(u.id), "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
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
            payload["response_url"] = f"{self.base_url}response/{channel}/{u.id}"
        return self._post_payload("block_actions", payload)

    def find_message_with_action(self, user: str, action_id: str, value: str | None = None) -> dict[str, Any]:
        """The newest bot message in the user's DM that has a button `action_id` (with `value`, if given)."""
        for m in reversed(self.messages(user)):
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
        u = self.user(user)
        with self._lock:
            view = copy.deepcopy(self._views[view_id])
        block_ids = {b.get("block_id") for b in view.get("blocks", [])}
        slack_shape = bool(values) and all(k in block_ids and isinstance(v, dict) for k, v in values.items())
        state: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks", []) if not slack_shape else []:
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
        view["state"] = {"values": values if slack_shape else state}
        payload = {
            "type": "view_submission", "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
            "api_app_id": APP_ID, "token": "verification-token-unused", "trigger_id": self._trigger_id(u.id),
            "view": {k: v for k, v in view.items() if k != "user"}, "response_urls": [],
            "is_enterprise_install": False, "enterprise": None,
        }
        delivery = self._post_payload("view_submission", payload)
        answer = delivery.json() or {}
        action = answer.get("response_action") if isinstance(answer, dict) else None
        if delivery.status != 200 or action == "errors":
            return delivery
        if action == "update":
            self._make_view(answer.get("view"), u.id, view_id=view_id)
        elif action == "push":
            self._make_view(answer.get("view"), u.id)
        else:
            with self._lock:
                self._views.pop(view_id, None)
            self._notify({"kind": "view_closed", "user": u.id, "view_id": view_id})
        return delivery

    def close_view(self, user: str, view_id: str) -> Delivery | None:
        """The user closes a modal; the bot hears view_closed only if the view asked for notify_on_close."""
        u = self.user(user)
        with self._lock:
            view = self._views.pop(view_id)
        self._notify({"kind": "view_closed", "user": u.id, "view_id": view_id})
        if not view.get("notify_on_close"):
            return None
        payload = {"type": "view_closed", "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
                   "user": {"id": u.id, "username": u.name, "name": u.name, "team_id": TEAM_ID},
                   "api_app_id": APP_ID, "token": "verification-token-unused",
                   "view": {k: v for k, v in view.items() if k != "user"}, "is_cleared": False}
        return self._post_payload("view_closed", payload)

    def slash_command(self, user: str, command: str = "/case", text: str = "", channel: str | None = None,
                      ) -> Delivery:
        return self.slash(user, command, text, channel)

    def slash(self, user: str, command: str, text: str = "", channel: str | None = None) -> Delivery:
        """The user runs a slash command (by default in the DM with the bot)."""
        u = self.user(user)
        channel = channel or self.dm_channel(u.id)
        form = {
            "token": "verification-token-unused", "team_id": TEAM_ID, "team_domain": TEAM_DOMAIN,
            "channel_id": channel, "channel_name": "directmessage", "user_id": u.id, "user_name": u.name,
            "command": command, "text": slack_markup(text), "api_app_id": APP_ID, "is_enterprise_install": "false",
            "response_url": f"{self.base_url}response/{channel}/{u.id}", "trigger_id": self._trigger_id(u.id),
        }
        return self._post("slash_command", urllib.parse.urlencode(form), "application/x-www-form-urlencoded",
                          form)

    def post_raw(self, body: str, *, content_type: str = "application/json", timestamp: int | None = None,
                 signature: str | None = None, headers: dict[str, str] | None = None) -> requests.Response:
        """Send an arbitrary body to the bot; signed correctly unless `signature`/`timestamp` say otherwise."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        h = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
             "X-Slack-Signature": signature or sign(self.signing_secret, ts, body)}
        h.update(headers or {})
        return self._http.post(self._require_events_url(), data=body.encode(), headers=h, timeout=30)

    def _post_payload(self, kind: str, payload: dict[str, Any]) -> Delivery:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self._post(kind, body, "application/x-www-form-urlencoded", payload)

    def _post(self, kind: str, body: str, content_type: str, payload: dict[str, Any],
              extra_headers: dict[str, str] | None = None, retry: tuple[int, str] = (0, "")) -> Delivery:
        started = time.perf_counter()
        if self.socket_mode is not None and self.socket_mode.connected:
            envelope_type = {"event": "events_api", "slash_command": "slash_commands"}.get(kind, "interactive")
            ack = self.socket_mode.deliver(envelope_type, payload, retry_attempt=retry[0], retry_reason=retry[1])
            answer = (ack or {}).get("payload")
            d = Delivery(kind, body, content_type, payload, 200 if ack is not None else 504,
                         json.dumps(answer) if answer else "", time.perf_counter() - started)
            with self._lock:
                self.deliveries.append(d)
            return d
        resp = self.post_raw(body, content_type=content_type, headers=extra_headers)
        d = Delivery(kind, body, content_type, payload, resp.status_code, resp.text, time.perf_counter() - started)
        with self._lock:
            self.deliveries.append(d)
        return d

    def _require_events_url(self) -> str:
        if not self.events_url:
            raise RuntimeError("SlackStandIn.events_url is not set (the bot's /slack/events URL)")
        return self.events_url

    # ------------------------------------------------------------------ Web API (bot -> stand-in)
    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"]
        args: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "")
            if "application/json" in ctype:
                body = await request.body()
                args.update(json.loads(body or b"{}"))
            else:  # application/x-www-form-urlencoded (the only other encoding slack_sdk uses here)
                body = (await request.body()).decode("utf-8", "replace")
                args.update(dict(urllib.parse.parse_qsl(body, keep_blank_values=True)))
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or args.pop("token", "")
        with self._lock:
            if self._rate_limited > 0:
                self._rate_limited -= 1
                self.calls.append(Call(method, args, {"ok": False, "error": "ratelimited"}))
                return JSONResponse({"ok": False, "error": "ratelimited"}, status_code=429,
                                    headers={"Retry-After": str(self._retry_after)})
        try:
            if method == "apps.connections.open":
                if not self.app_token or token != self.app_token:
                    raise SlackApiError("invalid_auth" if token else "not_authed")
                if self.socket_mode is None:
                    raise SlackApiError("not_allowed_token_type")
                body = {"ok": True, "url": self.socket_mode.url()}
                with self._lock:
                    self.calls.append(Call(method, args, body))
                return JSONResponse(body, headers={"X-OAuth-Scopes": "connections:write"})   # app-level token
            if token != self.bot_token:
                raise SlackApiError("invalid_auth" if token else "not_authed")
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                raise SlackApiError("unknown_method", status=404)
            decoded = _decode_json_fields(args)
            with self._lock:
                refusals = self._refusals.get(method)
                refused = refusals.pop(0) if refusals and (decoded.get("blocks") or decoded.get("view")) else None
            if refused:
                raise SlackApiError(refused)
            result = handler(decoded)
            body = {"ok": True, **result}
            status, headers = 200, {}
        except SlackApiError as e:
            body, status, headers = e.body, e.status, e.headers
        if token == self.bot_token:
            headers = {**headers, "X-OAuth-Scopes": ", ".join(self.scopes)}
        with self._lock:
            self.calls.append(Call(method, args, body))
            self._changed.notify_all()
        return JSONResponse(body, status_code=status, headers=headers)

    def _m_auth_test(self, a: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"https://{TEAM_DOMAIN}.slack.com/", "team": "Concierge Sandbox", "user": "concierge",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _m_users_info(self, a: dict[str, Any]) -> dict[str, Any]:
        u = self.users.get(a.get("user", ""))
        if u is None:
            raise SlackApiError("user_not_found")
        return {"user": u.to_api()}

    def _m_users_lookupByEmail(self, a: dict[str, Any]) -> dict[str, Any]:
        email = (a.get("email") or "").casefold()
        for u in self.users.values():
            if u.email and u.email.casefold() == email:
                return {"user": u.to_api()}
        raise SlackApiError("users_not_found")

    def _m_conversations_open(self, a: dict[str, Any]) -> dict[str, Any]:
        users = a.get("users") or ""
        if isinstance(users, list):
            users = ",".join(users)
        ids = [x for x in users.split(",") if x]
        if len(ids) != 1 or ids[0] not in self.users:
            raise SlackApiError("user_not_found")
        channel = self.dm_channel(ids[0])
        return {"channel": {"id": channel, "is_im": True, "user": ids[0]}, "no_op": True, "already_open": True}

    def _message_from_args(self, a: dict[str, Any], channel: str) -> dict[str, Any]:
        text, blocks = a.get("text"), a.get("blocks")
        if not text and not blocks:
            raise SlackApiError("no_text")
        refusal = blockkit.check_message(blocks, text)
        if refusal is not None:
            raise SlackApiError.refused(refusal)
        msg = {"type": "message", "text": text or "", "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID,
               "team": TEAM_ID, "blocks": blocks or [], "channel": channel}
        if a.get("thread_ts"):
            msg["thread_ts"] = a["thread_ts"]
        if isinstance(a.get("metadata"), dict):  # message metadata, kept as Slack keeps it
            msg["metadata"] = a["metadata"]
        return msg

    def _resolve_channel(self, channel: str | None) -> str:
        if not channel:
            raise SlackApiError("channel_not_found")
        if channel in self.users:  # posting to a user id opens the DM, as Slack does
            return self.dm_channel(channel)
        with self._lock:
            if channel not in self._messages:
                raise SlackApiError("channel_not_found")
        return channel

    def _m_chat_postMessage(self, a: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(a.get("channel"))
        msg = self._message_from_args(a, channel)
        msg["ts"] = self._next_ts()
        self._record_message(channel, msg)
        return {"channel": channel, "ts": msg["ts"], "message": {k: v for k, v in msg.items() if k != "channel"}}

    def _m_chat_postEphemeral(self, a: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(a.get("channel"))
        if a.get("user") not in self.users:
            raise SlackApiError("user_not_in_channel")
        msg = self._message_from_args(a, channel)
        msg.update(ts=self._next_ts(), is_ephemeral=True, for_user=a["user"])
        self._record_message(channel, msg)
        return {"message_ts": msg["ts"]}

    def _m_chat_update(self, a: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(a.get("channel"))
        ts = a.get("ts")
        with self._lock:
            for m in self._messages[channel]:
                if m["ts"] == ts and not m.get("is_ephemeral"):
                    if not m.get("bot_id"):
                        raise SlackApiError("cant_update_message")
                    new = self._message_from_args({"text": a.get("text") or m.get("text"),
                                                   "blocks": a.get("blocks", m.get("blocks"))}, channel)
                    m.update(text=new["text"], blocks=new["blocks"], edited={"user": BOT_USER_ID, "ts": ts})
                    updated = copy.deepcopy(m)
                    break
            else:
                raise SlackApiError("message_not_found")
        self._notify({"kind": "message_changed", "channel": channel, "message": updated})
        return {"channel": channel, "ts": ts, "text": updated["text"]}

    def _m_conversations_history(self, a: dict[str, Any]) -> dict[str, Any]:
        """Newest first; ephemeral messages are not part of history; metadata only with include_all_metadata."""
        channel = self._resolve_channel(a.get("channel"))
        oldest, latest = float(a.get("oldest") or 0), float(a.get("latest") or "inf")
        limit = int(a.get("limit") or 100)
        with_meta = str(a.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._lock:
            msgs = [copy.deepcopy(m) for m in self._messages.get(channel, [])
                    if not m.get("is_ephemeral") and oldest <= float(m["ts"]) <= latest]
        msgs.reverse()
        out = []
        for m in msgs[:limit]:
            m.pop("channel", None)
            if not with_meta:
                m.pop("metadata", None)
            out.append(m)
        return {"messages": out, "has_more": len(msgs) > limit, "pin_count": 0,
                "response_metadata": {"next_cursor": ""}}

    def _m_views_open(self, a: dict[str, Any]) -> dict[str, Any]:
        trigger = a.get("trigger_id")
        if not trigger:
            raise SlackApiError("invalid_arguments")
        parts = trigger.split(".")
        if len(parts) != 3 or not parts[1].isdigit() or time.time() - int(parts[1]) / 1000 > 3.0:
            raise SlackApiError("expired_trigger_id")
        user = parts[2]
        view = self._make_view(a.get("view"), user)
        return {"view": view}

    _m_views_push = _m_views_open

    def _m_views_update(self, a: dict[str, Any]) -> dict[str, Any]:
        view_id = a.get("view_id")
        with self._lock:
            if view_id not in self._views:
                raise SlackApiError("not_found")
            old = self._views[view_id]
            view = self._make_view(a.get("view"), old["user"], view_id=view_id)
        return {"view": view}

    def _m_views_publish(self, a: dict[str, Any]) -> dict[str, Any]:
        user = a.get("user_id")
        if user not in self.users:
            raise SlackApiError("invalid_user")
        v = a.get("view") or {}
        if v.get("type") != "home":
            raise SlackApiError("invalid_arguments")
        existing = self.homes.get(user)
        view = self._make_view(v, user, view_id=existing["id"] if existing else None)
        with self._lock:
            self.homes[user] = view
        self._notify({"kind": "home", "user": user, "view": view})
        return {"view": {k: val for k, val in view.items() if k != "user"}}

    def _make_view(self, v: Any, user: str, view_id: str | None = None) -> dict[str, Any]:
        refusal = blockkit.check_view(v)
        if refusal is not None:
            raise SlackApiError.refused(refusal)
        view = copy.deepcopy(v)
        view.update(id=view_id or f"V{next(self._ids):08d}", team_id=TEAM_ID, app_id=APP_ID,
                    bot_id=BOT_ID, hash=uuid.uuid4().hex, user=user,
                    private_metadata=v.get("private_metadata", ""), callback_id=v.get("callback_id", ""),
                    state={"values": {}})
        with self._lock:
            self._views[view["id"]] = view
        if view["type"] == "modal":  # a home view is announced as "home" by views.publish
            self._notify({"kind": "view", "user": user, "view": view})
        return view

    def _m_files_info(self, a: dict[str, Any]) -> dict[str, Any]:
        f = self.files.get(a.get("file", ""))
        if f is None:
            raise SlackApiError("file_not_found")
        return {"file": f.to_api(self.base_url)}

    async def _download(self, request: Request) -> Response:
        key = request.path_params["file_key"]
        fid = key.split("-", 1)[-1]
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        with self._lock:
            self.calls.append(Call("file.download", {"file": fid, "authorized": token == self.bot_token}, {}))
        if token != self.bot_token:
            # Slack answers an unauthenticated download with its HTML login page, not the file.
            return Response("<html><body>Sign in to Slack</body></html>", media_type="text/html")
        f = self.files.get(fid)
        if f is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(f.content, media_type=f.mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{f.name}"'})

    async def _response_url(self, request: Request) -> Response:
        """response_url of slash commands and actions: an ephemeral reply (or replace/delete original)."""
        channel, user = request.path_params["channel"], request.path_params["user"]
        data = json.loads(await request.body() or b"{}")
        # Refused as webhooks are: HTTP 400 with the error as a plain-text body ("invalid_blocks").
        with self._lock:
            refusals = self._refusals.get("response_url")
            error = refusals.pop(0) if refusals and data.get("blocks") else None
        refusal = blockkit.check_message(data.get("blocks"), data.get("text"))
        error = error or (refusal.error if refusal else None)
        with self._lock:
            self.calls.append(Call("response_url", {"channel": channel, "user": user, **data},
                                   {"ok": False, "error": error} if error else {"ok": True}))
        if error:
            return PlainTextResponse(error, status_code=400)
        msg = {"type": "message", "text": data.get("text", ""), "blocks": data.get("blocks") or [],
               "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID, "channel": channel,
               "ts": self._next_ts()}
        if data.get("response_type") != "in_channel":
            msg.update(is_ephemeral=True, for_user=user)
        with self._lock:
            self._messages.setdefault(channel, [])
        self._record_message(channel, msg)
        return PlainTextResponse("ok")

    # ------------------------------------------------------------------ helpers
    def _channel_of(self, channel_or_user: str) -> str:
        try:
            return self.dm_channel(channel_or_user)
        except KeyError:
            return channel_or_user

    def _record_message(self, channel: str, msg: dict[str, Any]) -> None:
        with self._lock:
            self._messages.setdefault(channel, []).append(copy.deepcopy(msg))
        self._notify({"kind": "message", "channel": channel, "message": copy.deepcopy(msg)})

    def _notify(self, change: dict[str, Any]) -> None:
        user = change.get("user")
        if user is None and change.get("channel"):
            user = next((u for u, c in self._dm_of_user.items() if c == change["channel"]), None)
        kind = change["kind"]
        if kind == "message" and change.get("message", {}).get("is_ephemeral"):
            kind = "ephemeral"
        with self._lock:
            self.version += 1
            subscribers = list(self._subscribers)
            self._changed.notify_all()
        for cb in subscribers:
            try:
                cb(user, kind)
            except Exception:  # a broken subscriber must not break the workspace
                log.exception("stand-in subscriber failed")

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{int(time.time())}.{n:06d}"

    def _trigger_id(self, user_id: str) -> str:
        # "<n>.<issued-at>.<user>": views.open checks Slack's 3-second lifetime against the issue time.
        return f"{next(self._ids)}.{int(time.time() * 1000)}.{user_id}"


def _decode_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded calls carry blocks/view as JSON strings; JSON calls carry them as objects."""
    out = dict(args)
    for key in ("blocks", "view", "attachments", "metadata"):
        if isinstance(out.get(key), str):
            try:
                out[key] = json.loads(out[key])
            except ValueError as e:
                raise SlackApiError("invalid_blocks" if key == "blocks" else "invalid_arguments") from e
    return out


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
            if _same_action(el.get("action_id"), action_id) and (value is None or el.get("value") == value):
                return {**el, "_block_id": b.get("block_id", "b")}
    return None
