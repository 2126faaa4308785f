"""What every use case works with (`Deps`), and the outage policy, once (`run_or_queue`).

Use cases talk to Salesforce only through the case desk, always with the employee's own ContactId, so a case
that is not theirs is "not found" whatever the entry point (typed number, forwarded button, stale modal).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot import intake, wording
from bot.budget import Budget
from slackui.identity import Directory, Employee
from bot.errors import Reply
from bot.files import FileFetcher
from bot.focus import Focus
from bot.readmodel import ReadModel
from intents import cues, ranking
from intents.cues import Cue
from servicecloud.config import OrgConfig
from servicecloud.errors import SalesforceUnavailable
from servicecloud.models import CaseView
from store import Store
from store.payloads import OutboxOp, OutboxPayload

log = logging.getLogger("concierge.bot")

T = TypeVar("T")
ALL_CASES = 2000  # one SOQL batch: lists count every case, then show the newest


@dataclass
class Deps:
    """The conversation's collaborators."""

    desk: Any
    store: Store
    directory: Directory
    fetcher: FileFetcher
    org: OrgConfig
    parse: Callable[[str], Any]
    focus: Focus
    cases: ReadModel  # employees' cases (bot/readmodel.py): lists, the App Home, the duplicate check
    in_doubt: timedelta = timedelta(minutes=10)  # how long a write whose answer was lost may still land
    budget: Budget | None = None      # per-person limits (bot/budget.py); None: none

    def remember(self, user_id: str, case_id: str, case_number: str | None, subject: str | None) -> None:
        """Put the case in the user's conversational focus (bot/focus.py)."""
        self.focus.set(user_id, case_id, case_number, subject)

    def track(self, emp: Employee, case: CaseView, *, changed_by_user: bool = False) -> None:
        """Track the case for notifications and put it in focus. `changed_by_user`: the status is the user's
        own change (close/reopen through Concierge), so the poller's last-seen status moves with it and an
        agent's change right after is still news; a case merely shown keeps the poller's last-seen status
        (or a pending "waiting for you" DM would be swallowed)."""
        self.remember(emp.slack_user_id, case.id, case.case_number, case.subject)
        try:
            extra = {"seen": True} if changed_by_user else {}
            self.store.track_case(case.id, contact_id=emp.contact_id, slack_user_id=emp.slack_user_id,
                                  case_number=case.case_number, status=case.status, state=str(case.state),
                                  subject=case.subject, **extra)
        except Exception:  # tracking feeds notifications; it must never cost the user their answer
            log.exception("could not track case %s", case.id)


@dataclass(frozen=True)
class CaseRef:
    """A case known only by Id (and maybe number/subject) while Salesforce cannot be read."""

    id: str
    case_number: str
    subject: str | None = None


def case_for_write(deps: Deps, emp: Employee, case_id: str) -> CaseView | CaseRef:
    """The case about to be written to. When Salesforce is unavailable for this read, a reference built from
    what the store knows (number, subject) instead: the write then meets the outage and is queued with the
    case Id (the outbox flusher re-checks ownership), so what the user typed is never lost."""
    try:
        return deps.desk.get_case(emp.contact_id, case_id)
    except SalesforceUnavailable:
        tracked = None
        try:
            tracked = deps.store.get_tracked(case_id)
        except Exception:  # noqa: BLE001
            log.warning("could not read the tracked case %s", case_id, exc_info=True)
        if tracked is None or tracked.slack_user_id not in (None, emp.slack_user_id):
            return CaseRef(id=case_id, case_number=case_id)
        return CaseRef(id=case_id, case_number=tracked.case_number or case_id, subject=tracked.subject)


@dataclass(frozen=True)
class Queued:
    """A write Salesforce could not take now: it is in the outbox, and `replies` tell the person."""

    replies: list[Reply]


