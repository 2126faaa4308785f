"""Block Kit primitives: text objects, buttons and the blocks that hold them, each clipped to Slack's limit.

Callers escape what a person wrote (`fit.escape` / `fit.fit`) before it goes into mrkdwn; these builders
only clip, with `fit.clip`, which never cuts an escape, a `<...>` markup or a surrogate pair.
"""
from __future__ import annotations

from typing import Any

from slackui import fit

Block = dict[str, Any]


def plain(text: str, limit: int = fit.BUTTON_TEXT) -> dict[str, Any]:
    """A plain_text object (button labels by default: 75)."""
    return {"type": "plain_text", "text": fit.clip(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = fit.SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": fit.clip(text, limit) or " "}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": mrkdwn(text), **extra}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def numbered(action_id: str, i: int) -> str:
    """`pick_case:3`: the action_id of the i-th button of a kind in one block (Slack wants them unique);
    the listener matches `ids.any_of(action_id)`, so buttons posted before numbering still work."""
    return f"{action_id}:{i}"


def button(action_id: str, text: str, value: str, *, style: str | None = None) -> dict[str, Any]:
    b: dict[str, Any] = {"type": "button", "action_id": action_id, "text": plain(text), "value": value}
    if style:
        b["style"] = style
    return b


def actions(block_id: str | None, *elements: dict[str, Any]) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block
