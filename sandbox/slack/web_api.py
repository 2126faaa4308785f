"""The stand-in's Web API (bot -> stand-in): `/api/<method>` in Slack's shapes, every call recorded, and the
`response_url` of slash commands and buttons. Refuses what Slack refuses (tokens, Block Kit, trigger ids)."""
from __future__ import annotations

import copy
import json
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from sandbox.slack import blockkit
from sandbox.slack.files import Files
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.workspace import (APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, Call, SlackApiError,
                                     Workspace, is_reply)


class WebApi:
    """Answers the bot's Web API calls against `workspace`. `scopes` is what X-OAuth-Scopes reports for the
    bot token; `socket_mode` gives the Socket Mode server when one is offered (apps.connections.open)."""

    def __init__(self, workspace: Workspace, files: Files, *, bot_token: str, app_token: str | None,
                 scopes: list[str], socket_mode: Callable[[], SocketModeServer | None]):
        self.workspace, self.files = workspace, files
        self.bot_token, self.app_token, self.scopes = bot_token, app_token, scopes
        self._socket_mode = socket_mode
        self._rate_limited = 0
        self._retry_after = 0
        self._strict: tuple[float, int] | None = None             # (per second, burst) per channel, when strict
        self._channel_next: dict[str, float] = {}               # channel -> theoretical next post (monotonic)
        self._refusals: dict[str, list[str]] = {}               # method -> errors for the next calls with blocks
        self._drops: dict[str, int] = {}                        # method -> calls whose connection is dropped
        self.drop_connection: Callable[[Request], bool] = lambda request: False    # set by the facade

    # ------------------------------------------------------------------ faults
    def rate_limit(self, calls: int = 1, retry_after: int = 0) -> None:
        """Answer the next `calls` Web API calls with HTTP 429 and Retry-After (as Slack's rate limiter)."""
        with self.workspace.lock:
            self._rate_limited, self._retry_after = calls, retry_after

    def strict_rate_limits(self, per_second: float = 1.0, burst: int = 4) -> None:
        """Enforce Slack's chat.postMessage limit per channel: "1 per second, short bursts >1 allowed"
        (https://api.slack.com/docs/rate-limits); a post past it is answered HTTP 429 `ratelimited` with
        Retry-After (whole seconds), as Slack does, and nothing is stored."""
        with self.workspace.lock:
            self._strict = (per_second, burst)

    def _over_channel_limit(self, method: str, args: dict[str, Any]) -> int:
        """Seconds to wait (0: within the limit) for a chat.postMessage under strict limits. Holds the lock."""
        if self._strict is None or method != "chat.postMessage" or not args.get("channel"):
            return 0
        per_second, burst = self._strict
        interval, channel, now = 1.0 / per_second, str(args["channel"]), time.monotonic()
        tat = max(self._channel_next.get(channel, now), now)
        allowed_at = tat - (burst - 1) * interval
        if allowed_at > now:
            return max(1, int(allowed_at - now + 0.999))
        self._channel_next[channel] = tat + interval
        return 0

    def refuse(self, method: str, error: str = "invalid_blocks", calls: int = 1) -> None:
        """Refuse the next `calls` calls of `method` that carry blocks or a view with `error`, as Slack does
        when it finds fault with a payload (msg_blocks_too_long, a rule it added, ...). Text-only calls pass."""
        with self.workspace.lock:
            self._refusals.setdefault(method, []).extend([error] * calls)

    def drop_connection_after(self, method: str = "chat.postMessage", calls: int = 1) -> None:
        """The next `calls` calls to `method` are carried out (a message is stored) and then the connection is
        dropped before the answer is sent: the client sees a reset connection and cannot know it worked, as
        when a network path to Slack fails after Slack received the request."""
        with self.workspace.lock:
            self._drops[method] = calls

    def _take_drop(self, method: str) -> bool:
        with self.workspace.lock:
            if self._drops.get(method, 0) <= 0:
                return False
            self._drops[method] -= 1
            return True

    def _take_refusal(self, method: str, carries_blocks: bool) -> str | None:
        with self.workspace.lock:
            refusals = self._refusals.get(method)
            return refusals.pop(0) if refusals and carries_blocks else None

    # ------------------------------------------------------------------ endpoints
    async def endpoint(self, request: Request) -> Response:
        """`GET/POST /api/<method>`."""
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
        with self.workspace.lock:
            if self._rate_limited > 0:
                self._rate_limited -= 1
                self.workspace.record_call(Call(method, args, {"ok": False, "error": "ratelimited"}))
                return JSONResponse({"ok": False, "error": "ratelimited"}, status_code=429,
                                    headers={"Retry-After": str(self._retry_after)})
            if (wait := self._over_channel_limit(method, args)) > 0:
                self.workspace.record_call(Call(method, args, {"ok": False, "error": "ratelimited"}))
                return JSONResponse({"ok": False, "error": "ratelimited"}, status_code=429,
                                    headers={"Retry-After": str(wait)})
        try:
            if method == "apps.connections.open":
                if not self.app_token or token != self.app_token:
                    raise SlackApiError("invalid_auth" if token else "not_authed")
                socket_mode = self._socket_mode()
                if socket_mode is None:
                    raise SlackApiError("not_allowed_token_type")
                body = {"ok": True, "url": socket_mode.url()}
                self.workspace.record_call(Call(method, args, body))
                return JSONResponse(body, headers={"X-OAuth-Scopes": "connections:write"})   # app-level token
            if token != self.bot_token:
                raise SlackApiError("invalid_auth" if token else "not_authed")
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                raise SlackApiError("unknown_method", status=404)
            decoded = _decode_json_fields(args)
            refused = self._take_refusal(method, bool(decoded.get("blocks") or decoded.get("view")))
            if refused:
                raise SlackApiError(refused)
            result = handler(decoded)
            body = {"ok": True, **result}
            status, headers = 200, {}
        except SlackApiError as e:
            body, status, headers = e.body, e.status, e.headers
        if token == self.bot_token:
            headers = {**headers, "X-OAuth-Scopes": ", ".join(self.scopes)}
        self.workspace.record_call(Call(method, args, body))
        if self._take_drop(method):
            self.drop_connection(request)       # done, but the answer never leaves
        return JSONResponse(body, status_code=status, headers=headers)

    async def response_url(self, request: Request) -> Response:
        """response_url of slash commands and actions: an ephemeral reply (or replace/delete original)."""
        channel, user = request.path_params["channel"], request.path_params["user"]
        data = json.loads(await request.body() or b"{}")
        # Refused as webhooks are: HTTP 400 with the error as a plain-text body ("invalid_blocks").
        error = self._take_refusal("response_url", bool(data.get("blocks")))
        refusal = blockkit.check_message(data.get("blocks"), data.get("text"))
        error = error or (refusal.error if refusal else None)
        self.workspace.record_call(Call("response_url", {"channel": channel, "user": user, **data},
                                        {"ok": False, "error": error} if error else {"ok": True}))
        if error:
            return PlainTextResponse(error, status_code=400)
        msg = {"type": "message", "text": data.get("text", ""), "blocks": data.get("blocks") or [],
               "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID, "channel": channel,
               "ts": self.workspace.next_ts()}
        if data.get("response_type") != "in_channel":
            msg.update(is_ephemeral=True, for_user=user)
        self.workspace.record_message(channel, msg)
        return PlainTextResponse("ok")

    # ------------------------------------------------------------------ methods
    def _m_auth_test(self, a: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"https://{TEAM_DOMAIN}.slack.com/", "team": "Concierge Sandbox", "user": "concierge",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _m_users_info(self, a: dict[str, Any]) -> dict[str, Any]:
        u = self.workspace.users.get(a.get("user", ""))
        if u is None:
            raise SlackApiError("user_not_found")
        return {"user": u.to_api()}

    def _m_users_lookupByEmail(self, a: dict[str, Any]) -> dict[str, Any]:
        email = (a.get("email") or "").casefold()
        with self.workspace.lock:
            users = list(self.workspace.users.values())
        for u in users:
            if u.email and u.email.casefold() == email:
                return {"user": u.to_api()}
        raise SlackApiError("users_not_found")

    def _m_conversations_open(self, a: dict[str, Any]) -> dict[str, Any]:
        users = a.get("users") or ""
        if isinstance(users, list):
            users = ",".join(users)
        ids = [x for x in users.split(",") if x]
        if len(ids) != 1 or ids[0] not in self.workspace.users:
            raise SlackApiError("user_not_found")
        channel = self.workspace.dm_channel(ids[0])
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

    def _need_scope(self, scope: str) -> None:
        """`missing_scope` with `needed` / `provided`, as Slack answers a token without the method's scope."""
        if scope not in self.scopes:
            raise SlackApiError("missing_scope", body={"ok": False, "error": "missing_scope", "needed": scope,
                                                       "provided": ",".join(self.scopes)})

    def _in_channel(self, channel: str) -> None:
        """A channel (not a DM) the bot is not a member of: `not_in_channel` ("Cannot post user messages to a
        channel they are not in", chat.postMessage's errors; the stand-in refuses reads and reactions there too,
        as without channels:read.public the bot cannot see into it)."""
        if self.workspace.channel_info(channel) is not None and not self.workspace.is_member(channel, BOT_USER_ID):
            raise SlackApiError("not_in_channel")

    def _m_chat_postMessage(self, a: dict[str, Any]) -> dict[str, Any]:
        """A message, or with `thread_ts` a reply in that message's thread; `reply_broadcast` (only with
        `thread_ts`, ignored without it) also shows the reply in the conversation (subtype thread_broadcast)."""
        channel = self.workspace.resolve_channel(a.get("channel"))
        self._in_channel(channel)
        msg = self._message_from_args(a, channel)
        if msg.get("thread_ts"):
            with self.workspace.lock:
                parent = self.workspace.parent_of(channel, msg["thread_ts"])
                # no such message here, an ephemeral one, or a reply's ts (Slack: "use its parent instead")
                if parent is None:
                    raise SlackApiError("thread_not_found")
                root = {k: copy.deepcopy(v) for k, v in parent.items() if k not in ("channel", "metadata")}
            if _flag(a.get("reply_broadcast")):
                msg.update(subtype="thread_broadcast", root=root)
        msg["ts"] = self.workspace.next_ts()
        self.workspace.record_message(channel, msg)
        return {"channel": channel, "ts": msg["ts"], "message": {k: v for k, v in msg.items() if k != "channel"}}

    def _m_chat_postEphemeral(self, a: dict[str, Any]) -> dict[str, Any]:
        channel = self.workspace.resolve_channel(a.get("channel"))
        self._in_channel(channel)
        if a.get("user") not in self.workspace.users or not self.workspace.is_member(channel, a["user"]):
            raise SlackApiError("user_not_in_channel")
        msg = self._message_from_args(a, channel)
        msg.update(ts=self.workspace.next_ts(), is_ephemeral=True, for_user=a["user"])
        self.workspace.record_message(channel, msg)
        return {"message_ts": msg["ts"]}

    def _m_chat_update(self, a: dict[str, Any]) -> dict[str, Any]:
        channel = self.workspace.resolve_channel(a.get("channel"))
        ts = a.get("ts")
        with self.workspace.lock:
            for m in self.workspace.channels[channel]:
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
        self.workspace.notify({"kind": "message_changed", "channel": channel, "message": updated})
        return {"channel": channel, "ts": ts, "text": updated["text"]}

    def _m_conversations_history(self, a: dict[str, Any]) -> dict[str, Any]:
        """Newest first; ephemeral messages are not part of history, nor are thread replies (only their parents
        and the replies broadcast to the conversation, https://api.slack.com/methods/conversations.replies:
        "conversations.history method returns only parent messages"); metadata only with
        include_all_metadata."""
        channel = self.workspace.resolve_channel(a.get("channel"))
        self._read_channel(channel)
        oldest, latest = float(a.get("oldest") or 0), float(a.get("latest") or "inf")
        with self.workspace.lock:
            msgs = [copy.deepcopy(m) for m in self.workspace.channels.get(channel, [])
                    if not m.get("is_ephemeral") and oldest <= float(m["ts"]) <= latest
                    and (not is_reply(m) or m.get("subtype") == "thread_broadcast")]
        msgs.reverse()
        return _page(msgs, a)

    def _m_conversations_replies(self, a: dict[str, Any]) -> dict[str, Any]:
        """A thread: its parent first, then the replies, oldest first (`oldest`/`latest` bound the replies; the
        parent is always returned). `thread_not_found` when `ts` names no message of the conversation."""
        channel = self.workspace.resolve_channel(a.get("channel"))
        self._read_channel(channel)
        ts = a.get("ts") or ""
        oldest, latest = float(a.get("oldest") or 0), float(a.get("latest") or "inf")
        with self.workspace.lock:
            parent = next((m for m in self.workspace.channels.get(channel, [])
                           if m["ts"] == ts and not m.get("is_ephemeral")), None)
            if parent is None:
                raise SlackApiError("thread_not_found")
            root = parent["thread_ts"] if is_reply(parent) else ts
            msgs = [copy.deepcopy(m) for m in self.workspace.channels.get(channel, [])
                    if not m.get("is_ephemeral") and (m["ts"] == root or (m.get("thread_ts") == root and is_reply(m)
                                                                         and oldest <= float(m["ts"]) <= latest))]
        return _page(msgs, a)

    def _read_channel(self, channel: str) -> None:
        """Reading a channel's messages needs channels:history (groups:history for a private one) and the bot in
        it (https://docs.slack.dev/reference/methods/conversations.history)."""
        info = self.workspace.channel_info(channel)
        if info is not None:
            self._need_scope("groups:history" if info.is_private else "channels:history")
            self._in_channel(channel)

    def _reacted_message(self, a: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
        """(channel, the stored message, the emoji name) of a reactions.add/remove call, or Slack's refusal."""
        self._need_scope("reactions:write")
        name = str(a.get("name") or "").strip(":")
        if not a.get("channel") or not a.get("timestamp"):
            raise SlackApiError("no_item_specified")
        if not name or any(c.isspace() or c == ":" for c in name):
            raise SlackApiError("invalid_name")
        channel = self.workspace.resolve_channel(a.get("channel"))
        self._in_channel(channel)
        msg = next((m for m in self.workspace.channels.get(channel, [])
                    if m["ts"] == a["timestamp"] and not m.get("is_ephemeral")), None)
        if msg is None:
            raise SlackApiError("message_not_found")
        return channel, msg, name

    def _m_reactions_add(self, a: dict[str, Any]) -> dict[str, Any]:
        """A reaction of the bot; `already_reacted` when the message has it from the bot already ("The specified
        item already has the user/reaction combination", reactions.add's errors)."""
        with self.workspace.lock:
            channel, msg, name = self._reacted_message(a)
            reactions = msg.setdefault("reactions", [])
            entry = next((r for r in reactions if r["name"] == name), None)
            if entry is not None and BOT_USER_ID in entry["users"]:
                raise SlackApiError("already_reacted")
            if entry is None:
                entry = {"name": name, "users": [], "count": 0}
                reactions.append(entry)
            entry["users"].append(BOT_USER_ID)
            entry["count"] = len(entry["users"])
            changed = copy.deepcopy(msg)
        self.workspace.notify({"kind": "message_changed", "channel": channel, "message": changed})
        return {}

    def _m_reactions_remove(self, a: dict[str, Any]) -> dict[str, Any]:
        """The bot's reaction taken off; `no_reaction` when it has none of that name there ("The specified item
        does not have the user/reaction combination", reactions.remove's errors)."""
        with self.workspace.lock:
            channel, msg, name = self._reacted_message(a)
            reactions = msg.get("reactions") or []
            entry = next((r for r in reactions if r["name"] == name), None)
            if entry is None or BOT_USER_ID not in entry["users"]:
                raise SlackApiError("no_reaction")
            entry["users"].remove(BOT_USER_ID)
            entry["count"] = len(entry["users"])
            if not entry["users"]:
                reactions.remove(entry)
            changed = copy.deepcopy(msg)
        self.workspace.notify({"kind": "message_changed", "channel": channel, "message": changed})
        return {}

    def _m_chat_getPermalink(self, a: dict[str, Any]) -> dict[str, Any]:
        """A message's permalink (https://TEAM.slack.com/archives/CHANNEL/pTS, a reply's with `thread_ts`);
        `message_not_found` when there is no such message. No scope needed."""
        channel = self.workspace.resolve_channel(a.get("channel"))
        ts = a.get("message_ts") or ""
        with self.workspace.lock:
            msg = next((m for m in self.workspace.channels.get(channel, [])
                        if m["ts"] == ts and not m.get("is_ephemeral")), None)
            if msg is None:
                raise SlackApiError("message_not_found")
            link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            if is_reply(msg):
                link += f"?thread_ts={msg['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _m_conversations_info(self, a: dict[str, Any]) -> dict[str, Any]:
        """A channel as the bot sees it (`is_member`); `channel_not_found` for a private channel it is not in,
        as Slack hides those."""
        info = self.workspace.channel_info(a.get("channel") or "")
        if info is None or (info.is_private and not self.workspace.is_member(info.id, BOT_USER_ID)):
            raise SlackApiError("channel_not_found")
        with self.workspace.lock:
            return {"channel": info.to_api(BOT_USER_ID)}

    def _m_views_open(self, a: dict[str, Any]) -> dict[str, Any]:
        trigger = a.get("trigger_id")
        if not trigger:
            raise SlackApiError("invalid_arguments")
        parts = trigger.split(".")
        if len(parts) != 3 or not parts[1].isdigit() or time.time() - int(parts[1]) / 1000 > 3.0:
            raise SlackApiError("expired_trigger_id")
        user = parts[2]
        view = self.workspace.make_view(a.get("view"), user)
        return {"view": view}

    _m_views_push = _m_views_open

    def _m_views_update(self, a: dict[str, Any]) -> dict[str, Any]:
        view_id = a.get("view_id")
        with self.workspace.lock:
            if view_id not in self.workspace.views_by_id:
                raise SlackApiError("not_found")
            old = self.workspace.views_by_id[view_id]
            view = self.workspace.make_view(a.get("view"), old["user"], view_id=view_id)
        return {"view": view}

    def _m_views_publish(self, a: dict[str, Any]) -> dict[str, Any]:
        user = a.get("user_id")
        if user not in self.workspace.users:
            raise SlackApiError("invalid_user")
        v = a.get("view") or {}
        if v.get("type") != "home":
            raise SlackApiError("invalid_arguments")
        existing = self.workspace.homes.get(user)
        view = self.workspace.make_view(v, user, view_id=existing["id"] if existing else None)
        with self.workspace.lock:
            self.workspace.homes[user] = view
        self.workspace.notify({"kind": "home", "user": user, "view": view})
        return {"view": {k: val for k, val in view.items() if k != "user"}}

    def _m_files_info(self, a: dict[str, Any]) -> dict[str, Any]:
        return self.files.info(a)


def _page(msgs: list[dict[str, Any]], a: dict[str, Any]) -> dict[str, Any]:
    """One page of messages (`limit`, then `cursor` = how many were already given), in Slack's shape."""
    limit = int(a.get("limit") or 100)
    start = int(a.get("cursor") or 0)
    with_meta = _flag(a.get("include_all_metadata"))
    out = []
    for m in msgs[start:start + limit]:
        m.pop("channel", None)
        if not with_meta:
            m.pop("metadata", None)
        out.append(m)
    more = len(msgs) > start + limit
    return {"messages": out, "has_more": more, "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""}}


def _flag(value: Any) -> bool:
    """A boolean argument, as JSON (true) or form-encoded ("true", "1")."""
    return value is True or str(value).lower() in ("1", "true")


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
