"""The bot's questions: "Which case?", "Close case N?", "Is this about case N?", and "OK, I won't"."""
from __future__ import annotations

from collections.abc import Sequence

from bot import blocks
from bot.errors import Reply
from servicecloud.models import CaseView
from slackui.fit import escape

# op -> (verb, yes button, no button when it was the only candidate)
CONFIRM = {"close_case": ("Close", "Close it", "No, keep it open"),
           "reopen_case": ("Reopen", "Reopen it", "No, leave it closed")}
PROMPTS = {"close_case": "Which case should I close?", "reopen_case": "Which case should I reopen?",
           "add_comment": "Which case should I add your comment to?", "attach": "Which case should I attach it to?"}


def prompt(op: str) -> str:
    """"Which case should I close?" for the operation a "Which case?" question is for."""
    return PROMPTS.get(op, "Which case did you mean?")


def pick(cases: Sequence[CaseView], pending: str, prompt: str, *, file_instead: bool = False) -> Reply:
    return Reply(prompt, blocks.pick_case(cases, pending, escape(prompt), file_instead=file_instead))


def confirm(op: str, case: CaseView, pending: str, *, others: bool, lead: str = "") -> Reply:
    """"Close case N · subject?" with its buttons, in one message after `lead` ("Glad it's working again!")."""
    verb, yes, no = CONFIRM[op]
    return Reply(f"{lead + ' ' if lead else ''}{verb} case {case.case_number} · {case.subject}?",
                 blocks.confirm_case(case, pending, verb=verb, yes=yes, no="Not that one" if others else no, lead=lead))


def duplicate(case: CaseView, pending: str) -> Reply:
    return Reply(f"Is this about case {case.case_number}?", blocks.duplicate_prompt(case, pending))


def nothing_done(op: str) -> Reply:
    verb = CONFIRM.get(op, ("Change", "", ""))[0].lower()
    return Reply.plain(f"OK, I won't {verb} anything.")


def attach_prompt(count: int, name: str) -> str:
    return "Which case should I attach " + ("these files" if count > 1 else name) + " to?"
