"""Acceptance fixtures: the whole product as it runs (Bolt over signed HTTP, the Slack stand-in, the Salesforce
emulator, the store, the outbox flusher), driven from outside. Reuses tests/plugins (`bot`, `slack`, `sf`, ...)
and the bot tests' helpers (`Helpers`: say / click / read Salesforce)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.bot.conftest import Helpers, all_text, buttons  # noqa: F401 - re-exported for the tests

NOT_FOUND = "couldn't find"


@pytest.fixture
def h(bot: Any) -> Helpers:
    return Helpers(bot)


class Outbox:
    """The outbox as operations see it: entries in the store, and the flusher that delivers them."""

    def __init__(self, bot: Any):
        from notifications import Messenger, OutboxFlusher
        self.bot = bot
        self.flusher = OutboxFlusher(store=bot.store, desk=bot.desk, holder="acceptance",
                                     messenger=Messenger(bot.app.client, per_conversation_interval=0))

    def entries(self, status: str | None = None) -> list[Any]:
        return self.bot.store.outbox_entries(status=status)

    def make_due(self) -> None:
        """Skip the backoff wait of entries put back after a failed attempt (the test's clock)."""
        from sqlalchemy import update

        from store import schema
        with self.bot.store.engine.begin() as conn:
            conn.execute(update(schema.outbox).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))

    def flush(self) -> Any:
        self.make_due()
        return self.flusher.run_once()


@pytest.fixture
def outbox(bot: Any) -> Iterator[Outbox]:
    yield Outbox(bot)


def say(h: Helpers, user: str, text: str) -> dict:
    """Send a DM and return the single reply (fails if the bot answers with more or nothing)."""
    [reply] = h.say(user, text)
    return reply


def salesforce_snapshot(bot: Any) -> list[tuple]:
    """Every Case and CaseComment in the org (as the integration user sees them): compare before/after to
    prove nothing was written."""
    client = bot.sf.salesforce("integration")
    try:
        cases = client.query_all("SELECT Id, Subject, Description, Status, IsClosed, LastModifiedDate FROM Case "
                                 "ORDER BY Id")["records"]
        comments = client.query_all("SELECT Id, ParentId, CommentBody FROM CaseComment ORDER BY Id")["records"]
    finally:
        client.session.close()
    strip = lambda r: tuple(sorted((k, v) for k, v in r.items() if k != "attributes"))  # noqa: E731
    return [strip(r) for r in cases] + [strip(r) for r in comments]
