"""Block Kit builders: pure functions from domain values to Slack blocks and views.

Nothing here calls Slack or Salesforce, so every message the bot sends can be tested (and reused by
notifications/) without a network. Text that came from a person (subjects, comments) is escaped before it is
put in mrkdwn, so "<!channel>" or a crafted link in a case subject is shown, never interpreted.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot import fit, ids
from bot.fit import escape
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView

Block = dict[str, Any]


STATE_EMOJI = {
    CanonicalState.NEW: ":new:",
    CanonicalState.WAITING_FOR_USER: ":hourglass_flowing_sand:",
    CanonicalState.IN_PROGRESS: ":hammer_and_wrench:",
    CanonicalState.RESOLVED: ":white_check_mark:",
    CanonicalState.CLOSED: ":lock:",
}

BUTTON_LABELS = {
    ids.ADD_COMMENT: "Add comment",
    ids.ADD_DETAILS: "Add details",
    ids.ATTACH_FILE: "Attach a file",
    ids.CLOSE_CASE: "Close",
    ids.REOPEN_CASE: "Reopen",
    ids.VIEW_CASE: "View details",
    ids.MUTE_CASE: "Mute",
    ids.UNMUTE_CASE: "Unmute",
    ids.LOOKS_GOOD: "Looks good",
    ids.EDIT_SUBJECT: "Edit subject",
}

INTENT_LABELS = {
    "file_case": "File a new case",
    "check_status": "Check a case's status",
    "list_cases": "List my cases",
    "add_comment": "Add a comment",
    "close_case": "Close a case",
    "reopen_case": "Reopen a case",
    "help": "Show help",
}


# --------------------------------------------------------------------------- primitives
# (`escape` comes from bot/fit.py; every text object is clipped there, never inside an escape or a pair)
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


def text_blocks(text: str) -> list[Block]:
    """A plain reply as one section (the message's `text` doubles as the notification fallback)."""
    return [section(text)]


# --------------------------------------------------------------------------- cases
_SUBJECT = 1300            # an escaped 255-character subject (`&` x 5) fits whole
_NAME = 300                # statuses, types, names: longer ones are clipped


def case_title(case: CaseView, subject_limit: int = _SUBJECT) -> str:
    """`*00001234* · VPN drops every hour` (escaped, linked to Salesforce when a URL is known)."""
    number = f"<{case.url}|{case.case_number}>" if case.url else case.case_number
    return f"*{number}* · {fit.fit(case.subject, subject_limit) or '_(no subject)_'}"


def status_line(case: CaseView) -> str:
    emoji = STATE_EMOJI.get(case.state, "")
    assignee = fit.fit(case.assignee, _NAME) if case.assignee else "not assigned yet"
    return f"{emoji} {fit.fit(case.status, _NAME)} · assignee: {assignee}"


def default_case_actions(case: CaseView) -> tuple[str, ...]:
    """The buttons a case card shows by default: act on an open case, reopen a closed one."""
    if case.is_open:
        return (ids.ADD_COMMENT, ids.CLOSE_CASE, ids.VIEW_CASE)
    return (ids.REOPEN_CASE, ids.VIEW_CASE)


FILED_ACTIONS = (ids.ADD_DETAILS, ids.EDIT_SUBJECT, ids.ATTACH_FILE, ids.CLOSE_CASE)


def case_actions(case: CaseView, action_ids: Sequence[str]) -> Block:
    """The buttons row of a case card; every button carries the case Id (re-checked on click)."""
    elements = []
    for aid in action_ids:
        style = "primary" if aid in (ids.ADD_COMMENT, ids.ADD_DETAILS, ids.LOOKS_GOOD) else None
        if aid == ids.CLOSE_CASE:
            style = "danger"
        elements.append(button(aid, BUTTON_LABELS[aid], case.id, style=style))
    return actions(f"case_actions:{case.id}", *elements)


def case_card(case: CaseView, *, headline: str | None = None, actions: Sequence[str] | None = None,
              note: str | None = None, details: bool = False) -> list[Block]:
    """One case as a card: headline (optional), number + subject, status/type/assignee, buttons.

    `actions` are ids from bot/ids.py (default: `default_case_actions(case)`; pass () for none).
    `note` is an extra mrkdwn line under the fields (already escaped by the caller).
    `details` adds the description (clipped) and dates, for "View details".
    """
    blocks: list[Block] = []
    if headline:
        blocks.append(section(headline))
    fields = [mrkdwn(text, fit.FIELD_TEXT) for text in (
        f"*Case*\n{case.case_number}",
        f"*Status*\n{STATE_EMOJI.get(case.state, '')} {fit.fit(case.status, _NAME)}",
        f"*Type*\n{fit.fit(case.type, _NAME) or '—'}",
        f"*Assignee*\n{fit.fit(case.assignee, _NAME) or 'not assigned yet'}",
    )]
    blocks.append({"type": "section", "block_id": f"case:{case.id}", "text": mrkdwn(case_title(case)),
                   "fields": fields})
    if details:
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
            dates.append(f"priority {fit.fit(case.priority, _NAME)}")
        if dates:
            blocks.append(context(" · ".join(dates)))
    if note:
        blocks.append(context(note))
    chosen = default_case_actions(case) if actions is None else tuple(actions)
    if chosen:
        blocks.append(case_actions(case, chosen))
    return blocks


def case_summary_text(case: CaseView) -> str:
    """Plain-text fallback for a case (notifications, screen readers)."""
    return f"Case {case.case_number}: {case.subject} ({case.status})"


def case_lines(cases: Sequence[CaseView]) -> str:
    """`• *00001234* · subject — status`, one line per case, subjects shortened so that every case fits
    in one section (3,000)."""
    each = max(40, fit.SECTION_TEXT // max(1, len(cases)) - 120)
    return "\n".join(f"• {case_title(c, each)} — {fit.fit(c.status, 60)}" for c in cases)


def search_results(cases: Sequence[CaseView], *, query: str | None = None, note: str | None = None) -> list[Block]:
    """Best match as a full card, the others listed below it. (`query` is no longer shown: keywords are
    lemmas, "share drive", not what the user typed.)"""
    best, others = cases[0], list(cases[1:])
    headline = "Best match:" if others else None
    blocks = case_card(best, headline=headline, note=note)
    if others:
        blocks.append(section("Other matches:\n" + case_lines(others[:8])))
    return blocks


# --------------------------------------------------------------------------- conversation
def _json_value(**data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def did_you_mean(alternatives: Sequence[str], pending_id: str, *,
                 labels: dict[str, str] | None = None, primary: bool = False) -> list[Block]:
    """"Did you mean" buttons for a low-confidence parse (value = {"intent", "pending"}); `labels` overrides
    the wording of some intents (e.g. "Add it to case 00001234"); `primary` styles the first as the default."""
    names = {**INTENT_LABELS, **(labels or {})}
    chosen = [i for i in alternatives if i in INTENT_LABELS]
    buttons = [button(numbered(ids.DID_YOU_MEAN, n), names[intent], _json_value(intent=intent, pending=pending_id),
                      style="primary" if primary and n == 0 else None)
               for n, intent in enumerate(chosen)]
    buttons.append(button(numbered(ids.DID_YOU_MEAN, len(chosen)), "None of these",
                          _json_value(intent="help", pending=pending_id)))
    return [section("I'm not sure what you'd like to do. Did you mean:"), actions("did_you_mean", *buttons)]


def pick_case(cases: Sequence[CaseView], pending_id: str, prompt: str) -> list[Block]:
    """"Which case?" buttons (value = {"case_id", "pending"})."""
    shown = cases[:10]
    # the lines carry number, subject and status; the buttons only repeat the number
    buttons = [button(numbered(ids.PICK_CASE, n), c.case_number, _json_value(case_id=c.id, pending=pending_id))
               for n, c in enumerate(shown)]
    more = [context(f"…and {len(cases) - len(shown)} more not listed here: ask again with the case number "
                    "(type *my cases* to see them all).")] if len(cases) > len(shown) else []
    return [section(prompt), section(case_lines(shown)), actions("pick_case", *buttons), *more]


def confirm_case(case: CaseView, pending_id: str, *, verb: str, yes: str, no: str) -> list[Block]:
    """A yes/no about one case: "Close case 00001001 · VPN drops?" [Close it] [Not that one].
    Yes is a PICK_CASE button (the same path as a pick from a list), No a PICK_NONE button."""
    return [
        section(f"{escape(verb)} case *{case.case_number}* · {fit.fit(case.subject, _SUBJECT)} "
                f"({fit.fit(case.status, _NAME)})?"),
        actions("confirm_case",
                button(ids.PICK_CASE, yes, _json_value(case_id=case.id, pending=pending_id), style="primary"),
                button(ids.PICK_NONE, no, _json_value(pending=pending_id))),
    ]


def duplicate_prompt(case: CaseView, pending_id: str) -> list[Block]:
    """"Is this about case X?" before filing a new case."""
    return [
        section(f"Before I file a new case: is this about case *{case.case_number}* "
                f"(“{fit.fit(case.subject, _SUBJECT)}”, {fit.fit(case.status, _NAME)})?"),
        actions("duplicate",
                button(ids.DUPLICATE_ADD_COMMENT, f"Yes, add it to {case.case_number}",
                       _json_value(case_id=case.id, pending=pending_id), style="primary"),
                button(ids.DUPLICATE_FILE_NEW, "No, file a new case", _json_value(pending=pending_id))),
    ]


def help_blocks(slash_command: str = "/case") -> list[Block]:
    return [
        section("*I'm Concierge: I file and follow your support cases in Salesforce.* Just write to me, "
                "for example:"),
        section("• _My laptop won't connect to the VPN_ — files a case\n"
                "• _I need access to the finance dashboard_ — files a service request\n"
                "• _What's the status of 00001234?_ or _status of my VPN case_\n"
                "• _my cases_ — your open cases\n"
                "• _Add a comment to 00001234: it happens on Wi-Fi too_\n"
                "• _close 00001234_ / _reopen 00001234_\n"
                "• Share a file here with _attach this to 00001234_"),
        context(f"Slash command: `{slash_command} list`, `{slash_command} new`, `{slash_command} 00001234`, "
                f"`{slash_command} help`. Your cases are also on my Home tab."),
    ]


def short_help(slash_command: str = "/case") -> list[Block]:
    return [section("Sorry, I can only help with support cases: filing one, checking status, adding a "
                    "comment, closing or reopening. Try _my cases_, or describe your problem "
                    f"(_my VPN keeps dropping_). Type *help* for more, or use `{slash_command} new`.")]


def error_blocks(message: str) -> list[Block]:
    return [section(f":warning: {escape(message)}")]


def queued_blocks(what: str) -> list[Block]:
    return [section(f":inbox_tray: Salesforce isn't reachable right now, so I've queued {escape(what)}. "
                    "It will be delivered as soon as Salesforce is back, and I'll let you know.")]


# --------------------------------------------------------------------------- modals
_MODAL_TITLE = 24          # title, submit and close of a modal
CASE_TYPE_OPTIONS = (("incident", "Something is broken (incident)"),
                     ("service_request", "I need something (service request)"))
"""The New case modal's Type choices: short keys as option values (an org's picklist values may be longer
than Slack's 150); `Concierge.submit_new_case` maps them to the org's Type values."""


def _modal(callback_id: str, title: str, submit: str, blocks: list[Block], private_metadata: str = "",
           ) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "title": plain(title, _MODAL_TITLE),
            "submit": plain(submit, _MODAL_TITLE), "close": plain("Cancel", _MODAL_TITLE),
            "private_metadata": private_metadata, "blocks": blocks}


def comment_modal(case_id: str, case_label: str | None = None) -> dict[str, Any]:
    return _modal(ids.VIEW_ADD_COMMENT, "Add a comment", "Add comment", [
        *( [context(f"Case {escape(case_label)}")] if case_label else []),
        {"type": "input", "block_id": ids.BLOCK_COMMENT, "label": plain("Comment"),
         "element": {"type": "plain_text_input", "action_id": ids.INPUT_COMMENT, "multiline": True,
                     "max_length": 3000}},
    ], private_metadata=case_id)


def details_modal(case_id: str, case_label: str | None = None) -> dict[str, Any]:
    return _modal(ids.VIEW_ADD_DETAILS, "Add details", "Add details", [
        *( [context(f"Case {escape(case_label)}: added to the description")] if case_label else []),
        {"type": "input", "block_id": ids.BLOCK_DESCRIPTION, "label": plain("Details"),
         "element": {"type": "plain_text_input", "action_id": ids.INPUT_DESCRIPTION, "multiline": True,
                     "max_length": 3000}},
    ], private_metadata=case_id)


def subject_modal(case_id: str, case_label: str | None = None, subject: str = "") -> dict[str, Any]:
    """Edit the Subject Concierge wrote (prefilled with it)."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": ids.INPUT_SUBJECT, "max_length": 255}
    if subject:
        element["initial_value"] = subject[:255]
    return _modal(ids.VIEW_EDIT_SUBJECT, "Edit subject", "Save", [
        *([context(f"Case {escape(case_label)}")] if case_label else []),
        {"type": "input", "block_id": ids.BLOCK_SUBJECT, "label": plain("Subject"), "element": element},
    ], private_metadata=case_id)


def new_case_modal() -> dict[str, Any]:
    options = [{"text": plain(label), "value": key} for key, label in CASE_TYPE_OPTIONS]
    return _modal(ids.VIEW_NEW_CASE, "New case", "File case", [
        {"type": "input", "block_id": ids.BLOCK_SUBJECT, "label": plain("Subject"),
         "element": {"type": "plain_text_input", "action_id": ids.INPUT_SUBJECT, "max_length": 255,
                     "placeholder": plain("e.g. VPN drops every hour")}},
        {"type": "input", "block_id": ids.BLOCK_DESCRIPTION, "label": plain("Description"), "optional": True,
         "element": {"type": "plain_text_input", "action_id": ids.INPUT_DESCRIPTION, "multiline": True}},
        {"type": "input", "block_id": ids.BLOCK_TYPE, "label": plain("Type"),
         "element": {"type": "static_select", "action_id": ids.INPUT_TYPE, "options": options,
                     "initial_option": options[0]}},
        {"type": "input", "block_id": ids.BLOCK_FILE, "label": plain("Attachment"), "optional": True,
         "element": {"type": "file_input", "action_id": ids.INPUT_FILE, "max_files": 5}},
    ])
