"""Notification cards: pure functions from a ledger payload to (fallback text, Block Kit blocks).

The payload is the ledger row's JSON, read as its kind's snapshot (notifications/snapshots.py), so rows written
by any earlier version render.

The case's title, status line and buttons are the one case card's (slackui/card.py): every button uses an
action id of slackui/ids.py and carries the case Id as its value; the bot handles the click and re-checks
ownership, so a card keeps working however old it is. Text that came from people (subjects, comment bodies,
names) is escaped before it goes into mrkdwn.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from notifications import rules
from notifications.snapshots import CommentSnapshot, FileRef, NudgeSnapshot, Snapshot, StatusSnapshot
from servicecloud.config import CanonicalState
from slackui import card, ids
from slackui.blocks import Block, button, context, section
from slackui.fit import escape, quote, slack_len
from slackui.labels import BUTTON_LABELS

_QUOTE_LIMIT = 1500            # a comment longer than this is cut on the card (the full text is in the case)
_ASK_LIMIT = 600               # the agent's question on a "waiting for you" card

# How an agent's reply came (payload "channel", see rules): (verb on the card, noun in the banner text).
REPLY_WORDS = {"email": ("emailed you about", "email"), "feed": ("posted on", "post"),
               "file": ("attached a file to", "file")}
_MAX_FILES = 10

ORIGIN_WORDS = {"email": "by email", "web": "on the web portal", "phone": "by phone", "chat": "in a chat"}


def _buttons(kind: str, case_id: str, action_ids: tuple[str, ...]) -> Block:
    return card.buttons(case_id, action_ids, block_id=f"notify:{kind}:{case_id}")


def case_label(p: Snapshot) -> str:
    """`*00001234* · VPN drops` (linked to Salesforce when a URL is known), escaped."""
    return card.title(p.case_number or "(no number)", p.subject, p.url)


def _status_context(p: Snapshot) -> Block | None:
    """The case's status line, when the payload knows its status."""
    if not p.status:
        return None
    return context(card.status_line(p.status, p.state, p.assignee))


def _file_list(files: Sequence[FileRef]) -> str:
    """`:paperclip: <url|name>` lines (names escaped), at most _MAX_FILES."""
    lines = []
    for f in files[:_MAX_FILES]:
        name = escape(f.name) or "file"
        lines.append(f":paperclip: <{f.url}|{name}>" if f.url else f":paperclip: {name}")
    if len(files) > _MAX_FILES:
        lines.append(f"and {len(files) - _MAX_FILES} more in the case")
    return "\n".join(lines)


def _origin_words(origin: str | None) -> str:
    if not origin:
        return "outside Slack"
    return ORIGIN_WORDS.get(origin.strip().lower(), f"through {escape(origin)}")