def run_or_queue(deps: Deps, user_id: str, op: OutboxOp, payload: OutboxPayload, dedupe_key: str,
                 write: Callable[[], T], queued: Callable[[], list[Reply]]) -> T | Queued:
    """The outage policy: `write()`, or, when Salesforce is unavailable, the write queued in the outbox (to be
    delivered once, later) and the person told so (`queued()`). Reads are not queued: they say try again.
    A write that may have landed although its answer was lost (`in_doubt`) is queued to settle: the outbox
    only looks for it until it can no longer land (`deps.in_doubt`), and writes it only if it never did."""
    try:
        return write()
    except SalesforceUnavailable as exc:
        settle = deps.store.now() + deps.in_doubt if exc.in_doubt else None
        deps.store.enqueue_outbox(op, user_id, payload, dedupe_key, settle_until=settle)
        return Queued(wording.in_doubt(op) if exc.in_doubt else queued())


def write_once(landed: Callable[[datetime], T | None], write: Callable[[], T]) -> T:
    """`write()`, recorded as sent first (bot/intake.py). In work resumed after an earlier attempt that sent a
    write (its replica died or stalled mid-call, or the database connection was cut), what that attempt wrote
    is looked for first (`landed(when it was sent)`); not found, it may still be on its way in, so it is not
    redone here: it goes to the outbox to settle (run_or_queue). Resumed work whose earlier attempt never sent
    a write (a message handed back at shutdown before it got that far) writes at once."""
    earlier = intake.earlier_write()
    if earlier is not None:
        try:
            found = landed(earlier)
        except SalesforceUnavailable as exc:     # could not look: still in doubt (queued plainly, it would be
            raise SalesforceUnavailable(exc.detail, in_doubt=True) from exc   # redone at once, maybe twice)
        if found:
            return found
        raise SalesforceUnavailable("resumed work: an earlier attempt may still land", in_doubt=True)
    intake.note_write()
    return write()


def open_case_in_focus(deps: Deps, emp: Employee) -> CaseView | None:
    """The case the conversation is about (just filed or discussed), when it is still open (read model: no call)."""
    focused = deps.focus.get(emp.slack_user_id)
    case = deps.cases.case(emp.contact_id, focused.case_id) if focused is not None else None
    return case if case is not None and case.is_open else None


def filing_carried(text: str, case_type: str, *, dedupe_key: str, description: str | None = None,
                   channel: str = "dm", files: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """What a question that may end in a filing carries ("Is this about case N?", "Which case?" with its way out):
    all `filing.duplicate_answer` needs to file the message as it would have been filed."""
    return {"text": text, "case_type": case_type, "description": description, "channel": channel,
            "files": list(files), "dedupe_key": dedupe_key}


def _open_then_newest(case: CaseView) -> tuple[bool, float]:
    return (not case.is_open, -(case.created_date.timestamp() if case.created_date else 0.0))


CASE_TEXT: dict[str, Any] = {"title": lambda c: c.subject, "body": lambda c: c.description,
                             "tiebreak": _open_then_newest}
"""How a case is read by the one ranking (intents/ranking.py): its Subject, its Description, open and newest first."""


def implicit_target(deps: Deps, emp: Employee, candidates: Sequence[CaseView], keywords: Sequence[str],
                    text: str, *, news: bool = False) -> CaseView | None:
    """The case an implicit reference ("it", "the vpn case", nothing at all) means among `candidates`: the
    case the words describe when the user describes one ("my vpn case"), else the case in focus, else the one
    the keywords match, else the only candidate; None when it is anybody's guess. With `news` (the words are mostly
    what is to be added to the case, "add to my ticket: come by my desk after 9:30"), a match on the words must be as
    strong as a duplicate's (intents/similarity.py), not one word in passing ("desk" in "Symphony desktop ...")."""
    match = ranking.meant(candidates, keywords, **CASE_TEXT)
    focused = deps.focus.get(emp.slack_user_id)
    in_focus = next((c for c in candidates if focused is not None and c.id == focused.case_id), None)
    described = cues.has(text, Cue.DESCRIBES_CASE)
    if match is not None and news and not described and not ranking.likely_same([match], keywords, **CASE_TEXT):
        match = None
    if match is not None and (in_focus is None or described):
        return match
    if in_focus is not None:
        return in_focus
    return candidates[0] if len(candidates) == 1 else None
