"""`Question`: the one question the bot has open with a person, and how it is stored.

Five kinds: did-you-mean (an unclear message, "Add it to case N?"), pick ("Which case?"), confirm ("Close case
N?"), duplicate ("Is this about case N?") and describe ("What isn't working?", "What's the problem?": the next
message is the problem). A question knows the operation it is for, the candidate cases
it listed, the case it proposed (`target`) and what it carries (the text, comment body, files, ...).

Stored as one row (`Store.questions`, store/questions.py): its id is in every button of the question, and the
same row answers a typed answer while it is the person's open question. `from_record` reads it back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from store.questions import QuestionRecord


class Kind(StrEnum):
    DID_YOU_MEAN = "did_you_mean"
    PICK = "pick"
    CONFIRM = "confirm"
    DUPLICATE = "duplicate"
    DESCRIBE = "describe"


# The operations a question can be for (the "op" written in its rows).
CLOSE, REOPEN, COMMENT, ATTACH = "close_case", "reopen_case", "add_comment", "attach"
CONFIRMED_OPS = (CLOSE, REOPEN)  # destructive: a case chosen by words is confirmed first


@dataclass(frozen=True)
class Candidate:
    """A case the question listed (or proposed)."""

    id: str
    number: str
    subject: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "subject": self.subject}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Candidate:
        return cls(id=data["id"], number=data.get("number") or "", subject=data.get("subject"))


@dataclass(frozen=True)
class Question:
    kind: Kind
    op: str  # CLOSE | REOPEN | COMMENT | ATTACH, "file_case" for a duplicate, "" for did-you-mean
    id: str  # the value every button of the question carries
    candidates: tuple[Candidate, ...] = ()
    target: str | None = None  # the case proposed (confirm, duplicate) or in focus (did-you-mean)
    carried: dict[str, Any] = field(default_factory=dict)  # text, body, files, ...

    @property
    def confirms(self) -> bool:
        return self.op in CONFIRMED_OPS

    @classmethod
    def from_record(cls, record: QuestionRecord | None) -> Question | None:
        """The question stored as `record` (None for none)."""
        if record is None:
            return None
        return cls(kind=Kind(record.kind), op=record.op, id=record.id, target=record.target,
                   candidates=tuple(Candidate.from_json(c) for c in record.candidates), carried=dict(record.carried))