def render(kind: str, payload: Mapping[str, Any], *, slash_command: str = "/case") -> tuple[str, list[Block]]:
    """The card for one notification (`payload`: the ledger row's JSON): (fallback text for the notification
    banner, blocks)."""
    p = rules.snapshot_from_json(kind, payload)
    case_id = p.case_id
    number = p.case_number or "your case"
    blocks: list[Block] = []
    if isinstance(p, CommentSnapshot):
        who = escape(p.author) or "An agent"
        verb, noun = REPLY_WORDS.get(p.channel or "", ("commented on", "comment"))
        text = f"New {noun} on case {number} from {p.author or 'an agent'}"
        body = f"\n{quote(p.body, _QUOTE_LIMIT)}" if p.body else ""
        blocks.append(section(f":speech_balloon: *{who}* {verb} {case_label(p)}{body}"))
        files = _file_list(p.files)
        if files:
            blocks.append(section(files))
        actions = (ids.ADD_COMMENT, ids.VIEW_CASE, ids.MUTE_CASE)
    elif kind == rules.WAITING and isinstance(p, StatusSnapshot):
        text = f"Case {number} is waiting for your reply"
        if p.question:
            who = escape(p.asked_by or p.agent) or "The agent"
            blocks.append(section(f":hourglass_flowing_sand: {case_label(p)} is waiting for you. {who} asked:\n"
                                   f"{quote(p.question, _ASK_LIMIT)}\nClick *Add comment* to answer."))
        else:
            blocks.append(section(f":hourglass_flowing_sand: {case_label(p)} is waiting for you.\n"
                                   "The agent needs more information to go on: add a comment with what's missing."))
        actions = (ids.ADD_COMMENT, ids.VIEW_CASE, ids.MUTE_CASE)
    elif isinstance(p, StatusSnapshot):             # resolved or closed
        verb = "resolved" if kind == rules.RESOLVED else "closed"
        by = f" by {escape(p.agent)}" if p.agent else ""
        text = f"Case {number} was {verb}"
        blocks.append(section(f":white_check_mark: {case_label(p)} was {verb}{by}.\n"
                               "If the problem is fixed there's nothing to do. If it isn't, reopen it."))
        actions = (ids.LOOKS_GOOD, ids.REOPEN_CASE, ids.VIEW_CASE)
    elif isinstance(p, NudgeSnapshot):
        idle = p.idle_days or 0
        since = f"for {idle} day{'s' if idle != 1 else ''}" if idle else "for a while"
        waiting = p.state == CanonicalState.WAITING_FOR_USER
        text = f"Reminder: case {number} " + ("is waiting for your reply" if waiting else "is still open")
        ask = ("The agent is waiting for your reply" if waiting else "Nothing has come from you on it")
        blocks.append(section(f":wave: Reminder about {case_label(p)}\n{ask} {since}. Add a comment if "
                               "there's news, or mute these reminders."))
        actions = (ids.ADD_COMMENT, ids.VIEW_CASE, ids.MUTE_CASE)
    else:                                           # filed elsewhere
        text = f"A case was filed for you: {number}"
        blocks.append(section(f":inbox_tray: A case was filed for you {_origin_words(p.origin)}: "
                               f"{case_label(p)}\nYou can follow it here: I'll tell you when an agent answers, "
                               f"and you can ask me `status {escape(number)}` or use `{escape(slash_command)}`."))
        actions = (ids.VIEW_CASE, ids.ADD_COMMENT, ids.MUTE_CASE)
    status = _status_context(p)
    if status:
        blocks.append(status)
    blocks.append(_buttons(kind, case_id, actions))
    return text, blocks


_DIGEST_QUOTE = 280           # a comment quoted in a digest
_DIGEST_NEWS = 8              # news lines per case in a digest (the rest are counted)
_DIGEST_CASE_TEXT = 2900      # a case's section text (Slack: 3,000), room left for "and N more"


def _news(kind: str, p: Snapshot) -> str:
    """One line of a digest: what happened on the case."""
    if isinstance(p, CommentSnapshot):
        noun = REPLY_WORDS.get(p.channel or "", ("", "comment"))[1]
        body = f"\n{quote(p.body, _DIGEST_QUOTE)}" if p.body else ""
        files = _file_list(p.files)
        return f":speech_balloon: New {noun} from *{escape(p.author) or 'an agent'}*{body}" + \
            (f"\n{files}" if files else "")
    if kind == rules.WAITING and isinstance(p, StatusSnapshot):
        asked = (f" {escape(p.asked_by or p.agent) or 'The agent'} asked:\n{quote(p.question, _DIGEST_QUOTE)}"
                 if p.question else "")
        return f":hourglass_flowing_sand: Waiting for your reply.{asked}"
    if isinstance(p, StatusSnapshot):             # resolved or closed
        by = f" by {escape(p.agent)}" if p.agent else ""
        return f":white_check_mark: {'Resolved' if kind == rules.RESOLVED else 'Closed'}{by}."
    if isinstance(p, NudgeSnapshot):
        idle = p.idle_days or 0
        return f":wave: Reminder: nothing from you on it for {idle} day{'s' if idle != 1 else ''}."
    return f":inbox_tray: Filed for you {_origin_words(p.origin)}."


