"""Helpers for bot tests: read Salesforce state whatever CaseDesk backs the `bot` fixture."""
from __future__ import annotations

from typing import Any

import pytest

from slackui import ids
from slackui.values import CaseTarget


class Helpers:
    """`desk`: what the helpers read and write Salesforce with (default: the bot's own desk; a test that gives the
    bot a short timeout passes one with an ordinary timeout, so a slow emulator fails the bot, not the test's
    own look-ups)."""

    def __init__(self, bot: Any, desk: Any = None):
        self.bot = bot
        self._desk = desk

    @property
    def desk(self) -> Any:
        return self._desk or self.bot.desk

    def contact_id(self, user: str) -> str:
        return self.desk.find_contact(self.bot.slack.user(user).email).id

    def file_case(self, user: str, subject: str, **kw: Any) -> Any:
        return self.desk.file_case(self.contact_id(user), subject, **kw)

    def case(self, user: str, ref: str) -> Any:
        return self.desk.get_case(self.contact_id(user), ref)

    def open_cases(self, user: str) -> list[Any]:
        return self.desk.list_open_cases(self.contact_id(user))

    def comments(self, case_id: str) -> list[str]:
        return self.bot.sf_comments(case_id)

    def attachments(self, case_id: str) -> list[tuple[str, bytes]]:
        return self.bot.sf_attachments(case_id)

    def say(self, user: str, text: str, files: list | None = None, count: int = 1) -> list[dict]:
        """Send a DM and wait for `count` new bot messages; returns the new ones."""
        before = len(self.bot.slack.bot_messages(user))
        d = self.bot.slack.send_dm(user, text, files=files)
        assert d.status == 200, d.response_text
        msgs = self.bot.slack.wait_for_bot_messages(user, before + count)
        return msgs[before:]

    def click(self, user: str, action_id: str, value: str | None = None, count: int = 1, **kw: Any) -> list[dict]:
        before = len(self.bot.slack.bot_messages(user))
        d = self.bot.slack.click(user, action_id, value, **kw)
        assert d.status == 200, d.response_text
        msgs = self.bot.slack.wait_for_bot_messages(user, before + count)
        return msgs[before:]


@pytest.fixture
def h(bot: Any) -> Helpers:
    return Helpers(bot)


def buttons(message: dict) -> dict[str, str]:
    """action_id -> value of every button in a message (for a button that opens a modal, the case Id of its
    CaseTarget)."""
    return {el["action_id"]: _case_of(el["action_id"], el.get("value")) for b in message.get("blocks", [])
            if b.get("type") == "actions" for el in b["elements"]}


def _case_of(action_id: str, value: Any) -> Any:
    return CaseTarget.from_json(value).case_id if action_id in ids.OPENS_MODAL else value


def all_text(message_or_view: dict) -> str:
    """Every piece of text in a message or view, for assertions."""
    out = [message_or_view.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(node.get("text", ""))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(message_or_view.get("blocks", []))
    return "\n".join(out)


CASE_BUTTONS = set(ids.CASE_ACTIONS)
