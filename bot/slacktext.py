"""Slack's message markup -> the plain text a person typed (what is parsed and filed in Salesforce).

Slack escapes `&`, `<` and `>` in message text and wraps links, mentions and channels in angle brackets:
`<https://x.example|x.example>`, `<mailto:a@b.example|a@b.example>`, `<@U123>`, `<#C123|general>`, `<!here>`.
"""
from __future__ import annotations

import re
from typing import Any

from slackui.fit import unescape

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def _replace(m: re.Match[str]) -> str:
    target, label = m.group(1), m.group(2)
    if target.startswith("@"):                      # user mention
        return "@" + (label or target[1:])
    if target.startswith("#"):                      # channel
        return "#" + (label or target[1:])
    if target.startswith("!"):                      # <!here>, <!channel>, <!subteam^ID|@team>, <!date^...|text>
        if label:
            return label
        return "@" + target[1:].split("^", 1)[0]
    if target.startswith("mailto:"):
        return label or target[len("mailto:"):]
    if label and label not in target:               # a link with its own text: keep both
        return f"{label} ({target})"
    return target                                   # a URL (auto-linked or labelled with itself)


def to_plain(text: str | None) -> str:
    """Undo Slack's markup: links to their URL, mentions to @name, then the three escapes."""
    if not text:
        return ""
    return unescape(_MARKUP.sub(_replace, text))


def shared_texts(event: dict[str, Any]) -> list[str]:
    """The text of each message the person forwarded or shared in theirs (attachments Slack marks `is_share` or
    `is_msg_unfurl`, their `text`, else `fallback`); link previews and app attachments are not the person's."""
    out = []
    for a in event.get("attachments") or []:
        if isinstance(a, dict) and (a.get("is_share") or a.get("is_msg_unfurl")):
            text = to_plain(a.get("text") if isinstance(a.get("text"), str) and a.get("text") else
                            a.get("fallback") if isinstance(a.get("fallback"), str) else "")
            if text.strip():
                out.append(text.strip())
    return out


def message_text(event: dict[str, Any]) -> str:
    """What a message says: the person's own words, then the text of any message they forwarded with it (a
    forward with no comment is read as what it forwards)."""
    own = to_plain(event.get("text") if isinstance(event.get("text"), str) else "").strip()
    return "\n\n".join(part for part in (own, *shared_texts(event)) if part)
