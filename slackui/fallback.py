"""Never silent: when Slack refuses a message's blocks, the person still gets the essentials as text.

`post_message(client, channel=..., text=..., blocks=...)` posts as usual; when Slack refuses the content
(`invalid_blocks`, `msg_too_long`, `msg_blocks_too_long`, or any error that is not about the channel, the
token or the rate), it logs the refusal with the payload's shape (never its text: that is people's words) and
posts the same message again as plain text made from the blocks (case numbers, statuses, what to type next).
Used by the bot's replies and by notifications (notifications/slack.py).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.errors import SlackApiError

from slackui import fit
from slackui.pace import PACER

log = logging.getLogger("concierge.slack")

# Errors about where or as whom we post (or how fast), not about what: sending text instead cannot help.
NOT_ABOUT_CONTENT = frozenset({
    "ratelimited", "channel_not_found", "user_not_found", "not_in_channel", "is_archived", "account_inactive",
    "user_disabled", "cannot_dm_bot", "messages_tab_disabled", "restricted_action", "no_permission",
    "invalid_auth", "not_authed", "token_revoked", "missing_scope", "message_not_found", "cant_update_message",
    "expired_trigger_id", "exchanged_trigger_id", "not_found",
})

TEXT_HINT = "(I couldn't show this message with its buttons: answer in words, e.g. with a case number, or type *help*.)"


def error_of(exc: SlackApiError) -> str:
    try:
        return str(exc.response.get("error") or exc.response.status_code)
    except Exception:  # noqa: BLE001
        return str(exc)


def refused_content(exc: BaseException) -> bool:
    """True when Slack refused what was sent (so plain text may get through)."""
    return isinstance(exc, SlackApiError) and error_of(exc) not in NOT_ABOUT_CONTENT


def post_message(client: Any, *, channel: str, text: str, blocks: Sequence[dict[str, Any]] | None,
                 paced: bool = True, **kwargs: Any) -> Any:
    """chat.postMessage, paced per channel (slackui/pace.py; `paced=False`: the caller paces); on a refusal of the
    content, logged, the same message as plain text."""
    if paced:
        PACER.wait(channel)
    try:
        return client.chat_postMessage(channel=channel, text=text, blocks=blocks, **kwargs)
    except SlackApiError as exc:
        if not blocks or not refused_content(exc):
            raise
        log_refusal("chat.postMessage", exc, text=text, blocks=blocks)
        if paced:
            PACER.wait(channel)
        return client.chat_postMessage(channel=channel, text=as_text(text, blocks), **kwargs)


def open_view(client: Any, *, trigger_id: str, view: dict[str, Any]) -> Any:
    """views.open; a refusal of the view is logged with its shape, then raised (the caller answers in text)."""
    try:
        return client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        if refused_content(exc):
            log_refusal("views.open", exc, view=view)
        raise


def respond(send: Any, *, text: str, blocks: Sequence[dict[str, Any]] | None, **kwargs: Any) -> Any:
    """A reply through a response_url (Bolt's `respond`); webhooks refuse with HTTP 400 and the error as text
    (`invalid_blocks`) rather than raising: logged, and the same message sent again as plain text."""
    resp = send(text=text, blocks=blocks, **kwargs)
    status = getattr(resp, "status_code", 200)
    if status == 200 or not blocks:
        return resp
    log.error("Slack refused response_url: %s %s; payload: %s", status, str(getattr(resp, "body", ""))[:200],
              shape(text=text, blocks=blocks))
    return send(text=as_text(text, blocks), **kwargs)


def log_refusal(method: str, exc: BaseException, *, text: str | None = None, blocks: Any = None,
                view: dict[str, Any] | None = None) -> None:
    response = getattr(exc, "response", None)
    messages = ((response.get("response_metadata") or {}).get("messages") or []) if response else []
    log.error("Slack refused %s: %s %s; payload: %s", method, error_of(exc) if isinstance(exc, SlackApiError) else exc, "; ".join(messages)[:2000],
              shape(text=text, blocks=blocks if view is None else view.get("blocks"), view=view))


def shape(*, text: str | None = None, blocks: Any = None, view: dict[str, Any] | None = None) -> str:
    """What a payload is made of, without its words: `text 40 chars; 5 blocks (2,310 chars of text):
    section(text 1,275) actions(pick_case:0 pick_case:1) ...`."""
    parts = []
    if view is not None:
        parts.append(f"view {view.get('type')} callback_id={view.get('callback_id')!r}")
    if text is not None:
        parts.append(f"text {fit.slack_len(text):,} chars")
    if isinstance(blocks, list):
        inner = " ".join(_block_shape(b) for b in blocks)
        parts.append(f"{len(blocks)} blocks ({fit.block_text(blocks):,} chars of text): {inner}")
    return "; ".join(parts)


def _block_shape(b: Any) -> str:
    if not isinstance(b, dict):
        return "?"
    kind = b.get("type", "?")
    bits = []
    if isinstance(b.get("text"), dict):
        bits.append(f"text {fit.slack_len(str(b['text'].get('text', ''))):,}")
    if isinstance(b.get("fields"), list):
        bits.append("fields " + ",".join(str(fit.slack_len(str(f.get("text", "")))) for f in b["fields"]
                                         if isinstance(f, dict)))
    if isinstance(b.get("elements"), list):
        bits.append(" ".join(str(e.get("action_id") or e.get("type")) for e in b["elements"] if isinstance(e, dict)))
    if b.get("block_id"):
        bits.append(f"id={b['block_id']}")
    return f"{kind}({'; '.join(bits)})"


def as_text(text: str, blocks: Sequence[dict[str, Any]]) -> str:
    """The message as plain text: every section, field and context line of the blocks (already escaped
    mrkdwn), the buttons' labels, then how to go on without buttons; within Slack's text limits."""
    lines: list[str] = []
    for b in blocks:
        if not isinstance(b, dict):
            continue
        if isinstance(b.get("text"), dict) and b["text"].get("text"):
            lines.append(str(b["text"]["text"]))
        fields = [str(f.get("text", "")).replace("\n", ": ", 1) for f in b.get("fields") or [] if isinstance(f, dict)]
        if fields:
            lines.append(" · ".join(fields))
        if b.get("type") == "context":
            lines += [str(e.get("text")) for e in b.get("elements") or [] if isinstance(e, dict) and e.get("text")]
        labels = [str((e.get("text") or {}).get("text", "")) for e in b.get("elements") or []
                  if isinstance(e, dict) and e.get("type") == "button"]
        if b.get("type") == "actions" and labels:
            lines.append("Options: " + " / ".join(fit.escape(label) for label in labels))
    body = "\n".join(lines) or fit.escape(text)
    return fit.clip(body, fit.MESSAGE_TEXT - len(TEXT_HINT) - 1) + "\n" + TEXT_HINT
