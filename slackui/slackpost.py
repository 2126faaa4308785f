"""Posting to Slack at most once, although connections drop.

`chat.postMessage` is not idempotent: when the connection drops after Slack stored the message, posting again
shows the message twice. So the Web API client never retries a post blindly (`safe_retry_handlers`: slack_sdk's
connection-error retry stays on for every other method), and `post_once` tags each message with a key in its
metadata and, after a connection error, looks the key up in the conversation's history
(`conversations.history` with `include_all_metadata`; for a reply in a thread, the thread's replies through
`conversations.replies`, since the history holds only top-level messages) before posting again.
Slack: https://api.slack.com/methods/chat.postMessage, https://api.slack.com/metadata/using,
https://api.slack.com/methods/conversations.history (`include_all_metadata`).
"""
from __future__ import annotations

import logging
import time
from http.client import RemoteDisconnected
from collections.abc import Callable
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from slackui import fallback

log = logging.getLogger("concierge.slack")

# Methods that create something each time they are called: never repeated blindly after a dropped connection.
NOT_IDEMPOTENT = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage", "chat.meMessage"})
CONNECTION_ERRORS = (URLError, ConnectionError, RemoteDisconnected, TimeoutError)


class SafeConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """slack_sdk's connection-error retry, except for the methods in NOT_IDEMPOTENT."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:  # noqa: ANN001
        if request.url.rstrip("/").rsplit("/", 1)[-1] in NOT_IDEMPOTENT:
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def safe_retry_handlers(client: WebClient, max_retry_count: int = 2) -> WebClient:
    """Replace the client's connection-error retry handler(s) (slack_sdk installs one by default) with
    SafeConnectionErrorRetryHandler; the other handlers (429s) stay."""
    kept = [h for h in client.retry_handlers if type(h) is not ConnectionErrorRetryHandler]
    if not any(isinstance(h, SafeConnectionErrorRetryHandler) for h in kept):
        kept.insert(0, SafeConnectionErrorRetryHandler(max_retry_count=max_retry_count))
    client.retry_handlers = kept
    return client


def find_posted(client: WebClient, channel: str, event_type: str, key: str, since: float,
                thread_ts: str | None = None) -> dict[str, Any] | None:
    """The message in `channel` tagged (event_type, key) posted since `since` (epoch seconds), or None. With
    `thread_ts`, the message is looked for among that thread's replies: `conversations.history` returns only
    top-level messages, a thread's replies come from `conversations.replies`
    (https://api.slack.com/methods/conversations.replies)."""
    cursor = None
    oldest = f"{max(0.0, since - 60):.6f}"
    while True:
        if thread_ts:
            resp = client.conversations_replies(channel=channel, ts=thread_ts, oldest=oldest, limit=200,
                                                include_all_metadata=True, cursor=cursor)
        else:
            resp = client.conversations_history(channel=channel, oldest=oldest, limit=200,
                                                include_all_metadata=True, cursor=cursor)
        for msg in resp.get("messages") or []:
            meta = msg.get("metadata") or {}
            if meta.get("event_type") == event_type and (meta.get("event_payload") or {}).get("key") == key:
                return msg
        cursor = (resp.get("response_metadata") or {}).get("next_cursor")
        if not resp.get("has_more") or not cursor:
            return None


REPLY_EVENT_TYPE = "concierge_reply"   # message metadata of the bot's replies (key: "<dedupe key>:<n>")
INTERIM_EVENT_TYPE = "concierge_interim"   # the "still on it" sent before a slow answer (key: "<dedupe key>:1")


def post_once(client: WebClient, *, channel: str, event_type: str, key: str,
              history_channel: str | Callable[[], str] | None = None,
              look_first_since: float | None = None, attempts: int = 3, thread_ts: str | None = None,
              paced: bool = True, **message: Any) -> dict[str, Any]:
    """chat.postMessage tagged with `key`, posted at most once: after a connection error (or first, when
    `look_first_since` is given: a resumed piece of work) the history of `history_channel` (a conversation id,
    or a function giving it; default `channel`) is searched for the key before posting again; with
    `thread_ts` (a reply in that thread) the thread's replies are.
    `paced=False`: the caller keeps Slack's per-channel pace itself (the notifications' Messenger, one DM a second
    per person) and must not also wait in the process-wide pacer while it holds the poller's lease.
    Returns {"channel", "ts"} of the message; raises the last error when every attempt failed."""
    started = time.time() if look_first_since is None else look_first_since
    if thread_ts:
        message["thread_ts"] = thread_ts

    def look() -> dict[str, Any] | None:
        where = history_channel() if callable(history_channel) else (history_channel or channel)
        found = find_posted(client, where, event_type, key, started, thread_ts=thread_ts)
        return None if found is None else {"channel": where, "ts": found.get("ts"), "found": True}
    if look_first_since is not None and (found := look()) is not None:
        return found
    for attempt in range(1, attempts + 1):
        try:
            # (blocks refused: sent again as text by fallback.post_message, same metadata)
            resp = fallback.post_message(client, channel=channel, metadata={"event_type": event_type,
                                                                            "event_payload": {"key": key}},
                                         paced=paced, **message)
            return {"channel": resp.get("channel") or channel, "ts": resp.get("ts")}
        except CONNECTION_ERRORS as exc:
            log.warning("chat.postMessage %s: connection lost (%s); checking whether Slack stored it", key, exc)
            if (found := look()) is not None:
                return found
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")
