"""The case card, once: its title, its status line, its facts and its buttons, for the bot's replies and the
notification cards alike.

The pieces take plain values (number, subject, status, state, assignee, case Id) so that a `CaseView` and a
notification's ledger payload render the same way; `case_card` puts them together for a `CaseView`.
Everything a person wrote (subjects, statuses, names) is escaped here, then clipped.
Every button carries the case Id as its value (with the number and subject a modal shows, for the buttons that
open one: `CaseTarget`); the bot re-checks ownership on each click, so a card keeps working however old it is.
"""
from __future__ import annotations

from collections.abc import Sequence

from servicecloud.models import CaseView
from slackui import fit, ids
from slackui.blocks import Block, actions, button, context, mrkdwn, section
from slackui.values import CaseTarget
from slackui.labels import BUTTON_LABELS, BUTTON_STYLES, NO_SUBJECT, NO_TYPE, NOT_ASSIGNED, state_emoji

SUBJECT = 1300             # an escaped 255-character subject (`&` x 5) fits whole
NAME = 300                 # statuses, types, names: longer ones are clipped

FILED_ACTIONS = (ids.ADD_DETAILS, ids.EDIT_SUBJECT, ids.ATTACH_FILE, ids.CLOSE_CASE)
"""The buttons under the filing confirmation."""


def title(number: str, subject: str | None, url: str | None = None, *, limit: int = SUBJECT) -> str:
    """`*00001234* · VPN drops every hour` (escaped, linked to Salesforce when a URL is known)."""
    shown = f"<{url}|{number}>" if url else number
    return f"*{shown}* · {fit.fit(subject, limit) or NO_SUBJECT}"


def status_line(status: str | None, state: str | None, assignee: str | None) -> str:
    """`:hammer_and_wrench: In Progress · assignee: Ann Agent`."""
    who = fit.fit(assignee, NAME) if assignee else NOT_ASSIGNED
    return f"{state_emoji(state)} {fit.fit(status, NAME)} · assignee: {who}"


def case_status_line(case: CaseView) -> str:
    return status_line(case.status, case.state, case.assignee)


def buttons(case_id: str, action_ids: Sequence[str], *, block_id: str | None = None, number: str = "",
            subject: str | None = None) -> Block:
    """A row of case buttons (labels and styles of slackui/labels.py), each carrying the case Id; a button that
    opens a modal carries a `CaseTarget` instead: the case Id, `number` (shown in the modal; "" for none) and,
    on Edit subject, the `subject` that prefills it."""
    return actions(block_id or f"case_actions:{case_id}",
                   *(button(aid, BUTTON_LABELS[aid], _value(aid, case_id, number, subject),
                            style=BUTTON_STYLES.get(aid)) for aid in action_ids))


def _value(action_id: str, case_id: str, number: str, subject: str | None) -> str:
    if action_id not in ids.OPENS_MODAL:
        return case_id
    return CaseTarget(case_id, number, (subject or "") if action_id == ids.EDIT_SUBJECT else "").to_json()


def default_actions(case: CaseView) -> tuple[str, ...]:
    """The buttons a case card shows by default: act on an open case, reopen a closed one."""
    if case.is_open:
        return (ids.ADD_COMMENT, ids.CLOSE_CASE, ids.VIEW_CASE)
    return (ids.REOPEN_CASE, ids.VIEW_CASE)


EXPECT_EMOJI = ":stopwatch:"


def expect_line(expect: Sequence[str]) -> str:
    """"When to expect an answer" (the bot's own words, bot/wording/expect.py) as one line."""
    return f"{EXPECT_EMOJI} " + " ".join(fit.escape(line) for line in expect)


def row(case: CaseView, *, expect: Sequence[str] = ()) -> list[Block]:
    """One case in a list: number, subject and status (and when to expect an answer), then its buttons."""
    text = f"{title(case.case_number, case.subject, case.url)}\n{case_status_line(case)}"
    if expect:
        text += "\n" + expect_line(expect)
    return [{"type": "section", "block_id": f"case:{case.id}", "text": mrkdwn(text)},
            buttons(case.id, default_actions(case), number=case.case_number, subject=case.subject)]


def case_card(case: CaseView, *, headline: str | None = None, actions: Sequence[str] | None = None,
              note: str | None = None, details: bool = False, expect: Sequence[str] = ()) -> list[Block]:
    """One case as a card: headline (optional), number + subject, status/type/assignee, buttons.

    `actions` are ids from slackui/ids.py (default: `default_actions(case)`; pass () for none).
    `note` is an extra mrkdwn line under the fields (already escaped by the caller).
    `details` adds the description (clipped) and dates, for "View details".
    `expect`: when to expect an answer (bot/wording/expect.py), one context line under the fields; none: nothing.
    """
    blocks: list[Block] = []
    if headline:
        blocks.append(section(headline))
    fields = [mrkdwn(text, fit.FIELD_TEXT) for text in (
        f"*Case*\n{case.case_number}",
        f"*Status*\n{state_emoji(case.state)} {fit.fit(case.status, NAME)}",
        f"*Type*\n{fit.fit(case.type, NAME) or NO_TYPE}",
        f"*Assignee*\n{fit.fit(case.assignee, NAME) or NOT_ASSIGNED}",
    )]
    blocks.append({"type": "section", "block_id": f"case:{case.id}",
                   "text": mrkdwn(title(case.case_number, case.subject, case.url)), "fields": fields})
    if expect:
        blocks.append(context(expect_line(expect)))
    if details:
        blocks += _details(case)
    if note:
        blocks.append(context(note))
    chosen = default_actions(case) if actions is None else tuple(actions)
    if chosen:
        blocks.append(buttons(case.id, chosen, number=case.case_number, subject=case.subject))
    return blocks


def _details(case: CaseView) -> list[Block]:
    """The description (unless it only repeats the subject) and the dates, for "View details"."""
    blocks: list[Block] = []
    if case.description and " ".join(case.description.split()).casefold() != \
            " ".join((case.subject or "").split()).casefold():
        blocks.append(section("*Description*\n" + fit.fit(case.description, 1500)))
    dates = []
    if case.created_date:
        dates.append(f"opened {case.created_date:%Y-%m-%d %H:%M} UTC")
    if case.last_modified_date:
        dates.append(f"last updated {case.last_modified_date:%Y-%m-%d %H:%M} UTC")
    if case.closed_date:
        dates.append(f"closed {case.closed_date:%Y-%m-%d %H:%M} UTC")
    if case.priority:
        dates.append(f"priority {fit.fit(case.priority, NAME)}")
    if dates:
        blocks.append(context(" · ".join(dates)))
    return blocks


def summary_text(case: CaseView) -> str:
    """Plain-text fallback for a case (notifications, screen readers)."""
    return f"Case {case.case_number}: {case.subject} ({case.status})"


def lines(cases: Sequence[CaseView]) -> str:
    """`• *00001234* · subject — status`, one line per case, subjects shortened so that every case fits
    in one section (3,000)."""
    each = max(40, fit.SECTION_TEXT // max(1, len(cases)) - 120)
    return "\n".join(f"• {title(c.case_number, c.subject, c.url, limit=each)} — {fit.fit(c.status, 60)}"
                     for c in cases)
