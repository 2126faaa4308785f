"""Slack fixtures: `slack` (the Slack stand-in) and `bot` (the real Bolt app served over HTTP, wired to the
stand-in, a store and a CaseDesk on the Salesforce emulator).

    def test_something(bot):
        bot.slack.send_dm("alice", "my vpn is broken")
        replies = bot.slack.wait_for_bot_messages("alice", 1)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

SIGNING_SECRET = "test-signing-secret-8f3a"
BOT_TOKEN = "xoxb-test-concierge-token"


@dataclass
class BotHarness:
    """Everything a bot test needs, already running."""

    slack: Any          # sandbox.slack.SlackStandIn
    runtime: Any        # runtime.root.Runtime: the parts, as `concierge run` builds them
    server: Any         # runtime.serving.BackgroundServer
    sf: Any = None      # the Salesforce emulator server (sandbox.salesforce.EmulatorServer)

    @property
    def app(self) -> Any:          # the Bolt app (bot.app.ConciergeApp)
        return self.runtime.app

    @property
    def desk(self) -> Any:         # servicecloud.CaseDesk on the Salesforce emulator
        return self.runtime.desk

    @property
    def store(self) -> Any:        # store.Store
        return self.runtime.store

    @property
    def settings(self) -> Any:     # runtime.settings.Settings
        return self.runtime.settings

    @property
    def metrics(self) -> Any:      # runtime.metrics.Metrics of this app (also served at server.url + "/metrics")
        return self.runtime.metrics

    @property
    def events_url(self) -> str:
        return self.server.url + "/slack/events"

    def sf_comments(self, case_id: str, published: bool = True) -> list[str]:
        """Bodies of the case's CaseComments (public ones by default), oldest first, read from the emulator."""
        from simple_salesforce import format_soql
        client = self.sf.salesforce("integration")
        try:
            rows = client.query_all(format_soql(
                "SELECT CommentBody FROM CaseComment WHERE ParentId = {} AND IsPublished = {} "
                "ORDER BY CreatedDate", case_id, published))["records"]
        finally:
            client.session.close()
        return [r["CommentBody"] for r in rows]

    def sf_attachments(self, case_id: str) -> list[tuple[str, bytes]]:
        """(name, content) of the case's Attachments, read from the emulator as the integration user."""
        from simple_salesforce import format_soql
        client = self.sf.salesforce("integration")
        try:
            rows = client.query_all(format_soql(
                "SELECT Id, Name FROM Attachment WHERE ParentId = {} ORDER BY CreatedDate", case_id))["records"]
            out = []
            for r in rows:
                url = f"{client.base_url}sobjects/Attachment/{r['Id']}/Body"
                resp = client.session.get(url, headers=client.headers)
                resp.raise_for_status()
                out.append((r["Name"], resp.content))
            return out
        finally:
            client.session.close()


@pytest.fixture
def slack() -> Iterator[Any]:
    from sandbox.slack import SlackStandIn
    stand_in = SlackStandIn(SIGNING_SECRET, BOT_TOKEN).start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


def make_settings(slack_api_url: str, **overrides: Any) -> Any:
    from runtime.settings import Settings
    values = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": None,
              "SLACK_API_URL": slack_api_url, "RUN_POLLER": False, "LISTENER_THREADS": 8,
              # tests count the bot's messages: the "still on it" notice only where a test asks for it
              "SLOW_REPLY_NOTICE_SECONDS": 0, **overrides}
    return Settings(_env_file=None, **values)


def serve_bot(slack: Any, settings: Any, store: Any, desk: Any, sf: Any) -> Iterator[BotHarness]:
    """The bot's runtime built with `settings` on `store` and `desk`, served over HTTP and wired to the stand-in's
    deliveries, for as long as the caller's fixture lasts."""
    from runtime.serving import BackgroundServer
    from runtime.root import build
    runtime = build(settings, store=store, desk=desk)
    server = BackgroundServer(runtime.web_app()).start()
    slack.events_url = server.url + "/slack/events"
    try:
        yield BotHarness(slack=slack, runtime=runtime, server=server, sf=sf)
    finally:
        server.stop()
        runtime.close()


def serve_replicas(slack: Any, pg_url: str, desk: Callable[[], Any], count: int = 2,
                   **settings: Any) -> Iterator[list[Any]]:
    """`count` replicas of the bot (each its own runtime, HTTP server and desk from `desk()`) on one PostgreSQL store
    at `pg_url`, as `(runtime, store, server)`; the stand-in delivers to the first unless told otherwise."""
    from runtime.root import build
    from runtime.serving import BackgroundServer
    from store import Store
    running: list[Any] = []
    try:
        for _ in range(count):
            store = Store(pg_url)
            runtime = build(make_settings(slack.api_url, **settings), store=store, desk=desk())
            running.append((runtime, store, BackgroundServer(runtime.web_app()).start()))
        slack.events_url = running[0][2].url + "/slack/events"
        yield running
    finally:
        for runtime, store, server in running:
            server.stop()
            runtime.close()
            store.close()


@pytest.fixture
def bot(request: pytest.FixtureRequest, slack: Any, store: Any) -> Iterator[BotHarness]:
    from sandbox.slack import SlackUser
    marker = request.node.get_closest_marker("bot_settings")
    settings = make_settings(slack.api_url, **(marker.kwargs if marker else {}))
    # Fresh contacts per test ("amy", "ben"), so seeded cases never leak into assertions;
    # alice..dan keep their seed contacts and erin has none, as in the sandbox.
    desk = request.getfixturevalue("desk")
    sf = request.getfixturevalue("sf")
    for name, contact in (("amy", request.getfixturevalue("employee")),
                          ("ben", request.getfixturevalue("other_employee"))):
        slack.add_user(SlackUser(f"U0{name.upper()}", name, contact.name or name, contact.email))
    yield from serve_bot(slack, settings, store, desk, sf)
