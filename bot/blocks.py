"""The bot's own messages and views: pure functions from domain values to Slack blocks and modals.

The primitives, the case card and the labels are the Slack rendering layer's (slackui/); this module holds
what only the bot says: search results, the conversation's questions, help, errors and the modals.
Text that came from a person (subjects, comments) is escaped before it is put in mrkdwn, so "<!channel>" or a
crafted link in a case subject is shown, never interpreted.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from servicecloud.models import CaseView
from slackui import card, fit, ids
from slackui.blocks import Block, actions, button, context, numbered, plain, section
from slackui.fit import escape
from slackui.labels import INTENT_LABELS, TYPE_OPTIONS
from slackui.values import CaseChoice, IntentChoice, QuestionRef


def text_blocks(text: str) -> list[Block]:
    """A plain reply as one section (the message's `text` doubles as the notification fallback)."""
    return [section(text)]


# --------------------------------------------------------------------------- cases
def search_results(cases: Sequence[CaseView], *, query: str | None = None, note: str | None = None,
                   expect: Sequence[str] = ()) -> list[Block]:
    """Best match as a full card, the others listed below it. (`query` is no longer shown: keywords are
    lemmas, "share drive", not what the user typed.)"""
    best, others = cases[0], list(cases[1:])
    headline = "Best match:" if others else None
    blocks = card.case_card(best, headline=headline, note=note, expect=expect)
    if others:
        blocks.append(section("Other matches:\n" + card.lines(others[:8])))
    return blocks


# --------------------------------------------------------------------------- conversation
def did_you_mean(alternatives: Sequence[str], pending_id: str, *,
                 labels: dict[str, str] | None = None, primary: bool = False) -> list[Block]:
    """"Did you mean" buttons for a low-confidence parse (value: `IntentChoice`); `labels` overrides
    the wording of some intents (e.g. "Add it to case 00001234"); `primary` styles the first as the default."""
    names = {**INTENT_LABELS, **(labels or {})}
    chosen = [i for i in alternatives if i in INTENT_LABELS]
    buttons = [button(numbered(ids.DID_YOU_MEAN, n), names[intent], IntentChoice(intent, pending_id).to_json(),
                      style="primary" if primary and n == 0 else None)
               for n, intent in enumerate(chosen)]
    buttons.append(button(numbered(ids.DID_YOU_MEAN, len(chosen)), "None of these",
                          IntentChoice("help", pending_id).to_json()))
    return [section("I'm not sure what you'd like to do. Did you mean:"), actions("did_you_mean", *buttons)]


FILE_INSTEAD = "None of these: file it as a new case"


def pick_case(cases: Sequence[CaseView], pending_id: str, prompt: str, *, file_instead: bool = False) -> list[Block]:
    """"Which case?" buttons (value: `CaseChoice`); `file_instead`: a way out, "None of these: file it as a new
    case" (the question carries what to file)."""
    shown = cases[:10]
    # the lines carry number, subject and status; the buttons only repeat the number
    buttons = [button(numbered(ids.PICK_CASE, n), c.case_number, CaseChoice(c.id, pending_id).to_json())
               for n, c in enumerate(shown)]
    if file_instead:
        buttons.append(button(ids.DUPLICATE_FILE_NEW, FILE_INSTEAD, QuestionRef(pending_id).to_json()))
    more = [context(f"…and {len(cases) - len(shown)} more not listed here: ask again with the case number "
                    "(type *my cases* to see them all).")] if len(cases) > len(shown) else []
    return [section(prompt), section(card.lines(shown)), actions("pick_case", *buttons), *more]


def confirm_case(case: CaseView, pending_id: str, *, verb: str, yes: str, no: str, lead: str = "") -> list[Block]:
    """A yes/no about one case: "Close case 00001001 · VPN drops?" [Close it] [Not that one], after `lead` (the
    bot's own words, "Glad it's working again!") when given. Yes is a PICK_CASE button (the same path as a pick
    from a list), No a PICK_NONE button."""
    return [
        section(f"{escape(lead) + ' ' if lead else ''}{escape(verb)} case *{case.case_number}* · {fit.fit(case.subject, card.SUBJECT)} "
                f"({fit.fit(case.status, card.NAME)})?"),
        actions("confirm_case",
                button(ids.PICK_CASE, yes, CaseChoice(case.id, pending_id).to_json(), style="primary"),
                button(ids.PICK_NONE, no, QuestionRef(pending_id).to_json())),
    ]


def duplicate_prompt(case: CaseView, pending_id: str) -> list[Block]:
    """"Is this about case X?" before filing a new case."""
    return [
        section(f"Before I file a new case: is this about case *{case.case_number}* "
                f"(“{fit.fit(case.subject, card.SUBJECT)}”, {fit.fit(case.status, card.NAME)})?"),
        actions("duplicate",
                button(ids.DUPLICATE_ADD_COMMENT, f"Yes, add it to {case.case_number}",
                       CaseChoice(case.id, pending_id).to_json(), style="primary"),
                button(ids.DUPLICATE_FILE_NEW, "No, file a new case", QuestionRef(pending_id).to_json())),
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


def in_doubt_blocks(what: str, done: str) -> list[Block]:
    return [section(f":hourglass_flowing_sand: That took longer than it should, so I'm making sure {escape(what)} "
                    f"goes in exactly once. I'll confirm here as soon as it's {escape(done)}.")]


def queued_blocks(what: str) -> list[Block]:
    return [section(f":inbox_tray: Salesforce isn't reachable right now, so I've queued {escape(what)}. "
                    "It will be delivered as soon as Salesforce is back, and I'll let you know.")]


# --------------------------------------------------------------------------- modals
_MODAL_TITLE = 24          # title, submit and close of a modal


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
    options = [{"text": plain(label), "value": key} for key, label in TYPE_OPTIONS]
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
