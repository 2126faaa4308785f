"""A local stand-in for Slack: the Web API subset Concierge calls, and signed deliveries to the bot.

The bot talks to it exactly as it talks to Slack (slack_sdk ``WebClient(base_url=stand_in.api_url)``);
the stand-in talks to the bot exactly as Slack does (signed HTTP POSTs to the bot's ``/slack/events``).
Everything is kept in memory and every Web API call is recorded, so tests (and the demo's chat page) can
see what the bot said. See sandbox/slack/README.md for the Python API.

`SlackStandIn` is the facade over its parts: the workspace state (workspace.py), the Web API (web_api.py),
the driver that delivers what people do to the bot (driver.py) and the files (files.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import requests
from starlette.applications import Starlette
from starlette.routing import Route

from bot.manifest import bot_scopes, load_manifest
from runtime.serving import BackgroundServer
from sandbox.slack.channel_events import ChannelDriver, ChannelPost
from sandbox.slack.driver import Delivery, Driver, sign, slack_markup
from sandbox.slack.files import Files, StoredFile
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.web_api import WebApi
from sandbox.slack.workspace import (APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_USERS, TEAM_DOMAIN, TEAM_ID, Call,
                                     SlackApiError, SlackUser, Workspace)

__all__ = ["APP_ID", "BOT_ID", "BOT_USER_ID", "DEFAULT_USERS", "TEAM_DOMAIN", "TEAM_ID", "Call", "ChannelPost", "Delivery",
           "SlackApiError", "SlackStandIn", "SlackUser", "StoredFile", "sign", "slack_markup"]


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
        self.host, self.port = host, port
        self.workspace = Workspace(users)
        self._files = Files(self.workspace, bot_token, lambda: self.base_url)
        self.driver = Driver(self.workspace, self._files, signing_secret=signing_secret, events_url=events_url,
                             base_url=lambda: self.base_url)
        # The bot token's scopes, reported in X-OAuth-Scopes: manifest.yml's, as after an install.
        self.web_api = WebApi(self.workspace, self._files, bot_token=bot_token, app_token=app_token,
                              scopes=bot_scopes(load_manifest()), socket_mode=lambda: self.driver.socket_mode)
        self.channel_driver = ChannelDriver(self.workspace, self.driver)
        self._web: BackgroundServer | None = None
        self.web_api.drop_connection = self._drop_connection
        self.app = Starlette(routes=[
            Route("/api/{method}", self.web_api.endpoint, methods=["GET", "POST"]),
            Route("/files-pri/{file_key}/download/{name}", self._files.download, methods=["GET"]),
            Route("/files-pri/{file_key}/{name}", self._files.download, methods=["GET"]),
            Route("/response/{channel}/{user}", self.web_api.response_url, methods=["POST"]),
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
            self.driver.socket_mode = SocketModeServer(self.host)
        self._web = BackgroundServer(self.app, host=self.host, port=self.port, name="slack-standin").start()
        self.port = self._web.port
        return self

    def stop(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.close()
        if self._web is not None:
            self._web.stop(timeout=5)
        self.driver.close()

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ the parts' state, as attributes
    @property
    def events_url(self) -> str | None:
        return self.driver.events_url

    @events_url.setter
    def events_url(self, url: str | None) -> None:
        self.driver.events_url = url

    @property
    def socket_mode(self) -> SocketModeServer | None:
        return self.driver.socket_mode

    @property
    def scopes(self) -> list[str]:
        return self.web_api.scopes

    @scopes.setter
    def scopes(self, scopes: list[str]) -> None:
        self.web_api.scopes = scopes

    @property
    def users(self) -> dict[str, SlackUser]:
        return self.workspace.users

    @property
    def calls(self) -> list[Call]:
        return self.workspace.calls

    @property
    def deliveries(self) -> list[Delivery]:
        return self.driver.deliveries

    @property
    def homes(self) -> dict[str, dict[str, Any]]:
        return self.workspace.homes

    @property
    def files(self) -> dict[str, StoredFile]:
        return self._files.by_id

    @property
    def version(self) -> int:
        return self.workspace.version

    # ------------------------------------------------------------------ state API (workspace.py)
    def user(self, ref: str) -> SlackUser:
        """A user by id, name ("alice") or email."""
        return self.workspace.user(ref)

    def add_user(self, user: SlackUser) -> SlackUser:
        return self.workspace.add_user(user)

    def dm_channel(self, user: str) -> str:
        """The id of the DM between `user` and the bot (created on first use)."""
        return self.workspace.dm_channel(user)

    def messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        """Messages in a channel (or in the DM with a user), oldest first; ephemeral ones included."""
        return self.workspace.messages(channel_or_user)

    def bot_messages(self, channel_or_user: str) -> list[dict[str, Any]]:
        return self.workspace.bot_messages(channel_or_user)

    def conversation(self, user: str) -> list[dict[str, Any]]:
        """The DM between `user` and the bot (alias of messages(user))."""
        return self.workspace.messages(user)

    def home(self, user: str) -> dict[str, Any] | None:
        """The App Home view last published for the user."""
        return self.workspace.home(user)

    def views(self, user: str | None = None) -> list[dict[str, Any]]:
        """Open modals (oldest first), of one user or of everyone; each has "id", "hash", "user"."""
        return self.workspace.views(user)

    def view(self, view_id: str) -> dict[str, Any]:
        return self.workspace.view(view_id)

    def user_list(self) -> list[dict[str, Any]]:
        return self.workspace.user_list()

    def calls_to(self, method: str) -> list[Call]:
        return self.workspace.calls_to(method)

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        """``callback(user_id, kind)`` after every change; returns the unsubscribe function (workspace.py)."""
        return self.workspace.subscribe(callback)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Block until `predicate()` is truthy (re-checked after each change); return its value."""
        return self.workspace.wait_for(predicate, timeout)

    def wait_for_bot_messages(self, user: str, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot has posted at least `count` messages in the DM with `user`; return them all."""
        return self.workspace.wait_for_bot_messages(user, count, timeout)

    # ------------------------------------------------------------------ channels (workspace.py, channel_events.py)
    def add_channel(self, name: str, members: list[str] | tuple[str, ...] = (), *, bot: bool = True,
                    private: bool = False, ext_shared: bool = False, channel_id: str | None = None) -> str:
        """A channel with `members` (and the bot, unless `bot=False`); returns its id (`channel_id` when given)."""
        return self.workspace.add_channel(name, members, bot=bot, private=private, ext_shared=ext_shared,
                                          channel_id=channel_id)

    def join(self, channel: str, user: str) -> None:
        """`user` joins `channel` (BOT_USER_ID: the bot is invited)."""
        self.workspace.join(channel, user)

    def post(self, user: str, channel: str, text: str, *, thread_ts: str | None = None, bot: bool = False,
             event_id: str | None = None) -> ChannelPost:
        """`user` writes in a channel (ChannelDriver.post)."""
        return self.channel_driver.post(user, channel, text, thread_ts=thread_ts, bot=bot, event_id=event_id)

    def react(self, user: str, channel: str, ts: str, name: str = "ticket", *,
              event_id: str | None = None, to: str | None = None) -> Delivery | None:
        """`user` reacts to a channel message (ChannelDriver.react; `to`: one replica's request URL)."""
        return self.channel_driver.react(user, channel, ts, name, event_id=event_id, to=to)

    def shortcut(self, user: str, channel: str, ts: str, callback_id: str = "file_as_case") -> Delivery:
        """`user` runs a message shortcut on a message (ChannelDriver.shortcut)."""
        return self.channel_driver.shortcut(user, channel, ts, callback_id)

    # ------------------------------------------------------------------ Web API faults (web_api.py)
    def rate_limit(self, calls: int = 1, retry_after: int = 0) -> None:
        """Answer the next `calls` Web API calls with HTTP 429 and Retry-After (as Slack's rate limiter)."""
        self.web_api.rate_limit(calls, retry_after)

    def strict_rate_limits(self, per_second: float = 1.0, burst: int = 4) -> None:
        """chat.postMessage limited per channel as Slack does (429 with Retry-After past it; web_api.py)."""
        self.web_api.strict_rate_limits(per_second, burst)

    def refuse(self, method: str, error: str = "invalid_blocks", calls: int = 1) -> None:
        """Refuse the next `calls` calls of `method` that carry blocks or a view with `error`."""
        self.web_api.refuse(method, error, calls)

    def drop_connection_after(self, method: str = "chat.postMessage", calls: int = 1) -> None:
        """See WebApi.drop_connection_after: the call is carried out, then its TCP connection is aborted."""
        self.web_api.drop_connection_after(method, calls)

    def _drop_connection(self, request: Any) -> bool:
        """Abort the TCP connection `request` came on (the answer never leaves); False if it is not found."""
        server = getattr(self._web, "_server", None)        # the uvicorn.Server behind it
        client = tuple(request.scope.get("client") or ())
        for conn in list(getattr(getattr(server, "server_state", None), "connections", ()) or ()):
            transport = getattr(conn, "transport", None)
            if transport is not None and tuple(transport.get_extra_info("peername") or ())[:2] == client:
                transport.abort()
                return True
        return False

    def add_file(self, user: str, name: str, content: bytes, mimetype: str = "application/octet-stream",
                 ) -> dict[str, Any]:
        """Upload a file as `user` would; returns its file object (pass it to send_dm or a file_input)."""
        return self._files.add(user, name, content, mimetype)

    # ------------------------------------------------------------------ deliveries (driver.py)
    def send_dm(self, user: str, text: str, files: list[Any] | None = None, *,
                event_id: str | None = None) -> Delivery:
        """The user writes `text` (optionally sharing `files`: add_file objects or (name, bytes, mimetype))."""
        return self.driver.send_dm(user, text, files, event_id=event_id)

    def reply_in_thread(self, user: str, thread_ts: str, text: str, *, broadcast: bool = False,
                        event_id: str | None = None) -> Delivery:
        return self.driver.reply_in_thread(user, thread_ts, text, broadcast=broadcast, event_id=event_id)

    def thread(self, channel_or_user: str, thread_ts: str) -> list[dict[str, Any]]:
        return self.workspace.thread(channel_or_user, thread_ts)

    def top_level(self, channel_or_user: str) -> list[dict[str, Any]]:
        return self.workspace.top_level(channel_or_user)

    def open_home(self, user: str) -> Delivery:
        """The user opens the bot's App Home tab."""
        return self.driver.open_home(user)

    def deliver_event(self, event: dict[str, Any], *, event_id: str | None = None) -> Delivery:
        """Deliver any event (Events API envelope built around it)."""
        return self.driver.deliver_event(event, event_id=event_id)

    def redeliver(self, delivery: Delivery, retry_num: int = 1, reason: str = "http_timeout", *,
                  to: str | None = None) -> Delivery:
        """Send the same body again, as Slack's retries do (`to`: one replica's request URL)."""
        return self.driver.redeliver(delivery, retry_num, reason, to=to)

    def click(self, user: str, action_id: str, value: str | None = None, *,
              message: dict[str, Any] | None = None, message_ts: str | None = None,
              view_id: str | None = None, block_id: str | None = None,
              selected_option: dict[str, Any] | None = None,
              selected_values: list[str] | None = None) -> Delivery:
        """The user clicks a button or ticks checkboxes (in the newest bot message carrying it, unless told
        which; Driver.click)."""
        return self.driver.click(user, action_id, value, message=message, message_ts=message_ts, view_id=view_id,
                                 block_id=block_id, selected_option=selected_option, selected_values=selected_values)

    def find_message_with_action(self, user: str, action_id: str, value: str | None = None) -> dict[str, Any]:
        """The newest bot message in the user's DM that has a button `action_id` (with `value`, if given)."""
        return self.driver.find_message_with_action(user, action_id, value)

    def submit_view(self, user: str, view_id: str, values: dict[str, Any]) -> Delivery:
        """The user submits an open modal; the bot's answer is applied as Slack does (Driver.submit_view)."""
        return self.driver.submit_view(user, view_id, values)

    def close_view(self, user: str, view_id: str) -> Delivery | None:
        """The user closes a modal; the bot hears view_closed only if the view asked for notify_on_close."""
        return self.driver.close_view(user, view_id)

    def slash(self, user: str, command: str, text: str = "", channel: str | None = None) -> Delivery:
        """The user runs a slash command (by default in the DM with the bot)."""
        return self.driver.slash(user, command, text, channel)

    def slash_command(self, user: str, command: str = "/case", text: str = "", channel: str | None = None,
                      ) -> Delivery:
        return self.driver.slash(user, command, text, channel)

    def post_raw(self, body: str, *, content_type: str = "application/json", timestamp: int | None = None,
                 signature: str | None = None, headers: dict[str, str] | None = None) -> requests.Response:
        """Send an arbitrary body to the bot; signed correctly unless `signature`/`timestamp` say otherwise."""
        return self.driver.post_raw(body, content_type=content_type, timestamp=timestamp, signature=signature,
                                    headers=headers)
