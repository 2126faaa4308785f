"""Slack fixtures: `slack` (the Slack stand-in) and `bot` (the real Bolt app served over HTTP, wired to the
stand-in, a store and a CaseDesk on the Salesforce emulator).

    def test_something(bot):
        bot.slack.send_dm("alice", "my vpn is broken")
        replies = bot.slack.wait_for_bot_messages("alice", 1)
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

SIGNING_SECRET = "test-signing-secret-8f3a"
BOT_TOKEN = "xoxb-test-concierge-token"


@dataclass
class BotHarness:
    """Everything a bot test needs, already running."""

    slack: Any          # sandbox.slack.SlackStandIn
    app: Any            # slack_bolt.App
    desk: Any           # servicecloud.CaseDesk (or the in-memory fake until the emulator exists)
    store: Any          # store.Store
    settings: Any       # bot.settings.Settings
    server: Any         # bot.web.BackgroundServer
    sf: Any = None      # the Salesforce emulator server, when the real desk is used

    @property
    def events_url(self) -> str:
        return self.server.url + "/slack/events"


@pytest.fixture
def slack() -> Iterator[Any]:
    from sandbox.slack import SlackStandIn
    stand_in = SlackStandIn(SIGNING_SECRET, BOT_TOKEN).start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


def _has_fixture(request: pytest.FixtureRequest, name: str) -> bool:
    try:
        request._fixturemanager.getfixturedefs(name, request.node)  # noqa: SLF001
    except Exception:  # noqa: BLE001
        return False
    return bool(request._fixturemanager.getfixturedefs(name, request.node))  # noqa: SLF001


def make_settings(slack_api_url: str, **overrides: Any) -> Any:
    from bot.settings import Settings
    values = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": None,
              "SLACK_API_URL": slack_api_url, "RUN_POLLER": False, "LISTENER_THREADS": 8, **overrides}
    return Settings(_env_file=None, **values)


@pytest.fixture
def bot(request: pytest.FixtureRequest, slack: Any, store: Any) -> Iterator[BotHarness]:
    from bot.app import create_app
    from bot.web import BackgroundServer, create_web_app

    settings = make_settings(slack.api_url)
    sf = None
    if _has_fixture(request, "desk"):
        desk = request.getfixturevalue("desk")
        sf = request.getfixturevalue("sf_emulator") if _has_fixture(request, "sf_emulator") else None
    else:
        from tests.bot.fakes import FakeDesk
        desk = FakeDesk(settings.org)
    app = create_app(settings, store=store, desk=desk)
    server = BackgroundServer(create_web_app(app)).start()
    slack.events_url = server.url + "/slack/events"
    try:
        yield BotHarness(slack=slack, app=app, desk=desk, store=store, settings=settings, server=server, sf=sf)
    finally:
        server.stop()
        app.listener_runner.listener_executor.shutdown(wait=False, cancel_futures=True)
