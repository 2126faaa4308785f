"""Text that fits Slack's limits: escaping for mrkdwn and clipping that never breaks what it cuts.

Slack's limits are on the text it receives, i.e. *after* escaping (`&` becomes `&amp;`, five characters), and
are counted here in UTF-16 code units (an emoji such as 😀 counts 2), which is never more than Slack
counts. `clip` never cuts inside an escape (`&amp;`), inside a `<link|label>` / `<@U123>` markup, or between
the two halves of a surrogate pair.

The figures (and their sources in Slack's reference) are listed in sandbox/slack/README.md.
"""
from __future__ import annotations

import re
from typing import Any

SECTION_TEXT = 3000          # section text / any text object
FIELD_TEXT = 2000            # each of a section's fields
BUTTON_TEXT = 75             # button label, option text
HEADER_TEXT = 150
OPTION_VALUE = 150
MESSAGE_TEXT = 3000          # what we allow ourselves in a message's `text` (Slack's hard limit is 40,000)
MESSAGE_BLOCK_TEXT = 9000    # all text of a message's blocks (Slack refuses from about 11,000: msg_blocks_too_long)

ELLIPSIS = "…"
_MARKUP = re.compile(r"&(?:amp|lt|gt);|<[^<>]*>")


def slack_len(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def escape(text: str | None) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo `escape` (and Slack's own escaping of a typed message): `&lt;` -> `<`, `&gt;` -> `>`, `&amp;` -> `&`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clip(text: str, limit: int) -> str:
    """`text` if it fits in `limit`, else its longest head that fits with "…" after it, cut only between
    whole characters, whole escapes and whole `<...>` markups (and with trailing spaces dropped)."""
    if slack_len(text) <= limit:
        return text
    budget = limit - slack_len(ELLIPSIS)
    units, end = 0, 0
    for m in _tokens(text):
        size = slack_len(m)
        if units + size > budget:
            break
        units += size
        end += len(m)
    return text[:end].rstrip() + ELLIPSIS


def fit(text: str | None, limit: int) -> str:
    """Escape what a person wrote, then clip it to `limit` as Slack counts it."""
    return clip(escape(text), limit)


def _tokens(text: str):
    """Characters, escapes and `<...>` markups, in order."""
    pos = 0
    for m in _MARKUP.finditer(text):
        yield from text[pos:m.start()]
        yield m.group(0)
        pos = m.end()
    yield from text[pos:]


def block_text(blocks: Any) -> int:
    """All text of a tree of blocks, as Slack counts it (what `msg_blocks_too_long` is about)."""
    if isinstance(blocks, dict):
        own = slack_len(blocks["text"]) if blocks.get("type") in ("plain_text", "mrkdwn") and \
            isinstance(blocks.get("text"), str) else 0
        return own + sum(block_text(v) for v in blocks.values() if isinstance(v, (dict, list)))
    if isinstance(blocks, list):
        return sum(block_text(b) for b in blocks)
    return 0


def cut_words(text: str, limit: int) -> str:
    """`text` (as a person wrote it) cut to about `limit` characters at a sentence or word boundary, with "…"
    when cut: for quoting a comment on a card."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    if end >= limit // 2:
        return head[: end + 1].rstrip() + " " + ELLIPSIS
    return (head.rsplit(" ", 1)[0] if " " in head else head).rstrip(" ,;:") + ELLIPSIS


def quote(text: str, limit: int) -> str:
    """What a person wrote as an escaped mrkdwn block quote, cut sensibly at about `limit` characters."""
    body = cut_words(text, limit)
    return "\n".join("> " + escape(line) if line.strip() else ">" for line in body.splitlines()) or ">"
