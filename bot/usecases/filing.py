"""Filing a case: from a DM, the /case command or the New case modal; asking first when one of the person's open
cases looks like the same problem; queued in the outbox when Salesforce is unavailable."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot import intake, knowledge_search, wording
from slackui.identity import Employee
from bot.errors import Reply, ThreadStart
from bot.files import SharedFile
from bot.ticket import acknowledgement, next_steps, ticket_for
from bot.usecases import asking, attachments, comments
from bot.usecases.base import (Deps, Queued, case_for_write, CASE_TEXT, filing_carried, open_case_in_focus, run_or_queue,
                               write_once)
from intents import cues, ranking
from intents.cues import Cue
from intents.entities import find_case_refs
from servicecloud import landed
from servicecloud.errors import SalesforceUnavailable
from servicecloud.articles import Article
from servicecloud.models import CaseView
from store.payloads import FileCasePayload, OutboxOp


def open_cases_like(deps: Deps, emp: Employee, keywords: Sequence[str], *, recurring: bool = False) -> list[CaseView]:
    """The person's open cases a message about `keywords` likely duplicates (`recurring`: it says the fault is back),
    from the read model (no call, no search-index lag); none while Salesforce is away (filing will meet the outage
    too, and queue the case)."""
    try:
        return ranking.likely_same(deps.cases.snapshot(emp.contact_id).open, keywords, recurring=recurring, **CASE_TEXT)
    except SalesforceUnavailable:
        return []


def file_case(deps: Deps, emp: Employee, text: str, *, case_type: str | None, keywords: Sequence[str] = (),
              files: Sequence[SharedFile] = (), description: str | None = None, channel: str = "dm",
              check_duplicates: bool = True, dedupe_key: str) -> list[Reply]:
    """File a case, unless one of the user's open cases looks like the same problem: then ask first."""
    case_type = case_type or deps.org.defaults.type_incident
    if (mine := _own_landed_filing(deps, emp, text, description)) is not None:
        # resumed work whose earlier attempt filed this case (and died before answering): "I filed case N",
        # never "Is this about case N?" about it (a "no" would file it twice)
        return _confirm(deps, emp, mine, text, description, why=ticket_fields(deps, text, description)["why"],
                        problems=(), attachments=0)
    if channel == "dm" and cues.has(text, Cue.ADDENDUM) and (focused := open_case_in_focus(deps, emp)):
        # "forgot to mention, it's the built-in camera" right after a case: the person said it adds to it
        return comments.comment(deps, emp, focused.id, focused.case_number, text, dedupe_key=dedupe_key,
                                subject=focused.subject)
    if check_duplicates and keywords and not find_case_refs(text).explicit_number:
        similar = open_cases_like(deps, emp, keywords, recurring=cues.has(text, Cue.AGAIN))
        named = cues.described_case(text) if channel == "dm" else None
        if similar and named and ranking.rank(similar[:1], sorted(ranking.lemmas(named)), **CASE_TEXT):
            # "about my printer ticket - it prints blank pages now": the person named it, just add it
            return comments.comment(deps, emp, similar[0].id, similar[0].case_number, text, dedupe_key=dedupe_key,
                                    subject=similar[0].subject)
        if not similar and channel == "dm":
            similar = _follow_up_of(deps, emp, text)
        if similar:
            return asking.duplicate(deps, emp, similar[0], filing_carried(
                text, case_type, dedupe_key=dedupe_key, description=description, channel=channel,
                files=[f.to_dict() for f in files]), asker=dedupe_key)
    if channel == "dm" and (answered := knowledge_search.answer_first(deps, emp, text, keywords=keywords,
                                                                      case_type=case_type, dedupe_key=dedupe_key,
                                                                      files=files)):
        return answered      # Knowledge articles first (bot/knowledge_search.py); "File my case" files it
    return file_now(deps, emp, text, case_type=case_type, files=files, description=description, channel=channel,
                    dedupe_key=dedupe_key)


def _own_landed_filing(deps: Deps, emp: Employee, text: str, description: str | None) -> CaseView | None:
    """In work resumed after an earlier attempt that sent a Salesforce write (bot/intake.py): the case that
    attempt filed for this text, when it landed; else None (the usual path follows, and `write_once` keeps a
    filing still on its way from being made twice)."""
    earlier = intake.earlier_write()
    if earlier is None:
        return None
    subject = ticket_fields(deps, text, description)["subject"]
    try:
        return landed.filed_case(deps.desk, emp.contact_id, subject, earlier)
    except SalesforceUnavailable:
        return None     # cannot look now: the filing path meets the outage too, and write_once keeps it in doubt


def _confirm(deps: Deps, emp: Employee, case: Any, text: str, description: str | None, *, why: str | None,
             problems: Sequence[str], attachments: int) -> list[Reply]:
    """"I filed case N" (the case tracked and put in focus; later notices go into its thread)."""
    if not getattr(case, "visible", True):
        return [wording.filed_hidden(case.subject, problems)]
    deps.track(emp, case)
    confirmation = wording.filed(case, attachments=attachments, sorry=acknowledgement(f"{text}\n{description or ''}"),
                                 why=why, problems=problems, next_steps=next_steps(case.assignee, urgent=bool(why)))
    return [replace(confirmation, starts_thread=ThreadStart(emp.slack_user_id, case.id))]


