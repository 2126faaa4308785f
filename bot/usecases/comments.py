"""Adding to a case: a comment (typed, from the Add comment modal, or a message about the case in focus),
details appended to the description, and a new subject."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from bot import ticket, wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.files import SharedFile
from bot.usecases import asking, attachments
from bot.usecases.status import case_reply
from bot.usecases.base import (CaseRef, Deps, Queued, case_for_write, filing_carried, implicit_target, run_or_queue,
                               write_once)
from servicecloud import landed
from servicecloud.models import CaseView
from intents import cues
from intents.cues import Cue
from servicecloud.errors import CaseDeskError
from store.payloads import AddCommentPayload, OutboxOp, UpdateDescriptionPayload

log = logging.getLogger("concierge.bot")


def add_comment_request(deps: Deps, emp: Employee, ref: str | None, body: str, keywords: Sequence[str], *,
                        dedupe_key: str, text: str = "", case_type: str | None = None) -> list[Reply]:
    """"add a comment to 1234: ...", "tell them it happens on wifi too": to the case named, meant, or asked."""
    if ref and body:
        return comment(deps, emp, ref, ref, body, dedupe_key=dedupe_key)
    if ref:  # "add a comment to 00001234" with nothing to add: offer the modal
        return [case_reply(deps, emp, ref, headline=wording.WHAT_TO_ADD)]
    open_cases = deps.desk.list_open_cases(emp.contact_id)
    if not open_cases:
        if cues.has(text or body, Cue.ASKS_FOR_PERSON):
            return [wording.person_without_case(deps.org.support_contact)]
        return [Reply.plain(wording.NOTHING_TO_COMMENT)]
    target = implicit_target(deps, emp, open_cases, keywords, text, news=True)
    if target is not None:
        return comment_on(deps, emp, target, body, dedupe_key=dedupe_key)
    # "Which case should I add your comment to?": answered by a tap or by typing ("the printer one"), and with a way
    # out when it is a new problem after all (the whole message is filed as it would have been)
    filed_as = filing_carried(text or body, case_type or deps.org.defaults.type_incident, dedupe_key=dedupe_key)
    return asking.pick(deps, emp, "add_comment", {"body": body, **filed_as}, open_cases,
                       wording.PROMPTS["add_comment"], focus_first=False, asker=dedupe_key)


def comment_on(deps: Deps, emp: Employee, case: CaseView | CaseRef, body: str, *, dedupe_key: str) -> list[Reply]:
    """`body` on a case chosen (no body: its card, to click Add comment)."""
    if not body:
        assert isinstance(case, CaseView)
        deps.track(emp, case)
        return [wording.what_to_add(case)]
    return comment(deps, emp, case.id, case.case_number, body, dedupe_key=dedupe_key, subject=case.subject)


def comment(deps: Deps, emp: Employee, case_ref: str, label: str, body: str, *, dedupe_key: str,
            subject: str | None = None, said: str | None = None) -> list[Reply]:
    """Add a comment (queued during an outage); `said` replaces the confirmation sentence."""
    added = run_or_queue(deps, emp.slack_user_id, OutboxOp.ADD_COMMENT,
                         AddCommentPayload(contact_id=emp.contact_id, case_ref=case_ref, body=body), dedupe_key,
                         lambda: write_once(lambda since: landed.landed_comment(deps.desk, emp.contact_id,
                                                                                case_ref, body, since),
                                            lambda: deps.desk.add_comment(emp.contact_id, case_ref, body)),
                         lambda: wording.queued_comment(label))
    if isinstance(added, Queued):
        return added.replies
    deps.store.touch_user_activity(added.case_id)
    if label.isdigit():
        deps.remember(emp.slack_user_id, added.case_id, label, subject)
    raised = raise_priority(deps, emp, added.case_id, body)
    return [Reply.plain(" ".join(filter(None, (said or wording.commented(label, subject), raised))))]


def raise_priority(deps: Deps, emp: Employee, case_id: str, body: str) -> str | None:
    """A comment saying the case became urgent raises it to the org's urgent priority when it is still at the
    default one (bot/ticket.py `urgent_priority`, `at_default_priority`): what to tell the person, or None. Only
    such a comment costs calls (the case's priority, then the write); a failure there never costs the comment its
    confirmation."""
    urgent = ticket.urgent_priority(body, deps.org)
    if urgent is None or urgent.priority == deps.org.defaults.priority:
        return None
    try:
        case = deps.desk.get_case(emp.contact_id, case_id)
        if not ticket.at_default_priority(case.priority, deps.org):
            return None
        deps.desk.update_priority(emp.contact_id, case_id, urgent.priority)
    except CaseDeskError as e:
        log.warning("could not raise the priority of %s: %s", case_id, e)
        return None
    return wording.priority_raised(urgent.why)


def submit_comment(deps: Deps, user_id: str, case_id: str, body: str, *, dedupe_key: str) -> list[Reply]:
    """The Add comment modal."""
    emp = deps.directory.employee(user_id)
    case = case_for_write(deps, emp, case_id)  # ownership + the number for the reply
    return comment(deps, emp, case.id, case.case_number, body, dedupe_key=dedupe_key, subject=case.subject)


def thread_reply(deps: Deps, user_id: str, case_id: str, text: str, files: Sequence[SharedFile], *,
                 dedupe_key: str) -> list[Reply]:
    """A reply in a case's thread: the text becomes a public comment on that case, the files are attached to
    it. The case is re-checked as the person's (`case_for_write`), as for the Add comment modal."""
    if not text and not files:
        return []
    emp = deps.directory.employee(user_id)
    case = case_for_write(deps, emp, case_id)
    replies = comment(deps, emp, case.id, case.case_number, text, dedupe_key=dedupe_key, subject=case.subject) \
        if text else []
    if files:
        replies += attachments.attach(deps, emp, case.id, case.case_number, files, subject=case.subject)
    return replies


def submit_details(deps: Deps, user_id: str, case_id: str, text: str, *, dedupe_key: str) -> list[Reply]:
    """The Add details modal: appended to the case's description."""
    emp = deps.directory.employee(user_id)
    case = run_or_queue(deps, user_id, OutboxOp.UPDATE_DESCRIPTION,
                        UpdateDescriptionPayload(contact_id=emp.contact_id, case_ref=case_id, text=text), dedupe_key,
                        lambda: deps.desk.update_description(emp.contact_id, case_id, text, append=True),
                        wording.queued_details)
    if isinstance(case, Queued):
        return case.replies
    deps.store.touch_user_activity(case.id)
    deps.remember(user_id, case.id, case.case_number, case.subject)
    return [wording.details_added(case)]


def submit_subject(deps: Deps, user_id: str, case_id: str, subject: str, *, dedupe_key: str) -> list[Reply]:
    """The Edit subject modal: the employee's own words replace Concierge's summary."""
    emp = deps.directory.employee(user_id)
    case = deps.desk.update_subject(emp.contact_id, case_id, subject)
    deps.remember(user_id, case.id, case.case_number, case.subject)
    return [wording.subject_updated(case)]
