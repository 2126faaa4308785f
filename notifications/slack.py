"""The poller's Slack side: paced DMs tagged with their ledger key, and the look-ups it needs.

- Pace: at most one message per conversation per `per_conversation_interval` seconds (Slack allows about
  one message per second per conversation); HTTP 429 answers are retried after their Retry-After by
  slack_sdk's RateLimitErrorRetryHandler, installed on the client if it is missing.
- Every notification carries message metadata ``{"event_type": "concierge_notification",
  "event_payload": {"key": ...}}`` so that, after a crash between sending and recording, `find_sent`
  can tell from the DM's history whether it went out (see docs/notifications.md), and so that a post cut off
  by a dropped connection is looked up before it is posted again (slackui/slackpost.py), never repeated blindly.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from slackui.pace import PacedRateLimitErrorRetryHandler
from slackui.slackpost import find_posted, post_once, safe_retry_handlers
from slackui.fallback import error_of as slack_error
from slackui.fit import escape

log = logging.getLogger(__name__)

EVENT_TYPE = "concierge_notification"

# Errors after which sending again cannot help (the user is gone, the app is not allowed to DM them).
PERMANENT_ERRORS = frozenset({
    "user_not_found", "channel_not_found", "account_inactive", "user_disabled", "not_in_channel",
    "is_archived", "cannot_dm_bot", "msg_too_long", "restricted_action", "no_permission",
    "invalid_auth", "not_authed", "token_revoked", "missing_scope", "messages_tab_disabled",
})


class HistoryUnavailable(RuntimeError):
    """The DM history could not be read (missing scope, method unknown): the sender cannot check."""


@dataclass(frozen=True, slots=True)
class Posted:
    channel: str
    ts: str
    thread_ts: str | None = None    # the thread it is a reply in (None: a message of the DM itself)


@dataclass(frozen=True, slots=True)
class SlackUserInfo:
    id: str
    tz: str | None
    email: str | None
    name: str | None


class Messenger:
    """DMs and user look-ups for the poller (thread-safe)."""

    def __init__(self, client: WebClient, *, per_conversation_interval: float = 1.0, max_rate_limit_retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.client = client
        safe_retry_handlers(client)      # no blind repeat of a post after a dropped connection (post_once)
        if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
            client.retry_handlers.append(PacedRateLimitErrorRetryHandler(max_retry_count=max_rate_limit_retries))
        self.interval = per_conversation_interval
        self._sleep, self._clock = sleep, clock
        self._last_post: dict[str, float] = {}
        self._dm_channels: dict[str, str] = {}
        self._lock = threading.Lock()
        self.posts = 0
        self.waited_seconds = 0.0

    # -- sending
    def _pace(self, conversation: str) -> None:
        with self._lock:
            last = self._last_post.get(conversation)
            now = self._clock()
            wait = 0.0 if last is None else max(0.0, last + self.interval - now)
            self._last_post[conversation] = now + wait
        if wait > 0:
            self.waited_seconds += wait
            self._sleep(wait)

    def pace(self, conversation: str) -> None:
        """Wait until `conversation` may take another message (a channel thread's posts, notifications/channelsync.py)."""
        self._pace(conversation)

    def post(self, user_id: str, text: str, blocks: list[dict[str, Any]], *, key: str,
             thread_ts: str | None = None, broadcast: bool = False) -> Posted:
        """DM `user_id` (paced); raises SlackApiError. `key` goes into the message metadata. `text` (the
        notification banner / fallback) is plain text: it is escaped here, so a subject or comment holding
        `<!channel>` or `<@U…>` is shown as typed and never pings anyone. With `thread_ts` the message is a
        reply in that thread of the DM; `broadcast` also shows it in the DM itself (`reply_broadcast`)."""
        self._pace(user_id)
        # posted once (a dropped connection: looked up before posting again, slackui/slackpost.py); blocks refused
        # (invalid_blocks, msg_too_long, ...): logged and sent again as text, never lost (slackui/fallback.py)
        extra: dict[str, Any] = {"reply_broadcast": True} if thread_ts and broadcast else {}
        resp = post_once(self.client, channel=user_id, event_type=EVENT_TYPE, key=key,
                         history_channel=lambda: self.dm_channel(user_id), thread_ts=thread_ts, text=escape(text),
                         blocks=blocks, unfurl_links=False, unfurl_media=False, paced=False, **extra)
        self.posts += 1
        channel = resp.get("channel") or user_id
        if channel.startswith("D"):
            self._dm_channels.setdefault(user_id, channel)
        return Posted(channel, str(resp.get("ts")), thread_ts)

    def dm_channel(self, user_id: str) -> str:
        cached = self._dm_channels.get(user_id)
        if cached:
            return cached
        resp = self.client.conversations_open(users=user_id)
        channel = resp["channel"]["id"]
        self._dm_channels[user_id] = channel
        return channel

    def find_sent(self, user_id: str, key: str, since: datetime, thread_ts: str | None = None) -> Posted | None:
        """The message tagged `key` posted to `user_id` since `since`, or None: in the DM's history, and with
        `thread_ts` among that thread's replies too (the history does not hold them). Raises
        HistoryUnavailable when the history cannot be read at all."""
        try:
            channel = self.dm_channel(user_id)
            found = find_posted(self.client, channel, EVENT_TYPE, key, since.timestamp())
            if found is None and thread_ts:
                found = find_posted(self.client, channel, EVENT_TYPE, key, since.timestamp(), thread_ts=thread_ts)
            return Posted(channel, str(found.get("ts")), thread_ts if found and found.get("thread_ts") else None) \
                if found else None
        except SlackApiError as exc:
            raise HistoryUnavailable(slack_error(exc)) from exc

    # -- people
    def lookup_by_email(self, email: str) -> SlackUserInfo | None:
        """The Slack user with this email, None when there is none (raises on other Slack errors)."""
        try:
            resp = self.client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            if slack_error(exc) in ("users_not_found", "user_not_found"):
                return None
            raise
        return _user_info(resp["user"])

    def user_info(self, user_id: str) -> SlackUserInfo | None:
        try:
            resp = self.client.users_info(user=user_id)
        except SlackApiError as exc:
            if slack_error(exc) in ("users_not_found", "user_not_found"):
                return None
            raise
        return _user_info(resp["user"])


def _user_info(user: dict[str, Any]) -> SlackUserInfo:
    profile = user.get("profile") or {}
    return SlackUserInfo(user["id"], user.get("tz"), profile.get("email"),
                         user.get("real_name") or profile.get("real_name") or user.get("name"))
