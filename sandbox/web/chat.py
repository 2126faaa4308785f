"""What the chat page needs from the Slack side, and the hub that pushes changes to open pages.

`ChatBackend` is the narrow interface the page's routes use: deliver what a person does (to the bot, as Slack
would) and read back what the bot did (the DM conversation, a channel's, open modals, App Home). The demo implements it
over the Slack stand-in (`sandbox/demo.py`); tests may use a scripted fake.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Employee:
    """Someone the visitor can be on the page."""

    id: str                  # Slack user id, e.g. U0000ALICE
    name: str                # display name ("Alice Johnson")
    email: str
    note: str | None = None  # shown under the name, e.g. "no Salesforce contact"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "email": self.email, "note": self.note}


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes
    mimetype: str = "application/octet-stream"


class DeliveryError(Exception):
    """The bot did not accept a delivery (non-2xx, unreachable); the message is shown on the page."""

    def __init__(self, message: str, *, status: int = 502):
        super().__init__(message)
        self.message = message
        self.status = status


class ChatBackend(Protocol):
    """The Slack side of the page. Every method may be called from any thread."""

    bot_name: str

    def employees(self) -> list[Employee]: ...

    # What a person does (each delivered to the bot as a signed request)
    def send_message(self, user_id: str, text: str, files: list[UploadedFile]) -> None: ...
    def reply_in_thread(self, user_id: str, thread_ts: str, text: str) -> None: ...
    def slash_command(self, user_id: str, command: str, text: str) -> None: ...
    def click(self, user_id: str, action: dict[str, Any], *, message_ts: str | None = None,
              view_id: str | None = None) -> None: ...
    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, Any] | None: ...
    def close_view(self, user_id: str, view_id: str) -> None: ...
    def open_home(self, user_id: str) -> None: ...
    def upload_file(self, user_id: str, file: UploadedFile) -> dict[str, Any]: ...

    # Channels beside the DM ([{"id", "name"}]): what a person does there, delivered as Slack delivers it
    def channels(self) -> list[dict[str, Any]]: ...
    def post_in_channel(self, user_id: str, channel: str, text: str, thread_ts: str | None) -> None: ...
    def react(self, user_id: str, channel: str, ts: str, name: str) -> None: ...
    def shortcut(self, user_id: str, channel: str, ts: str) -> None: ...

    # What the bot did (Slack's JSON shapes)
    def conversation(self, user_id: str) -> list[dict[str, Any]]: ...
    def channel_messages(self, user_id: str, channel: str) -> list[dict[str, Any]]: ...
    def views(self, user_id: str) -> list[dict[str, Any]]: ...
    def home(self, user_id: str) -> dict[str, Any] | None: ...

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        """Call ``callback(user_id, kind)`` on every change (user_id None: everyone). Returns unsubscribe."""
        ...


@dataclass
class _Listener:
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any] | None]
    user_id: str | None
    agent: bool = False


@dataclass
class ChangeHub:
    """Fans changes (from any thread) out to Server-Sent-Event streams (on the server's event loop)."""

    _listeners: list[_Listener] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False

    def listen(self, user_id: str | None, *, agent: bool = False) -> _Listener:
        listener = _Listener(asyncio.get_running_loop(), asyncio.Queue(maxsize=256), user_id, agent)
        with self._lock:
            self._listeners.append(listener)
        return listener

    def forget(self, listener: _Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def publish(self, user_id: str | None, kind: str) -> None:
        """Thread-safe. ``kind`` is e.g. "conversation", "views", "home", "cases"."""
        event = {"user": user_id, "kind": kind}
        with self._lock:
            targets = [li for li in self._listeners
                       if user_id is None or li.user_id == user_id or (li.agent and kind == "cases")]
        for listener in targets:
            _offer(listener, event)

    def close(self) -> None:
        """End every open stream (server shutdown)."""
        with self._lock:
            self.closed = True
            targets = list(self._listeners)
        for listener in targets:
            _offer(listener, None)


def _offer(listener: _Listener, event: dict[str, Any] | None) -> None:
    def put() -> None:
        try:
            listener.queue.put_nowait(event)
        except asyncio.QueueFull:  # a stalled page: it refetches everything on its next event anyway
            pass
    try:
        listener.loop.call_soon_threadsafe(put)
    except RuntimeError:  # loop already closed
        pass
