"""Slack's Block Kit rules, as the Slack stand-in enforces them (and as the tests assert them).

One validator for messages (`chat.postMessage`, `chat.update`, `chat.postEphemeral`) and views (`views.open`,
`views.push`, `views.update`, `views.publish`). Every figure below is from Slack's reference; the sources are
listed in sandbox/slack/README.md ("Block Kit rules"). Where Slack's wording is known it is reproduced
(`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`).

Lengths are counted in UTF-16 code units (an emoji outside the Basic Multilingual Plane counts 2), which is
never more lenient than counting characters.

    problems = message_problems(blocks, text)     # [] when Slack would accept it
    refusal = check_message(blocks, text)          # None, or Refusal(error, messages)
    refusal = check_view(view)
"""
from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

# --- limits (see README.md for the source of each)
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000            # `text` argument of a message
MESSAGE_BLOCK_TEXT = 11_000      # all text of a message's blocks together (msg_blocks_too_long; observed, see README)
ID = 255                         # block_id, action_id, callback_id
TEXT_OBJECT = 3_000              # any text object (min 1)
SECTION_TEXT = 3_000
SECTION_FIELDS = 10
FIELD_TEXT = 2_000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2_000
URL = 3_000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100
PLACEHOLDER = 150
INPUT_LABEL = 2_000
INPUT_HINT = 2_000
TEXT_INPUT_MAX = 3_000
VIEW_TITLE = 24                  # title, submit, close
PRIVATE_METADATA = 3_000

KNOWN_BLOCKS = {"section", "header", "context", "actions", "divider", "input", "image", "rich_text"}


