"""Asking a question: "Which case?", "Close case N?", "Is this about case N?" (bot/dialogue/question.py).

Each question is written as its one-use row (its id in the buttons) and its typed-answer row, so both a
click and a typed answer ("the second one", "1006", "yes") can answer it.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import wording
from bot.dialogue.question import Candidate, Kind, Question
from bot.directory import Employee
from bot.errors import Reply
from bot.intake import resuming_since
from bot.usecases.base import Deps
from servicecloud.models import CaseView

PICK_KIND = "pick_case"  # the one-use row's kind for pick and confirm questions


def candidates(cases: Sequence[CaseView]) -> tuple[Candidate, ...]:
    return tuple(Candidate(c.id, c.case_number, c.subject) for c in cases)


def ask(deps: Deps, user_id: str, q: Question, *, asker: str | None = None) -> None:
    """Remember the question just asked, so a typed answer counts. `asker`: the key of the message asking it;
    when that message's work is resumed after a crash, the question (put once per message) is not re-opened if
    it was answered meanwhile, nor over a question a later message asked."""
    row = {**q.focus_row(), "asked_by": asker}
    if asker is not None and resuming_since() is not None:
        deps.focus.restate_question(user_id, row)
    else:
        deps.focus.set_question(user_id, row)


def confirm(deps: Deps, emp: Employee, op: str, case: CaseView, others: Sequence[CaseView],
            payload: dict[str, Any] | None = None) -> list[Reply]:
    """A yes/no about one case ("Close 00001001 · VPN drops?" [Close it] [Not that one]); "Not that one" when
    `others` has more cases than this one."""
    more = len(others) > 1
    pending = deps.store.put_pending(emp.slack_user_id, PICK_KIND,
                                     {"op": op, **(payload or {}), "declined": case.id, "others": more})
    ask(deps, emp.slack_user_id, Question(Kind.CONFIRM, op, pending, candidates(others), target=case.id))
    return [wording.confirm(op, case, pending, others=more)]


def pick(deps: Deps, emp: Employee, op: str, payload: dict[str, Any], cases: Sequence[CaseView],
         prompt: str, *, focus_first: bool = True, typed: bool = True) -> list[Reply]:
    """"Which case?" buttons (the case in focus first); `typed`: a typed answer counts too."""
    focused = deps.focus.get(emp.slack_user_id) if focus_first else None
    ordered = sorted(cases, key=lambda c: 0 if focused is not None and c.id == focused.case_id else 1)
    pending = deps.store.put_pending(emp.slack_user_id, PICK_KIND, {"op": op, **payload})
    if typed:
        ask(deps, emp.slack_user_id, Question(Kind.PICK, op, pending, candidates(ordered[:10])))
    return [wording.pick(ordered, pending, prompt)]


def duplicate(deps: Deps, emp: Employee, case: CaseView, carried: dict[str, Any]) -> list[Reply]:
    """"Is this about case N?" before filing what looks like the same problem."""
    asker = carried.get("dedupe_key")
    pending = deps.store.put_pending(emp.slack_user_id, "file_case", carried,
                                     key=f"{asker}:duplicate" if asker else None)
    ask(deps, emp.slack_user_id, Question(Kind.DUPLICATE, "file_case", pending, candidates([case]), target=case.id),
        asker=asker)
    return [wording.duplicate(case, pending)]
