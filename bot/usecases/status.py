"""Reading cases: one case's card, "any update?", a search by words, the lists, what the agent asked, and the
App Home. Reads are never queued: during an outage they say try again (bot/errors.py)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from bot import lists, wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.usecases.base import ALL_CASES, CASE_TEXT, Deps
from intents import as_typed, cues, keywords, ranking
from intents.cues import Cue
from servicecloud.config import CanonicalState
from servicecloud.errors import CaseDeskError, CaseNotFound
from servicecloud.models import CaseView


def status(deps: Deps, emp: Employee, ref: str | None, keywords: Sequence[str], text: str) -> list[Reply]:
    if ref:
        return [case_reply(deps, emp, ref)]
    focused = deps.focus.get(emp.slack_user_id)
    if focused is not None and not keywords and not cues.has(text, Cue.PLURAL_CASES):
        # "any update?" right after talking about a case
        return [case_reply(deps, emp, focused.case_id, details=True, headline=wording.latest_on(focused.case_number))]
    if keywords:
        found = search(deps, emp, keywords)
        if found:
            deps.track(emp, found[0])
            return [wording.search_results(found, tz=emp.tz)]
        return [wording.nothing_found(as_typed(text, list(keywords)))]  # the person's words, not stems
    return my_cases(deps, emp)


def search(deps: Deps, emp: Employee, keywords: Sequence[str], limit: int = 6) -> list[CaseView]:
    """The person's cases the keywords match, best first; one call at most. When the read model holds all the
    person's recent cases (seeded and fresh), they are matched there and the best one is read again (its card
    is current); only when none of them matches is Salesforce's search index asked, for older cases. Else
    `search_cases` (SOQL over the recent cases, then the search index when none matches)."""
    snap = deps.cases.complete(emp.contact_id)
    if snap is None:
        return deps.desk.search_cases(emp.contact_id, list(keywords), include_closed=True, limit=limit)
    found = [m.item for m in ranking.rank([*snap.open, *snap.closed], keywords, **CASE_TEXT)][:limit]
    if not found:
        return deps.desk.search_older_cases(emp.contact_id, list(keywords), limit=limit)
    try:
        return [deps.desk.get_case(emp.contact_id, found[0].id), *found[1:]]
    except CaseNotFound:   # deleted or moved to another contact since: the read model forgot it (bot/readmodel.py)
        return found[1:]


def case_reply(deps: Deps, emp: Employee, ref: str, *, details: bool = False, headline: str | None = None) -> Reply:
    """One case's card (tracked, and in focus)."""
    case = deps.desk.get_case(emp.contact_id, ref)
    deps.track(emp, case)
    return wording.case_reply(case, details=details, headline=headline, tz=emp.tz)


def my_cases(deps: Deps, emp: Employee, start: int = 0) -> list[Reply]:
    """All open cases counted, the newest listed (from `start`, for "Show more")."""
    cases = deps.desk.list_open_cases(emp.contact_id, limit=ALL_CASES)
    if len(cases) == 1:
        deps.remember(emp.slack_user_id, cases[0].id, cases[0].case_number, cases[0].subject)
    return [wording.open_cases(cases, start)]


def closed_cases(deps: Deps, emp: Employee, start: int = 0) -> list[Reply]:
    """"my closed cases": the ones closed within `org.recently_closed_days`, newest first."""
    days = deps.org.recently_closed_days
    recent = deps.desk.list_recent_cases(emp.contact_id, closed_within_days=days, limit=ALL_CASES)
    closed = [c for c in recent if not c.is_open]
    if len(closed) == 1:
        deps.remember(emp.slack_user_id, closed[0].id, closed[0].case_number, closed[0].subject)
    return [wording.closed_cases(closed, days, start)]


def what_they_asked(deps: Deps, user_id: str, text: str = "") -> list[Reply]:
    """"What did they ask?", "what does the agent need from me on the printer case?": the agent's latest public
    comment, from the newest notification DM on the case meant; when the bot passed none on (a new Slack account, a
    case filed elsewhere, notices switched off), from Salesforce: the latest public reply not written by Concierge
    on the case meant (named by its words, in focus, or waiting for the person), in one call."""
    focused = deps.focus.get(user_id)
    words = _topic_words(text)
    note = deps.store.latest_notification(user_id, datetime.now(timezone.utc) - timedelta(days=30))
    if (note is not None and note.agent_words and not words
            and (focused is None or focused.case_id == note.case_id)):
        deps.remember(user_id, note.case_id, note.case_number, note.subject)
        return [wording.agent_asked(note.case_id, note.case_number or "your case", note.subject, note.agent_words,
                                    note.agent)]
    emp = deps.directory.employee(user_id)
    meant = _cases_meant(deps, emp, words, focused.case_id if focused is not None else None)
    if not meant:
        return [Reply.plain(wording.NO_AGENT_QUESTION)]
    reply = deps.desk.latest_agent_reply(emp.contact_id, [c.id for c in meant])
    if reply is not None:
        case = next((c for c in meant if c.id == reply.case_id), meant[0])
        deps.track(emp, case)
        return [wording.agent_asked(case.id, case.case_number, case.subject, reply.body, reply.created_by_name)]
    first = meant[0]
    deps.track(emp, first)
    return [case_reply(deps, emp, first.id, details=True, headline=wording.no_agent_message(first.case_number))]


# Words of "what does the agent need from me on the printer case?" that name no case.
_ASKING_WORDS = frozenset("""agent need want ask say support team they case ticket request issue question info
information anything something else know tech guy it helpdesk desk person someone message reply answer wait
waiting""".split())


def _topic_words(text: str) -> list[str]:
    """The words naming a case in "what does the agent need from me on the printer case?" (none in "what did they
    ask?")."""
    return [w for w in keywords(text) if w.casefold() not in _ASKING_WORDS] if text else []


def _cases_meant(deps: Deps, emp: Employee, words: Sequence[str], focused_id: str | None) -> list[CaseView]:
    """The open cases a question about the agent's words is about, likeliest first: those its words name, else the
    one in focus, else those waiting for the person, else all open ones (from the read model: no call)."""
    open_cases = deps.cases.snapshot(emp.contact_id).open
    if words:
        named = [m.item for m in ranking.rank(open_cases, words, **CASE_TEXT)]
        if named:
            return list(named)
    if focused_id is not None:
        hit = [c for c in open_cases if c.id == focused_id]
        if hit:
            return hit
    waiting = [c for c in open_cases if c.state is CanonicalState.WAITING_FOR_USER]
    return waiting or list(open_cases)


def home(deps: Deps, user_id: str, *, refresh: bool = False) -> dict[str, Any]:
    """The App Home view, from the read model (no call; `refresh`: one call when it is stale). Never raises
    for an expected failure (shows it in the view instead)."""
    cmd = deps.org.slash_command
    try:
        emp = deps.directory.employee(user_id)
        snap = deps.cases.snapshot(emp.contact_id, refresh_if_stale=refresh)
    except CaseDeskError as e:  # unknown contact, Salesforce away, ...: said in the view itself
        return lists.home_view([], [], slash_command=cmd, error=e.user_message)
    now = datetime.now(timezone.utc)
    return lists.home_view(snap.open, snap.closed, slash_command=cmd, as_of=snap.as_of if snap.stale else None,
                           expect=lambda case: wording.expect(case, emp.tz, now))