def digest_case(news: Sequence[tuple[str, Mapping[str, Any]]]) -> Block:
    """One case of a digest (`news`: its ledger rows' (kind, JSON), oldest first): its title, each piece of
    news, a *View details* button."""
    snaps = [(kind, rules.snapshot_from_json(kind, payload)) for kind, payload in news]
    latest = snaps[-1][1]
    lines = [case_label(latest)]
    for kind, p in snaps:                          # whole lines while they fit (the rest are counted)
        line = _news(kind, p)
        if len(lines) > _DIGEST_NEWS or (len(lines) > 1 and slack_len("\n".join([*lines, line])) > _DIGEST_CASE_TEXT):
            break
        lines.append(line)
    if len(snaps) > len(lines) - 1:
        lines.append(f"_and {len(snaps) - len(lines) + 1} more on this case_")
    return section("\n".join(lines),
                   accessory=button(ids.VIEW_CASE, BUTTON_LABELS[ids.VIEW_CASE], latest.case_id))


def digest(news: Sequence[tuple[str, Mapping[str, Any]]]) -> tuple[str, list[Block]]:
    """The digest delivered when quiet hours end (or at the daily digest hour): (fallback text, blocks), one
    section per case, in the order its first news came. The caller keeps it within Slack's limits
    (notifications/digests.py `plan`)."""
    by_case: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for kind, payload in news:
        by_case.setdefault(str(payload["case_id"]), []).append((kind, payload))
    n = len(by_case)
    text = f"While you were away: news on {n} case{'s' if n != 1 else ''}"
    blocks: list[Block] = [section(f":sunrise: *{text}*")]
    blocks += [digest_case(items) for items in by_case.values()]
    blocks.append(context("Change when I write to you under *Notification settings* in my *Home* tab."))
    return text, blocks


def work_note(kind: str, payload: Mapping[str, Any], *, recipient: str | None) -> str:
    """The private work note written on the case so agents see what the employee was told (`payload`: the
    ledger row's JSON)."""
    who = recipient or "the employee"
    p = rules.snapshot_from_json(kind, payload)
    if isinstance(p, CommentSnapshot):
        what = f"the new {REPLY_WORDS.get(p.channel or '', ('', 'comment'))[1]} from {p.author or 'an agent'}"
    elif isinstance(p, NudgeSnapshot):
        what = (f"reminder {p.nudge_number} of {'?' if p.max_nudges is None else p.max_nudges}: "
                "no activity from them on this case")
    else:
        what = {
            rules.WAITING: "the case is waiting for their reply",
            rules.RESOLVED: "the case was resolved (Reopen / Looks good buttons)",
            rules.CLOSED: "the case was closed (Reopen / Looks good buttons)",
            rules.FILED_ELSEWHERE: "the case exists and can be followed in Slack",
        }[kind]
    return f"Concierge notified {who} in Slack: {what}."


def outbox_result(op: str, *, ok: bool, case_number: str | None, subject: str | None = None,
                  message: str | None = None, case_id: str | None = None,
                  files_not_attached: int = 0) -> tuple[str, list[Block]]:
    """The DM telling the user what happened to an operation queued while Salesforce was unavailable."""
    number = case_number or "your case"
    done = {
        "file_case": "I filed your case" + (f" {case_number}" if case_number else "") + (f": {subject}" if subject else ""),
        "add_comment": f"I added your comment to case {number}",
        "close_case": f"I closed case {number}",
        "reopen_case": f"I reopened case {number}",
        "update_description": f"I added your details to case {number}",
    }.get(op, f"I delivered your request on case {number}")
    if ok:
        text = f"Salesforce is back: {done}."
        blocks = [section(f":white_check_mark: {escape(text)}")]
        if files_not_attached:
            n = files_not_attached
            blocks.append(context(f"The {n} file{'s' if n != 1 else ''} you shared could not be attached "
                                   f"after the outage: please share {'them' if n != 1 else 'it'} again here."))
        if case_id:
            blocks.append(_buttons("outbox", case_id, (ids.VIEW_CASE,)))
        return text, blocks
    what = {"file_case": "file your case", "add_comment": f"add your comment to case {number}",
            "close_case": f"close case {number}", "reopen_case": f"reopen case {number}",
            "update_description": f"add your details to case {number}"}.get(op, "do what you asked")
    text = f"I couldn't {what}: {message or 'Salesforce refused it.'}"
    return text, [section(f":warning: {escape(text)}")]
