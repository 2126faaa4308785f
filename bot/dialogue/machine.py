"""The dialogue's state machine: `step(question, event) -> (next question, command)`.

Pure: it reads the open `Question` and what happened (the person said something, clicked one of the
question's buttons, or the question expired) and says what to do; `bot/conversation.py` does it (reads and
writes Salesforce, replies). The transition table is in docs/architecture.md; each row is a unit test in
tests/dialogue/test_machine.py.

"While a question is open, a complete new request is handled as such; only an answer answers": a message
is an answer only when it is one (yes / no to a proposal, a listed case's number, "the second one", "the
other one", words of one listed subject); anything else is `NotAnAnswer`, and the question stays open for a
later answer unless the kind of question is one that any new message closes (did-you-mean).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.dialogue.question import CONFIRMED_OPS, Candidate, Kind, Question
from intents import cues, ranking
from intents.yes_no import declined_then
from intents.cues import Cue
from intents.utterance import Utterance


# -- events
@dataclass(frozen=True)
class Said:
    """The person typed something while the question was open."""

    utterance: Utterance


@dataclass(frozen=True)
class Clicked:
    """One of the question's buttons: a case (`case_id`), "not that one" / "new case" (`case_id` None), or a
    did-you-mean intent."""

    case_id: str | None = None
    intent: str | None = None


@dataclass(frozen=True)
class Expired:
    """The question's one-use row is gone (answered with a button, or expired)."""


Event = Said | Clicked | Expired


# -- commands
@dataclass(frozen=True)
class NotAnAnswer:
    """Handle the message as a new request."""


@dataclass(frozen=True)
class Act:
    """Do the question's operation on `case_id`; `confirm`: ask "Close case N?" first (a destructive op whose
    case was chosen by words)."""

    case_id: str
    confirm: bool = False


@dataclass(frozen=True)
class Decline:
    """"No" / "Not that one": offer the other candidates, or say nothing is done; `news`: what the refusal went on
    to say about the case proposed ("no wait, keep it open, it just jammed again"), added to it."""

    news: str = ""


@dataclass(frozen=True)
class FileNew:
    """"No, file a new case" to "Is this about case N?"; `news`: what the refusal went on to say ("no, different
    problem - this only happens with the export"), filed with the message."""

    news: str = ""


@dataclass(frozen=True)
class Interpret:
    """Run the carried text as `intent` (a did-you-mean choice)."""

    intent: str


@dataclass(frozen=True)
class FileAnswer:
    """The answer to "What isn't working?" is the problem: file it (with what was said before, in `carried`)."""


@dataclass(frozen=True)
class AlreadyAnswered:
    """Say the question was already answered or has expired."""


Command = NotAnAnswer | Act | Decline | FileNew | Interpret | FileAnswer | AlreadyAnswered


def step(q: Question, event: Event) -> tuple[Question | None, Command]:
    """The question after `event` (None: closed) and what to do."""
    if isinstance(event, Expired):
        return None, AlreadyAnswered()
    if isinstance(event, Clicked):
        return _clicked(q, event)
    return _said(q, event.utterance)


def _clicked(q: Question, c: Clicked) -> tuple[Question | None, Command]:
    if q.kind is Kind.DID_YOU_MEAN:
        return None, Interpret(c.intent or "unknown")
    if q.kind is Kind.DUPLICATE:
        return None, (Act(c.case_id) if c.case_id else FileNew())
    return None, (Act(c.case_id) if c.case_id else Decline())


