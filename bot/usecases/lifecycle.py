"""Closing and reopening a case: "close 1234" acts; "close it" / "close the vpn case" asks a yes/no about the
case meant; otherwise "Which case?"."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from bot import intake, wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.usecases import asking, comments
from bot.usecases.base import CASE_TEXT, Deps, Queued, implicit_target, run_or_queue
from intents import cues, ranking
from intents.cues import Cue
from servicecloud.errors import CaseDeskError, WrongState
from servicecloud.models import CaseView
from store.payloads import CaseRefPayload, OutboxOp

_CLOCK_SLACK = timedelta(seconds=5)     # clocks of Concierge and Salesforce differ a little


def close_request(deps: Deps, emp: Employee, ref: str | None, keywords: Sequence[str], *, dedupe_key: str,
                  text: str = "") -> list[Reply]:
    """"close 00001234" closes; "close it" / "close the vpn case" asks a yes/no about the case meant (the case
    in focus, the one the words describe, or the only open one); otherwise "Which case?"."""
    if ref:
        return close(deps, emp, ref, dedupe_key=dedupe_key)
    open_cases = _with_resolved_focus(deps, emp, deps.desk.list_open_cases(emp.contact_id))
    return _which(deps, emp, "close_case", open_cases, keywords, text, wording.NOTHING_TO_CLOSE, dedupe_key)


def _which(deps: Deps, emp: Employee, op: str, candidates: list[CaseView], keywords: Sequence[str], text: str,
           nothing: str, asker: str) -> list[Reply]:
    """A yes/no about the case meant among `candidates`, else "Which case?" (`nothing` when there is none)."""
    if not candidates:
        return [Reply.plain(nothing)]
    target = implicit_target(deps, emp, candidates, keywords, text)
    if target is not None:
        return asking.confirm(deps, emp, op, target, candidates, asker=asker)
    return asking.pick(deps, emp, op, {}, candidates, wording.PROMPTS[op], asker=asker)


def _with_resolved_focus(deps: Deps, emp: Employee, open_cases: list[CaseView]) -> list[CaseView]:
    """Close candidates: the open cases, plus the case in focus when it is resolved (not closed), e.g. "thanks,
    close it" after a "resolved" notification."""
    focused = deps.focus.get(emp.slack_user_id)
    if focused is None or any(c.id == focused.case_id for c in open_cases):
        return open_cases
    try:
        case = deps.desk.get_case(emp.contact_id, focused.case_id)
    except CaseDeskError:
        return open_cases
    return [case, *open_cases] if str(case.state) == "RESOLVED" else open_cases


def offer_to_close_focus(deps: Deps, user_id: str, *, dedupe_key: str) -> list[Reply] | None:
    """"Thanks, that fixed it" about the case in focus (open or resolved): "Close case N?" (None when no case
    is in focus or it is already closed)."""
    focused = deps.focus.get(user_id)
    if focused is None:
        return None
    emp = deps.directory.employee(user_id)
    try:
        case = deps.desk.get_case(emp.contact_id, focused.case_id)
    except CaseDeskError:
        return None
    if not case.is_open and str(case.state) != "RESOLVED":
        return None
    return asking.confirm(deps, emp, "close_case", case, [case], asker=dedupe_key, lead=wording.FIXED)


def reopen_request(deps: Deps, emp: Employee, ref: str | None, keywords: Sequence[str], *, dedupe_key: str,
                   text: str = "") -> list[Reply]:
    if ref:
        return reopen(deps, emp, ref, dedupe_key=dedupe_key)
    recent = deps.desk.list_recent_cases(emp.contact_id, closed_within_days=deps.org.recently_closed_days)
    closed = [c for c in recent if not c.is_open]
    focused = deps.focus.get(emp.slack_user_id)
    still_open = next((c for c in recent if c.is_open and focused and c.id == focused.case_id), None)
    match = ranking.meant(closed, keywords, **CASE_TEXT)
    if still_open is not None and (match is None or not cues.has(text, Cue.DESCRIBES_CASE)):
        if text and not cues.has(text, Cue.REOPEN_ONLY):
            # "it dropped again just now" about a case that is still open: the agent should hear it
            return comments.comment(deps, emp, still_open.id, still_open.case_number, text, dedupe_key=dedupe_key,
                                    subject=still_open.subject, said=wording.still_open_commented(still_open))
        # "reopen it" about a case that was never closed: nothing to reopen, say so with the card
        return [wording.still_open(still_open)]
    return _which(deps, emp, "reopen_case", closed, keywords, text, wording.NOTHING_TO_REOPEN, dedupe_key)


def close(deps: Deps, emp: Employee, ref: str, *, dedupe_key: str, label: str | None = None) -> list[Reply]:
    """Close one of the employee's cases (one API call; an already closed case is shown as it is)."""
    return _change(deps, emp, ref, OutboxOp.CLOSE_CASE, deps.desk.close_case, wording.queued_close(label or ref),
                   wording.closed, dedupe_key)


def reopen(deps: Deps, emp: Employee, ref: str, *, dedupe_key: str, label: str | None = None) -> list[Reply]:
    """Reopen one of the employee's closed cases (an open case is shown as it is, untouched)."""
    return _change(deps, emp, ref, OutboxOp.REOPEN_CASE, deps.desk.reopen_case, wording.queued_reopen(label or ref),
                   wording.reopened, dedupe_key)


def _own_change(case: CaseView, earlier: datetime | None) -> bool:
    """The case already in the state asked for was put there by an earlier attempt of this same message (its
    replica died after the write landed): that attempt sent the change, and the case changed since."""
    if earlier is None:
        return False
    changed = case.last_modified_date
    return changed is None or changed >= earlier - _CLOCK_SLACK


def _change(deps: Deps, emp: Employee, ref: str, op: OutboxOp, write: Callable[[str, str], CaseView],
            queued: list[Reply], done: Callable[[CaseView], Reply], dedupe_key: str) -> list[Reply]:
    earlier = intake.earlier_write()    # resumed work: when an earlier attempt sent this change (None: it did not)

    def change() -> CaseView:
        intake.note_write()             # recorded before it is sent, so resumed work knows it may have landed
        return write(emp.contact_id, ref)
    try:
        case = run_or_queue(deps, emp.slack_user_id, op, CaseRefPayload(contact_id=emp.contact_id, case_ref=ref),
                            dedupe_key, change, lambda: queued)
    except WrongState as e:
        if not isinstance(e.case, CaseView) or not _own_change(e.case, earlier):
            return [wording.wrong_state(e)]
        case = e.case       # the earlier attempt's change landed, its answer was lost: "I closed it", not "already"
    if isinstance(case, Queued):
        return case.replies
    deps.track(emp, case, changed_by_user=True)
    return [done(case)]
