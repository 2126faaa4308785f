"""Answers to the bot's questions, typed or clicked: the state machine (bot/dialogue/machine.py) decides, this
module does what it decided."""
from __future__ import annotations

from typing import Any

from bot import wording
from bot.dialogue.machine import (Act, AlreadyAnswered, Clicked, Command, Decline, Expired, FileAnswer, FileNew,
                                  Interpret,
                                  NotAnAnswer, Said, step)
from bot.dialogue.question import Kind, Question
from slackui.identity import Employee
from bot.errors import BotError, Reply
from bot.files import SharedFile
from bot.usecases import asking, attachments, comments, filing, lifecycle, requests
from bot.usecases.base import CaseRef, Deps, case_for_write
from intents import cues
from intents.cues import Cue
from intents.utterance import CHAT_INTENTS, Utterance, understand
from servicecloud.models import CaseView


def answer_by_text(deps: Deps, user_id: str, u: Utterance, *, dedupe_key: str) -> list[Reply] | None:
    """The reply when `u` answers the question the bot just asked (None when it does not: then it is a new
    request). Destructive answers chosen by words (close/reopen) are confirmed; by number, they act."""
    questions = deps.store.questions
    q = Question.from_record(questions.open_question(user_id, taker=dedupe_key))
    if q is None:
        return None
    after, command = step(q, Said(u))
    if after is not None:
        return None  # not an answer: the question stays open
    if isinstance(command, NotAnAnswer):  # a new request: the question is closed (its buttons still work)
        questions.close(q.id, user_id, taker=dedupe_key)
        return None
    # taken by this message (and closed): its work resumed after a crash or a cut connection finds it again
    taken = questions.take(q.id, user_id, taker=dedupe_key)
    payload = dict(taken.carried) if taken is not None else None
    if payload is None:  # already answered with a button, or expired
        return None
    if isinstance(command, FileAnswer):   # the answer to "What isn't working?" (or "What's the problem?") is the problem
        read = u if u.parse is not None else understand(u.text, deps.parse(u.text))
        broken = cues.has(str(payload.get("text", "")), Cue.VAGUE)   # "it's not working", then what: something broken
        return filing.file_case(deps, deps.directory.employee(user_id), read.text,
                                case_type=deps.org.defaults.type_incident if broken else read.case_type,
                                keywords=read.keywords, dedupe_key=dedupe_key)
    try:
        return do(deps, user_id, q, command, payload, dedupe_key=dedupe_key)
    except BotError:
        if isinstance(command, Interpret):
            return None
        raise


def clicked(deps: Deps, user_id: str, kind: Kind, question_id: str, click: Clicked, *,
            dedupe_key: str) -> list[Reply]:
    """A button of a question (the question is taken: a second click is "already answered")."""
    taken = deps.store.questions.take(question_id, user_id, taker=dedupe_key) if question_id else None
    payload = dict(taken.carried) if taken is not None else None
    q = Question(kind, (payload or {}).get("op", ""), question_id, carried=payload or {})
    _, command = step(q, click if payload is not None else Expired())
    return do(deps, user_id, q, command, payload or {}, dedupe_key=dedupe_key)


def do(deps: Deps, user_id: str, q: Question, command: Command, payload: dict[str, Any], *,
       dedupe_key: str) -> list[Reply]:
    """Carry out the state machine's `command` for question `q`, which carried `payload`."""
    if isinstance(command, FileNew):
        if command.news:   # what the refusal added goes in the Description, after the message
            payload = {**payload, "description": f"{payload.get('description') or payload['text']}\n\n{command.news}"}
        return filing.duplicate_answer(deps, user_id, payload, None, dedupe_key=dedupe_key)
    if isinstance(command, Decline):
        if command.news and payload.get("declined"):   # the refusal went on with news about the case proposed
            who = deps.directory.employee(user_id)
            case = case_for_write(deps, who, payload["declined"])
            return comments.comment(deps, who, case.id, case.case_number, command.news, dedupe_key=dedupe_key,
                                    subject=case.subject, said=wording.kept_open_commented(case))
        return declined(deps, user_id, payload, asker=dedupe_key)
    if isinstance(command, Interpret):
        text = payload["text"]
        emp = None if command.intent in CHAT_INTENTS else deps.directory.employee(user_id)
        return requests.run(deps, emp, command.intent, understand(text, deps.parse(text)), dedupe_key=dedupe_key)
    if isinstance(command, AlreadyAnswered) or not isinstance(command, Act):
        raise BotError(wording.QUESTION_GONE)
    if q.kind is Kind.DUPLICATE:
        return filing.duplicate_answer(deps, user_id, payload, command.case_id, dedupe_key=dedupe_key)
    emp = deps.directory.employee(user_id)
    op = payload.pop("op", q.op)
    if command.confirm:
        case = deps.desk.get_case(emp.contact_id, command.case_id)
        carried = {k: v for k, v in payload.items() if k not in ("declined", "others")}
        return asking.confirm(deps, emp, op, case, [case], payload=carried, asker=dedupe_key)
    return run_picked(deps, emp, op, payload, case_for_write(deps, emp, command.case_id), dedupe_key=dedupe_key)


def run_picked(deps: Deps, emp: Employee, op: str, payload: dict[str, Any], case: CaseView | CaseRef, *,
               dedupe_key: str) -> list[Reply]:
    """The question's operation on the case chosen."""
    if op == "add_comment":
        return comments.comment_on(deps, emp, case, payload.get("body") or "", dedupe_key=dedupe_key)
    if op == "close_case":
        return lifecycle.close(deps, emp, case.id, dedupe_key=dedupe_key, label=case.case_number)
    if op == "reopen_case":
        return lifecycle.reopen(deps, emp, case.id, dedupe_key=dedupe_key, label=case.case_number)
    if op == "attach":
        return attachments.attach(deps, emp, case.id, case.case_number, [SharedFile(**f) for f in payload["files"]],
                                  subject=case.subject)
    raise BotError(wording.LOST_QUESTION)


def declined(deps: Deps, user_id: str, payload: dict[str, Any], *, asker: str) -> list[Reply]:
    """"Not that one" / "No": the other candidates as a "Which case?" list, or nothing to do."""
    op, refused = payload.pop("op", ""), payload.pop("declined", None)
    if not payload.pop("others", True):  # the question was "No, keep it open": nothing else to offer
        return [wording.nothing_done(op)]
    emp = deps.directory.employee(user_id)
    if op == "reopen_case":
        recent = deps.desk.list_recent_cases(emp.contact_id, closed_within_days=deps.org.recently_closed_days)
        candidates = [c for c in recent if not c.is_open]
    else:
        candidates = deps.desk.list_open_cases(emp.contact_id)
    others = [c for c in candidates if c.id != refused]
    if not others:
        return [wording.nothing_done(op)]
    return asking.pick(deps, emp, op, payload, others, wording.prompt(op), focus_first=False, asker=asker)