def _said(q: Question, u: Utterance) -> tuple[Question | None, Command]:
    if q.kind is Kind.DESCRIBE:   # "What isn't working?": a description answers it; a request of its own does not
        taken_back = u.has(Cue.NEVER_MIND) or u.has(Cue.SAYS_FIXED)   # "never mind, it came back on its own"
        describes = not taken_back and (u.states_problem or (
            not u.has(Cue.NO) and not u.has(Cue.THANKS) and not u.has(Cue.GREETING) and not u.has(Cue.VAGUE)
            and "?" not in u.text and len(u.text.split()) >= 3))
        acts = u.intent not in ("close_case", "reopen_case") or _ACTS_ON_A_CASE.search(u.text)   # "it scans fine but ...":
        # a description, whatever "fine" made the model read
        if u.case_ref or (u.confident and acts and u.intent in ("check_status", "list_cases", "close_case", "reopen_case",
                                                                "help")):
            return None, NotAnAnswer()
        return None, (FileAnswer() if describes else NotAnAnswer())
    if not q.candidates:
        return q, NotAnAnswer()
    if q.kind is Kind.DID_YOU_MEAN:  # "yes" = the first choice (add it to the case in focus); "file it": filing it
        if _FILE_IT.match(u.text):
            return None, Interpret("file_case")
        return None, (Interpret("add_comment") if u.has(Cue.YES) else NotAnAnswer())
    if q.kind is Kind.PICK and q.carried.get("text") and u.has(Cue.WANTS_NEW_CASE) and not u.case_ref:
        return None, FileNew()  # "none of these, it's a new problem": the way out of "Which case?", typed
    if u.has(Cue.YES) or u.has(Cue.NO):
        if not q.target:
            return q, NotAnAnswer()
        if u.has(Cue.NO):
            return None, (FileNew() if q.kind is Kind.DUPLICATE else Decline())
        return None, Act(q.target)
    if q.kind is Kind.CONFIRM and q.target and (news := declined_then(u.text)):
        return None, Decline(news=news)   # "no wait, keep it open, it just jammed again"
    if q.kind is Kind.DUPLICATE and (news := declined_then(u.text)):
        return None, FileNew(news=news)   # "no, different problem - this only happens with the export"
    if u.confident and u.intent == "file_case" and not u.has(Cue.OTHER_ONE):
        return q, NotAnAnswer()  # a new problem, not an answer
    if new_request(u, q.op):
        return None, NotAnAnswer()  # the person moved on; the question's buttons still work
    chosen = choose(q.candidates, u, declined=q.target)
    if chosen is None:
        return q, NotAnAnswer()
    # An answer to "Which case should I close?" chose among the cases listed: acting on it needs no second question.
    # Only a case other than the one proposed ("the other one" to "Close case N?") is confirmed first.
    return None, Act(chosen.id, confirm=q.kind is Kind.CONFIRM and q.confirms)


# A typed "file it" to "Did you mean…": the message asked about is to be filed ("file it", "new ticket please").
_FILE_IT = re.compile(r"^\W*(?:(?:yes|yeah|ok|okay|please|pls|just)\W+)*(?:(?:file|log|open|create|raise|make)\s+"
                      r"(?:it|that|this|one|a\s+(?:new\s+)?(?:case|ticket))|(?:a\s+)?new\s+(?:case|ticket))"
                      r"(?:\W+(?:please|pls|thanks|as\s+a\s+new\s+(?:case|ticket)))*\W*$", re.IGNORECASE)


# The verbs of closing or reopening a case, said.
_ACTS_ON_A_CASE = re.compile(r"\b(?:close|closed|closing|cancel|resolve|shut|re-?open|open\s+again)\b", re.IGNORECASE)
# A short number standing alone ("screen 6", "bay 12"), not part of a word, a decimal or an ordinal ("2nd").
_NUMBER = re.compile(r"(?<![\w.])\d{1,4}(?![\w.])")


def new_request(u: Utterance, op: str) -> bool:
    """True when a message typed while a question is open is a complete request of its own, to be handled as
    such: a status question or a list ("what's the status of 1008", "show my cases"), a comment for a named
    case ("add a comment to 1008: it works now"), closing or reopening a named case other than by answering
    "which case should I close/reopen?". A bare case number, "the second one" or "yes" stay answers."""
    if not u.confident:
        return False
    if u.intent == "list_cases":
        return True
    if u.intent == "check_status":
        return cues.asks_status(u.text)
    if not u.case_ref:
        return False
    if u.intent == "add_comment":
        body = u.comment_body
        return bool(body) and body != u.text and not cues.SLASH_CASE_REF.match(body)
    return u.intent in CONFIRMED_OPS and u.intent != op


def choose(cases: Sequence[Candidate], u: Utterance, *, declined: str | None) -> Candidate | None:
    """The one listed case a typed answer designates, or None: its number or Id, "2" (the second listed), a number
    only one listed subject holds ("the screen 6 one"), "the second one", words of one subject, or "the other one" when
    one other is left."""
    ref, text = u.case_ref, u.text
    if ref:
        hit = [c for c in cases if ref in (c.number, c.id)]
        if hit:
            return hit[0]
        if ref.isdigit() and 1 <= int(ref) <= len(cases) and len(text.strip("#. ")) <= 3:  # "2" = the 2nd one
            return cases[int(ref) - 1]
        return None
    rest = [c for c in cases if c.id != declined] if declined else list(cases)
    if said := set(_NUMBER.findall(text)):   # "the screen 6 one": the number in one listed subject ("Screen 6 projector")
        numbered = [c for c in rest if said & set(_NUMBER.findall(c.subject or ""))]
        if len(numbered) == 1:
            return numbered[0]
    if u.ordinal is not None and len(cases) > 1:
        return cases[u.ordinal] if -len(cases) <= u.ordinal < len(cases) else None
    named = ranking.meant(rest, u.keywords, title=lambda c: c.subject)   # "the printer one"
    if named is not None:
        return named
    if u.has(Cue.OTHER_ONE) and len(rest) == 1:
        return rest[0]
    return None
