"""Asking a question: "Which case?", "Close case N?", "Is this about case N?", "Did you mean ..."
(bot/dialogue/question.py).

Each question is one row (`Store.questions`): its id goes in the buttons, and while it is the person's open
question a typed answer ("the second one", "1006", "yes") answers it too. It is put once per asking message
(`asker`): that message's work resumed after a crash gets the same question back, answered or not, and never
re-opens it over a question a later message asked.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import wording
from bot.dialogue.question import Candidate, Kind
from slackui.identity import Employee
from bot.errors import Reply
from bot.usecases.base import Deps
from servicecloud.models import CaseView


def candidates(cases: Sequence[CaseView]) -> tuple[Candidate, ...]:
    return tuple(Candidate(c.id, c.case_number, c.subject) for c in cases)


def ask(deps: Deps, user_id: str, kind: Kind, op: str, *, asker: str, carried: dict[str, Any],
        listed: Sequence[Candidate] = (), target: str | None = None, typed: bool = True) -> str:
    """Store the question `asker` (the key of the message or click asking it) asks; returns its id for the
    buttons. `typed`: a typed answer counts too (it becomes the person's open question)."""
    return deps.store.questions.ask(user_id, str(kind), op, candidates=[c.to_json() for c in listed],
                                    target=target, carried=carried, asked_by=asker, key=f"{asker}:{kind}",
                                    typed=typed)


def confirm(deps: Deps, emp: Employee, op: str, case: CaseView, others: Sequence[CaseView], *, asker: str,
            payload: dict[str, Any] | None = None, lead: str = "") -> list[Reply]:
    """A yes/no about one case ("Close 00001001 · VPN drops?" [Close it] [Not that one]); "Not that one" when
    `others` has more cases than this one; `lead` opens the same message ("Glad it's working again!")."""
    more = len(others) > 1
    qid = ask(deps, emp.slack_user_id, Kind.CONFIRM, op, asker=asker, listed=candidates(others), target=case.id,
              carried={"op": op, **(payload or {}), "declined": case.id, "others": more})
    return [wording.confirm(op, case, qid, others=more, lead=lead)]


def pick(deps: Deps, emp: Employee, op: str, payload: dict[str, Any], cases: Sequence[CaseView],
         prompt: str, *, asker: str, focus_first: bool = True, typed: bool = True) -> list[Reply]:
    """"Which case?" buttons (the case in focus first); `typed`: a typed answer counts too. A question that carries
    a text to file (`payload["text"]`: a comment that may be a new problem) has a way out, "None of these: file it as
    a new case"."""
    focused = deps.focus.get(emp.slack_user_id) if focus_first else None
    ordered = sorted(cases, key=lambda c: 0 if focused is not None and c.id == focused.case_id else 1)
    qid = ask(deps, emp.slack_user_id, Kind.PICK, op, asker=asker, listed=candidates(ordered[:10]),
              carried={"op": op, **payload}, typed=typed)
    return [wording.pick(ordered, qid, prompt, file_instead=bool(payload.get("text")))]


def duplicate(deps: Deps, emp: Employee, case: CaseView, carried: dict[str, Any], *, asker: str) -> list[Reply]:
    """"Is this about case N?" before filing what looks like the same problem."""
    qid = ask(deps, emp.slack_user_id, Kind.DUPLICATE, "file_case", asker=asker, listed=candidates([case]),
              target=case.id, carried=carried)
    return [wording.duplicate(case, qid)]