def _follow_up_of(deps: Deps, emp: Employee, text: str) -> list[CaseView]:
    """[the case in focus] when a new-issue message reads as a follow-up to it ("it also crashes on wifi"), so
    the user is asked "Is this about case X?" instead of getting a second case."""
    if not cues.has(text, Cue.FOLLOW_UP) or cues.has(text, Cue.NEW_MATTER):
        return []    # "also totally separate thing - my work phone ...": said to be new
    case = open_case_in_focus(deps, emp)
    return [case] if case is not None else []


def queue_first_case(deps: Deps, user_id: str, email: str | None, text: str, parse: Any,
                     files: Sequence[SharedFile], *, dedupe_key: str) -> list[Reply] | None:
    """A new issue from an employee whose Contact is not known yet, while Salesforce is unavailable: queue the
    case by email (the outbox flusher finds the Contact on delivery, or tells the user whom to contact). None
    when this is not a new-issue message (reads say "try again")."""
    if not email or parse is None or parse.intent != "file_case" or not parse.confident:
        return None
    deps.store.enqueue_outbox(OutboxOp.FILE_CASE, user_id, FileCasePayload(
        contact_id=None, email=email, slack_user_id=user_id, text=text, **ticket_fields(deps, text),
        description=None, case_type=parse.case_type or deps.org.defaults.type_incident, channel="dm",
        files=tuple(f.to_dict() for f in files)), dedupe_key)
    return wording.queued_case()


def ticket_fields(deps: Deps, text: str, description: str | None = None, *, subject: str | None = None,
                  ) -> dict[str, Any]:
    """The Subject and Priority Concierge writes for `text` (bot/ticket.py), as file_case arguments."""
    t = ticket_for(f"{text}\n{description or ''}", deps.org, subject=subject)
    return {"subject": t.subject, "priority": t.priority, "why": t.why}


def file_now(deps: Deps, emp: Employee, text: str, *, case_type: str, files: Sequence[SharedFile],
             description: str | None, channel: str, dedupe_key: str, subject: str | None = None,
             articles: Sequence[Article] = ()) -> list[Reply]:
    if deps.budget is not None and not deps.budget.may_file(emp.slack_user_id):     # cases a day (bot/budget.py)
        return [wording.too_many_cases(deps.budget.limits.cases_per_day, deps.org.support_contact)]
    files, skipped = deps.fetcher.split(list(files))  # a file over the limits never stops the filing
    uploads = [deps.fetcher.download(f) for f in files]  # before filing: a failed download files nothing
    ticket = ticket_fields(deps, text, description, subject=subject)
    why = ticket.pop("why")
    case = run_or_queue(deps, emp.slack_user_id, OutboxOp.FILE_CASE, FileCasePayload(
        contact_id=emp.contact_id, text=text, description=description, case_type=case_type, channel=channel,
        files=tuple(f.to_dict() for f in files), **ticket), dedupe_key,
        lambda: write_once(lambda since: landed.filed_case(deps.desk, emp.contact_id, ticket["subject"], since),
                           lambda: deps.desk.file_case(emp.contact_id, text, description=description,
                                                       case_type=case_type, channel=channel, attachments=uploads,
                                                       slack_user_id=emp.slack_user_id, **ticket,
                                                       **({"articles": articles} if articles else {}))),
        wording.queued_case)
    if deps.budget is not None:
        deps.budget.filed(emp.slack_user_id)
    if isinstance(case, Queued):
        return case.replies
    problems = (*skipped, *(getattr(case, "attachment_errors", ()) or ()))
    n = len(getattr(case, "attachments", ()) or ()) if problems or getattr(case, "attachments", None) \
        else len(uploads)
    return _confirm(deps, emp, case, text, description, why=why, problems=problems, attachments=n)


def duplicate_answer(deps: Deps, user_id: str, payload: dict[str, Any], case_id: str | None, *,
                     dedupe_key: str) -> list[Reply]:
    """The answer to "Is this about case X?": add the text (and files) to it, or file a new case."""
    emp = deps.directory.employee(user_id)
    files = [SharedFile(**f) for f in payload.get("files", [])]
    key = payload.get("dedupe_key") or dedupe_key
    if case_id is None:
        return file_now(deps, emp, payload["text"], case_type=payload["case_type"], files=files,
                        description=payload.get("description"), channel=payload.get("channel", "dm"), dedupe_key=key)
    case = case_for_write(deps, emp, case_id)
    replies = comments.comment(deps, emp, case.id, case.case_number, payload["text"], dedupe_key=key,
                               subject=case.subject)
    if files:
        replies += attachments.attach(deps, emp, case.id, case.case_number, files)
    return replies


def submit_new_case(deps: Deps, user_id: str, *, subject: str, description: str | None, case_type: str | None,
                    files: Sequence[dict[str, Any]], dedupe_key: str) -> list[Reply]:
    """The New case modal."""
    emp = deps.directory.employee(user_id)
    types = {"incident": deps.org.defaults.type_incident,
             "service_request": deps.org.defaults.type_service_request}  # slackui.labels.TYPE_OPTIONS keys
    case_type = types.get(case_type or "incident", case_type)  # (a modal opened before keys: the value)
    return file_now(deps, emp, subject.strip(), subject=subject.strip(),
                    case_type=case_type or deps.org.defaults.type_incident, files=[SharedFile.from_slack(f) for f in files],
                    description=(description or "").strip() or None, channel="modal", dedupe_key=dedupe_key)
