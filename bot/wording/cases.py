"""A case, a list of cases and the latest from the agent: what a status question or "my cases" gets."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot import blocks, lists
from bot.errors import Reply
from bot.wording.expect import expect_lines
from bot.wording.words import plural, short
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView
from slackui import card, ids
from slackui.blocks import section
from slackui.fit import escape, quote


def waiting_note(case: CaseView) -> str | None:
    """A hint under a case that waits for the employee: the ball is in their court."""
    if case.state == CanonicalState.WAITING_FOR_USER:
        who = escape(case.assignee) if case.assignee else "The agent"
        return f":speech_balloon: {who} is waiting for your answer: click *Add comment* to reply."
    return None


def expect(case: CaseView, tz: str | None, now: datetime | None = None) -> list[str]:
    """When to expect an answer on this case, in the person's zone `tz` (none without an open milestone, or for a
    case no longer open)."""
    if not case.is_open:
        return []
    return expect_lines(case.targets, now or datetime.now(UTC), tz,
                        waiting_for_them=case.state == CanonicalState.WAITING_FOR_USER)


def case_reply(case: CaseView, *, details: bool = False, headline: str | None = None, tz: str | None = None,
               now: datetime | None = None) -> Reply:
    return Reply(card.summary_text(case), card.case_card(case, headline=headline, details=details,
                                                         note=waiting_note(case), expect=expect(case, tz, now)))


def latest_on(number: str) -> str:
    return f"Here's the latest on case *{number}*:"


def no_agent_message(number: str) -> str:
    return f"I don't have a recent message from the agent on case *{number}*; here is the case."


def agent_asked(case_id: str, number: str, subject: str | None, words: str, who: str | None) -> Reply:
    """"What did they ask?": the agent's words on the case, with Add comment / View case."""
    said = (f"{escape(who) if who else 'The agent'} wrote on case *{number}* "
            f"({escape(short(subject))}):\n{quote(words, 1500)}\n"
            f"Click *Add comment* to answer, or just type your answer here with “add to {number}: …”.")
    return Reply(f"On case {number}: {short(words, 150)}", [
        section(said), card.buttons(case_id, (ids.ADD_COMMENT, ids.VIEW_CASE))])


def search_results(found: Sequence[CaseView], *, tz: str | None = None, now: datetime | None = None) -> Reply:
    return Reply(card.summary_text(found[0]), blocks.search_results(found, note=waiting_note(found[0]),
                                                                     expect=expect(found[0], tz, now)))


def nothing_found(keywords: Sequence[str]) -> Reply:
    return Reply.plain(f"I couldn't find a case of yours about “{' '.join(keywords)}”. Type *my cases* to see "
                       "your open ones.")


def open_cases(cases: Sequence[CaseView], start: int) -> Reply:
    return Reply(f"You have {plural(len(cases), 'open case')}.",
                 lists.case_list(cases, title=f"Your open cases ({len(cases)}), newest first:",
                                 empty="You have no open cases. :tada:", start=start))


def closed_cases(closed: Sequence[CaseView], days: int, start: int) -> Reply:
    return Reply(f"You have {plural(len(closed), 'case')} closed in the last {days} days.",
                 lists.case_list(closed, title=f"Your cases closed in the last {days} days ({len(closed)}):",
                                 empty=f"You have no cases closed in the last {days} days.", start=start,
                                 kind="closed"))
