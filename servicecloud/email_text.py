"""The new text of an email reply: without the quoted history, the signature or the Email-to-Case thread id.

Agents answer from Salesforce's email composer, which quotes the conversation below the reply ("On <date>,
<name> wrote:", Outlook's "From: ... Sent: ..." header block, "--- Original Message ---", lines starting
with ">") and may add a signature after the standard "-- " delimiter (RFC 3676, section 4.3). Pure: text in,
text out.
"""
from __future__ import annotations

import html
import re

_QUOTE_HEADERS = (
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),     # Gmail, Apple Mail, Salesforce
    re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),                                                # Outlook's rule above From:
    re.compile(r"^\s*(From|De|Von):\s.+$", re.IGNORECASE),                       # Outlook header block
)
_SIGNATURE = re.compile(r"^(--|-- |—)\s*$")
_SENT_FROM = re.compile(r"^\s*Sent from my \w+", re.IGNORECASE)
_THREAD_ID = re.compile(r"\s*(ref:_?[\w.]+:ref|thread::[\w-]+::)\s*", re.IGNORECASE)
_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
_QUOTED_HTML = re.compile(r"<(blockquote|div class=\"gmail_quote\")[\s\S]*$", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body: quoted parts (blockquote, Gmail's quote) dropped, tags removed."""
    text = _QUOTED_HTML.sub("", markup)
    text = re.sub(r"<(style|script)\b[\s\S]*?</\1\s*>", "", text, flags=re.IGNORECASE)
    text = _BLOCK_TAGS.sub("\n", text)
    return html.unescape(_TAGS.sub("", text))


def fresh_text(text_body: str | None, html_body: str | None = None) -> str:
    """What the sender wrote this time: the text body (or the HTML one as text) cut before the quoted history
    and the signature, thread ids removed, blank runs squeezed."""
    text = text_body if text_body and text_body.strip() else html_to_text(html_body or "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        two = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")     # "On ..., X <x@y>\nwrote:"
        if line.lstrip().startswith(">") or _SIGNATURE.match(line) or _SENT_FROM.match(line):
            break
        if any(p.match(line) for p in _QUOTE_HEADERS) or (
                line.strip().lower().startswith("on ") and _QUOTE_HEADERS[0].match(two)):
            break
        kept.append(_THREAD_ID.sub(" ", line).rstrip())
    out = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", out)
