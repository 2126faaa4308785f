"""The stand-in's workspace state: its members, channels and messages, open views and Home tabs, the record
of Web API calls, and change notification (`subscribe`, `wait_for`). Thread-safe: one lock guards it all."""
from __future__ import annotations

import copy
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sandbox.slack import blockkit

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
    # Guests (multi-channel: is_restricted; single-channel: is_ultra_restricted), deactivated accounts (deleted)
    # and people of another organisation met in a shared channel (team_id other than the workspace's), as the
    # user object of users.info describes them (https://api.slack.com/types/user).
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    deleted: bool = False
    team_id: str | None = None

    def to_api(self) -> dict[str, Any]:
        """The `user` object as users.info returns it."""
        profile: dict[str, Any] = {"real_name": self.real_name, "display_name": self.name,
                                   "real_name_normalized": self.real_name}
        if self.email:
            profile["email"] = self.email
        return {
            "id": self.id, "team_id": self.team_id or TEAM_ID, "name": self.name, "deleted": self.deleted,
            "real_name": self.real_name, "tz": self.tz, "tz_label": self.tz, "tz_offset": -18000,
            "is_bot": self.is_bot, "is_admin": False, "is_app_user": False, "profile": profile,
            "is_restricted": self.is_restricted or self.is_ultra_restricted,
            "is_ultra_restricted": self.is_ultra_restricted,
        }


DEFAULT_USERS: tuple[SlackUser, ...] = (
    SlackUser("U0ALICE", "alice", "Alice Johnson", "alice@example.com", "America/New_York"),
    SlackUser("U0BOB", "bob", "Bob Smith", "bob@example.com", "Europe/London"),
    SlackUser("U0CAROL", "carol", "Carol Diaz", "carol@example.com", "America/Los_Angeles"),
    SlackUser("U0DAN", "dan", "Dan Okafor", "dan@example.com", "Africa/Lagos"),
    SlackUser("U0ERIN", "erin", "Erin Walsh", "erin@example.com", "Europe/Berlin"),  # no SF contact
)


def is_reply(msg: dict[str, Any]) -> bool:
    """A thread reply: its `thread_ts` names another message (a parent's `thread_ts` is its own `ts`)."""
    return bool(msg.get("thread_ts")) and msg.get("thread_ts") != msg.get("ts")


@dataclass
class ChannelInfo:
    """A channel of the workspace (not a DM): its members (the bot among them or not) and whether it is shared
    with another organisation (Slack Connect)."""

    id: str
    name: str
    members: set[str] = field(default_factory=set)
    is_private: bool = False
    is_ext_shared: bool = False

    def to_api(self, bot_user_id: str) -> dict[str, Any]:
        """The `channel` object of conversations.info, as the bot sees it (`is_member`: the bot is in it)."""
        return {"id": self.id, "name": self.name, "is_channel": not self.is_private, "is_group": False,
                "is_im": False, "is_private": self.is_private, "is_ext_shared": self.is_ext_shared,
                "is_shared": self.is_ext_shared, "is_archived": False, "is_member": bot_user_id in self.members,
                "num_members": len(self.members)}


