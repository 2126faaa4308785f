"""The poller's Slack side: paced DMs tagged with their ledger key, into the DM channels of the one cache
(slackui/identity.py `DmChannels`; who a person is and their time zone: `Directory` there).

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

from slackui.identity import DmChannels
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


class Messenger:
    """DMs for the poller and the outbox flusher (thread-safe), into the channels of `dms` (the process's one
    DM-channel cache; a cache of its own when none is given)."""

    def __init__(self, client: WebClient, *, per_conversation_interval: float = 1.0, max_rate_limit_retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 dms: DmChannels | None = None):
        self.client = client
        self.dms = dms if dms is not None else DmChannels(client)
        safe_retry_handlers(client)      # no blind repeat of a post after a dropped connection (post_once)
        if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
            client.retry_handlers.append(PacedRateLimitErrorRetryHandler(max_retry_count=max_rate_limit_retries))
        self.interval = per_conversation_interval
        self._sleep, self._clock = sleep, clock
        self._last_post: dict[str, float] = {}
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
        self.dms.remember(user_id, channel)
        return Posted(channel, str(resp.get("ts")), thread_ts)

    def dm_channel(self, user_id: str) -> str:
        return self.dms.of(user_id)

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