def slack_len(text: str) -> int:
    """Length as Slack counts it here: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(frozen=True)
class Refusal:
    """What Slack answers instead of `ok: true`: the error code and `response_metadata.messages`."""

    error: str
    messages: tuple[str, ...]

    def body(self) -> dict[str, Any]:
        plain = [m.removeprefix("[ERROR] ") for m in self.messages]
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["errors"] = plain
            body["response_metadata"] = {"messages": list(self.messages)}
        return body


def check_message(blocks: Any, text: Any = None) -> Refusal | None:
    """None when Slack would post this message; else the refusal (invalid_blocks, msg_too_long,
    msg_blocks_too_long)."""
    if isinstance(text, str) and slack_len(text) > MESSAGE_TEXT:
        return Refusal("msg_too_long", ())
    if blocks is None:
        return None
    problems = list(_blocks(blocks, "/blocks", MESSAGE_BLOCKS))
    if problems:
        return Refusal("invalid_blocks", tuple(problems))
    if sum(slack_len(t) for t in _texts(blocks)) > MESSAGE_BLOCK_TEXT:
        return Refusal("msg_blocks_too_long", ())
    return None


def check_view(view: Any) -> Refusal | None:
    """None when Slack would open/publish this view; else `invalid_arguments` with the messages."""
    problems = list(_view(view))
    return Refusal("invalid_arguments", tuple(problems)) if problems else None


def message_problems(blocks: Any, text: Any = None) -> list[str]:
    """Every reason Slack would refuse the message ([] when it would post it)."""
    refusal = check_message(blocks, text)
    return [] if refusal is None else list(refusal.messages) or [refusal.error]


def view_problems(view: Any) -> list[str]:
    refusal = check_view(view)
    return [] if refusal is None else list(refusal.messages)


# --------------------------------------------------------------------------- the rules
def _err(message: str, pointer: str) -> str:
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def _too_long(value: Any, limit: int, pointer: str) -> Iterator[str]:
    if not isinstance(value, str):
        yield _err("must be a string", pointer)
    elif slack_len(value) > limit:
        yield _err(f"must be less than {limit + 1} characters", pointer)


def _text(obj: Any, pointer: str, limit: int = TEXT_OBJECT, *, plain_only: bool = False) -> Iterator[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        yield _err("failed to match all allowed schemas", pointer)
        return
    if plain_only and obj["type"] != "plain_text":
        yield _err("must be a plain_text text object", pointer + "/type")
    text = obj.get("text")
    if not isinstance(text, str) or text == "":
        yield _err("must be more than 0 characters", pointer + "/text")
        return
    yield from _too_long(text, min(limit, TEXT_OBJECT), pointer + "/text")


def _id(value: Any, pointer: str) -> Iterator[str]:
    if value is not None:
        yield from _too_long(value, ID, pointer)


def _blocks(blocks: Any, pointer: str, max_blocks: int) -> Iterator[str]:
    if not isinstance(blocks, list):
        yield _err("must be an array", pointer)
        return
    if len(blocks) > max_blocks:
        yield _err(f"must contain at most {max_blocks} items", pointer)
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        p = f"{pointer}/{i}"
        if not isinstance(block, dict) or block.get("type") not in KNOWN_BLOCKS:
            yield _err("failed to match all allowed schemas", p)
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            yield from _id(block_id, p + "/block_id")
            if block_id in seen:
                yield _err(f"duplicate block_id \"{block_id}\": must be unique within the message or view",
                           p + "/block_id")
            seen.add(block_id)
        yield from _BLOCK_RULES.get(block["type"], _nothing)(block, p)


def _nothing(block: dict[str, Any], pointer: str) -> Iterator[str]:
    return iter(())


def _section(block: dict[str, Any], p: str) -> Iterator[str]:
    if "text" not in block and "fields" not in block:
        yield _err("must provide text or fields", p)
    if "text" in block:
        yield from _text(block["text"], p + "/text", SECTION_TEXT)
    if "fields" in block:
        fields = yield from _array(block["fields"], p + "/fields", SECTION_FIELDS)
        for j, f in enumerate(fields):
            yield from _text(f, f"{p}/fields/{j}", FIELD_TEXT)
    if "accessory" in block:
        yield from _element(block["accessory"], p + "/accessory")


def _header(block: dict[str, Any], p: str) -> Iterator[str]:
    yield from _text(block.get("text"), p + "/text", HEADER_TEXT, plain_only=True)


def _array(value: Any, path: str, limit: int) -> Generator[str, None, list[Any]]:
    """Slack's check of an array of items (present, not empty, at most `limit`); returns the items to check
    further, none when it is not a non-empty array."""
    if not isinstance(value, list) or not value:
        yield _err("must be a non-empty array", path)
        return []
    if len(value) > limit:
        yield _err(f"must contain at most {limit} items", path)
    return value


def _context(block: dict[str, Any], p: str) -> Iterator[str]:
    elements = yield from _array(block.get("elements"), p + "/elements", CONTEXT_ELEMENTS)
    for j, el in enumerate(elements):
        if isinstance(el, dict) and el.get("type") == "image":
            continue
        yield from _text(el, f"{p}/elements/{j}")


def _actions(block: dict[str, Any], p: str) -> Iterator[str]:
    elements = yield from _array(block.get("elements"), p + "/elements", ACTIONS_ELEMENTS)
    seen: set[str] = set()
    for j, el in enumerate(elements):
        yield from _element(el, f"{p}/elements/{j}")
        action_id = el.get("action_id") if isinstance(el, dict) else None
        if action_id is not None:
            if action_id in seen:
                yield _err(f"duplicate action_id \"{action_id}\": must be unique within the block",
                           f"{p}/elements/{j}/action_id")
            seen.add(action_id)


def _input(block: dict[str, Any], p: str) -> Iterator[str]:
    yield from _text(block.get("label"), p + "/label", INPUT_LABEL, plain_only=True)
    if "hint" in block:
        yield from _text(block["hint"], p + "/hint", INPUT_HINT, plain_only=True)
    if not isinstance(block.get("element"), dict):
        yield _err("is required", p + "/element")
    else:
        yield from _element(block["element"], p + "/element")


_BLOCK_RULES = {"section": _section, "header": _header, "context": _context, "actions": _actions,
                "input": _input}


def _element(el: Any, p: str) -> Iterator[str]:
    if not isinstance(el, dict) or not isinstance(el.get("type"), str):
        yield _err("failed to match all allowed schemas", p)
        return
    yield from _id(el.get("action_id"), p + "/action_id")
    if "placeholder" in el:
        yield from _text(el["placeholder"], p + "/placeholder", PLACEHOLDER, plain_only=True)
    kind = el["type"]
    if kind == "button":
        yield from _text(el.get("text"), p + "/text", BUTTON_TEXT, plain_only=True)
        if "value" in el:
            yield from _too_long(el["value"], BUTTON_VALUE, p + "/value")
        if "url" in el:
            yield from _too_long(el["url"], URL, p + "/url")
        if el.get("style") not in (None, "primary", "danger"):
            yield _err("must be one of primary, danger", p + "/style")
    elif kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        yield from _options(el, p)
    elif kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            if key in el:
                low = 1 if key == "max_length" else 0
                if not isinstance(el[key], int) or not low <= el[key] <= TEXT_INPUT_MAX:
                    yield _err(f"must be between {low} and {TEXT_INPUT_MAX}", f"{p}/{key}")


def _options(el: dict[str, Any], p: str) -> Iterator[str]:
    options = yield from _array(el.get("options"), p + "/options", OPTIONS)
    values = []
    for j, opt in enumerate(options):
        q = f"{p}/options/{j}"
        if not isinstance(opt, dict):
            yield _err("failed to match all allowed schemas", q)
            continue
        yield from _text(opt.get("text"), q + "/text", OPTION_TEXT)
        yield from _too_long(opt.get("value"), OPTION_VALUE, q + "/value")
        values.append(opt.get("value"))
    initial = el.get("initial_option")
    if initial is not None and (not isinstance(initial, dict) or initial.get("value") not in values):
        yield _err("must match one of the options", p + "/initial_option")


def _view(view: Any) -> Iterator[str]:
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        yield _err("failed to match all allowed schemas", "/view")
        return
    if view["type"] == "modal":
        if "title" not in view:
            yield _err("is required", "/view/title")
        for key in ("title", "submit", "close"):
            if key in view:
                yield from _text(view[key], f"/view/{key}", VIEW_TITLE, plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and "submit" not in view:
            yield _err("submit is required when the view has input blocks", "/view/submit")
    if "private_metadata" in view:
        yield from _too_long(view["private_metadata"], PRIVATE_METADATA, "/view/private_metadata")
    if "callback_id" in view:
        yield from _too_long(view["callback_id"], ID, "/view/callback_id")
    yield from _blocks(view.get("blocks"), "/view/blocks", VIEW_BLOCKS)


def _texts(node: Any) -> Iterator[str]:
    """Every text object's text in a tree of blocks (what msg_blocks_too_long counts, as far as is known)."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