@dataclass
class Call:
    """One Web API call the bot made."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    at: float = field(default_factory=time.time)


class SlackApiError(Exception):
    def __init__(self, error: str, status: int = 200, headers: dict[str, str] | None = None,
                 body: dict[str, Any] | None = None):
        super().__init__(error)
        self.error, self.status, self.headers = error, status, headers or {}
        self.body = body or {"ok": False, "error": error}   # with `errors` / `response_metadata` when known

    @classmethod
    def refused(cls, refusal: blockkit.Refusal) -> SlackApiError:
        return cls(refusal.error, body=refusal.body())


class Workspace:
    """Members, DMs and other channels, views, Home tabs and the call record of one stand-in workspace."""

    def __init__(self, users: Iterable[SlackUser] | None = None):
        self.users: dict[str, SlackUser] = {u.id: u for u in (users if users is not None else DEFAULT_USERS)}
        self.calls: list[Call] = []
        self.views_by_id: dict[str, dict[str, Any]] = {}    # view_id -> view (with "user" key added)
        self.homes: dict[str, dict[str, Any]] = {}          # user_id -> published home view
        self.channels: dict[str, list[dict[str, Any]]] = {}  # channel -> messages (oldest first)
        self._dm_of_user: dict[str, str] = {}
        self.conversations: dict[str, ChannelInfo] = {}       # channel id -> channel (DMs are not in it)
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self._subscribers: list[Callable[[str | None, str], None]] = []
        self.version = 0                                     # bumped on every change
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ members and channels
    def user(self, ref: str) -> SlackUser:
        """A user by id, name ("alice") or email."""
        with self.lock:                     # (users may be added while a call reads them)
            users = list(self.users.values())
        for u in users:
            if ref in (u.id, u.name, u.email):
                return u
        raise KeyError(f"no such Slack user: {ref}")

    def add_user(self, user: SlackUser) -> SlackUser:
        with self.lock:
            self.users[user.id] = user
        return user

    def user_list(self) -> list[dict[str, Any]]:
        with self.lock:
            users = list(self.users.values())
        return [{"id": u.id, "name": u.name, "real_name": u.real_name, "email": u.email, "tz": u.tz} for u in users]

    def dm_channel(self, user: str) -> str:
        """The id of the DM between `user` and the bot (created on first use)."""
        uid = self.user(user).id
        with self.lock:
            if uid not in self._dm_of_user:
                self._dm_of_user[uid] = "D" + uid[1:]
                self.channels.setdefault(self._dm_of_user[uid], [])
            return self._dm_of_user[uid]

    def add_channel(self, name: str, members: Iterable[str] = (), *, bot: bool = True, private: bool = False,
                    ext_shared: bool = False, channel_id: str | None = None) -> str:
        """A channel named `name` with `members` (ids, names or emails) and, with `bot`, the bot in it; returns its
        id (`C...`, `G...` when private)."""
        ids = {self.user(m).id for m in members} | ({BOT_USER_ID} if bot else set())
        with self.lock:
            cid = channel_id or f"{'G' if private else 'C'}0{name.upper().replace('-', '')[:8]}{self.next_id():03d}"
            self.conversations[cid] = ChannelInfo(cid, name, ids, is_private=private, is_ext_shared=ext_shared)
            self.channels.setdefault(cid, [])
        return cid

    def channel_info(self, channel: str) -> ChannelInfo | None:
        """The channel named by id or by name ("it-help"), or None (a DM, or no such channel)."""
        with self.lock:
            found = self.conversations.get(channel)
            return found or next((c for c in self.conversations.values() if c.name == channel.lstrip("#")), None)

    def is_member(self, channel: str, user_id: str) -> bool:
        """`user_id` (the bot: BOT_USER_ID) is in `channel`; a DM counts its person and the bot."""
        info = self.channel_info(channel)
        if info is None:
            with self.lock:
                return channel in self.channels and user_id in (BOT_USER_ID, *[u for u, c in self._dm_of_user.items()
                                                                              if c == channel])
        with self.lock:
            return user_id in info.members

    def join(self, channel: str, user: str) -> None:
        """`user` (a person, or BOT_USER_ID: the bot is invited) joins the channel."""
        info = self.channel_info(channel)
        assert info is not None, f"no such channel: {channel}"
        uid = user if user == BOT_USER_ID else self.user(user).id
        with self.lock:
            info.members.add(uid)

    def leave(self, channel: str, user: str) -> None:
        info = self.channel_info(channel)
        assert info is not None, f"no such channel: {channel}"
        uid = user if user == BOT_USER_ID else self.user(user).id
        with self.lock:
            info.members.discard(uid)

    def channel_of(self, channel_or_user: str) -> str:
        info = self.channel_info(channel_or_user)
        if info is not None:
            return info.id
        try:
            return self.dm_channel(channel_or_user)
        except KeyError:
            return channel_or_user

    def resolve_channel(self, channel: str | None) -> str:
        """The channel a Web API call names (a user id opens the DM, as Slack does), or channel_not_found."""
        if not channel:
            raise SlackApiError("channel_not_found")
        if channel in self.users:
            return self.dm_channel(channel)
        with self.lock:
            if channel not in self.channels:
                raise SlackApiError("channel_not_found")
        return channel

    # ------------------------------------------------------------------ messages
    def messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        """Messages in a channel (or in the DM with a user), oldest first; ephemeral ones included."""
        channel = self.channel_of(channel_or_user)
        with self.lock:
            return copy.deepcopy(self.channels.get(channel, []))

    def bot_messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        """The bot's messages, top-level and in threads (a reply has a `thread_ts` other than its `ts`)."""
        return [m for m in self.messages(channel_or_user) if m.get("bot_id")]

    def top_level(self, channel_or_user: str) -> list[dict[str, Any]]:
        """What the conversation itself shows: messages that are not thread replies, and the replies also sent
        to the conversation (`thread_broadcast`)."""
        return [m for m in self.messages(channel_or_user) if not is_reply(m) or m.get("subtype") == "thread_broadcast"]

    def record_message(self, channel: str, msg: dict[str, Any]) -> None:
        """Store a message. A reply (`thread_ts` naming another message) also updates its parent as Slack
        does: `thread_ts`, `reply_count`, `reply_users`, `latest_reply`."""
        with self.lock:
            if is_reply(msg) and not msg.get("is_ephemeral"):
                parent = self.parent_of(channel, msg["thread_ts"])
                if parent is not None:
                    users = parent.setdefault("reply_users", [])
                    if msg.get("user") and msg["user"] not in users:
                        users.append(msg["user"])
                    parent.update(thread_ts=parent["ts"], reply_count=parent.get("reply_count", 0) + 1,
                                  reply_users_count=len(users), latest_reply=msg["ts"])
            self.channels.setdefault(channel, []).append(copy.deepcopy(msg))
        self.notify({"kind": "message", "channel": channel, "message": copy.deepcopy(msg)})

    def parent_of(self, channel: str, thread_ts: str) -> dict[str, Any] | None:
        """The (stored, mutable) top-level message `thread_ts` in `channel`, or None. Hold the lock."""
        return next((m for m in self.channels.get(channel, []) if m["ts"] == thread_ts and not is_reply(m)
                     and not m.get("is_ephemeral")), None)

    def thread(self, channel_or_user: str, thread_ts: str) -> list[dict[str, Any]]:
        """The thread of `thread_ts` (the parent, then its replies, oldest first); [] when there is none."""
        channel = self.channel_of(channel_or_user)
        with self.lock:
            return [copy.deepcopy(m) for m in self.channels.get(channel, [])
                    if not m.get("is_ephemeral") and (m["ts"] == thread_ts or m.get("thread_ts") == thread_ts)]

    # ------------------------------------------------------------------ views and Home tabs
    def home(self, user: str) -> dict[str, Any] | None:
        """The App Home view last published for the user."""
        with self.lock:
            return copy.deepcopy(self.homes.get(self.user(user).id))

    def views(self, user: str | None = None) -> list[dict[str, Any]]:
        """Open modals (oldest first), of one user or of everyone; each has "id", "hash", "user"."""
        uid = self.user(user).id if user else None
        with self.lock:
            return [copy.deepcopy(v) for v in self.views_by_id.values()
                    if v["type"] == "modal" and (uid is None or v["user"] == uid)]

    def view(self, view_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self.views_by_id[view_id])

    def make_view(self, v: Any, user: str, view_id: str | None = None) -> dict[str, Any]:
        """Check `v` as Slack does and open it (or replace `view_id`) for `user`."""
        refusal = blockkit.check_view(v)
        if refusal is not None:
            raise SlackApiError.refused(refusal)
        view = copy.deepcopy(v)
        view.update(id=view_id or f"V{self.next_id():08d}", team_id=TEAM_ID, app_id=APP_ID,
                    bot_id=BOT_ID, hash=uuid.uuid4().hex, user=user,
                    private_metadata=v.get("private_metadata", ""), callback_id=v.get("callback_id", ""),
                    state={"values": {}})
        with self.lock:
            self.views_by_id[view["id"]] = view
        if view["type"] == "modal":  # a home view is announced as "home" by views.publish
            self.notify({"kind": "view", "user": user, "view": view})
        return view

    def close_view(self, user_id: str, view_id: str, *, missing_ok: bool = False) -> dict[str, Any] | None:
        """Close an open view (the user closed it, or a submission cleared it); returns it."""
        with self.lock:
            view = self.views_by_id.pop(view_id, None) if missing_ok else self.views_by_id.pop(view_id)
        self.notify({"kind": "view_closed", "user": user_id, "view_id": view_id})
        return view

    # ------------------------------------------------------------------ calls
    def record_call(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)
            self._changed.notify_all()

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    # ------------------------------------------------------------------ changes
    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        """Call ``callback(user_id, kind)`` after every state change; returns a function that unsubscribes.

        `kind` is one of "message", "message_changed", "ephemeral", "view", "view_closed", "home";
        `user_id` is the employee whose DM/view/home changed (None for other channels).
        Callbacks run on the thread that made the change: keep them short (e.g. put on a queue).
        """
        with self.lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self.lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)
        return unsubscribe

    def notify(self, change: dict[str, Any]) -> None:
        user = change.get("user")
        if user is None and change.get("channel"):
            with self.lock:                 # a DM opened meanwhile (dm_channel) must not break this look-up
                user = next((u for u, c in self._dm_of_user.items() if c == change["channel"]), None)
        kind = change["kind"]
        if kind == "message" and change.get("message", {}).get("is_ephemeral"):
            kind = "ephemeral"
        with self.lock:
            self.version += 1
            subscribers = list(self._subscribers)
            self._changed.notify_all()
        for cb in subscribers:
            try:
                cb(user, kind)
            except Exception:  # a broken subscriber must not break the workspace
                log.exception("stand-in subscriber failed")

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

    # ------------------------------------------------------------------ ids
    def next_id(self) -> int:
        return next(self._ids)

    def next_ts(self) -> str:
        n = next(self._ts)
        return f"{int(time.time())}.{n:06d}"

    def trigger_id(self, user_id: str) -> str:
        # "<n>.<issued-at>.<user>": views.open checks Slack's 3-second lifetime against the issue time.
        return f"{self.next_id()}.{int(time.time() * 1000)}.{user_id}"
