"""`Question`: the one question the bot has open with a person, and how it is stored.

Four kinds: did-you-mean (an unclear message, "Add it to case N?"), pick ("Which case?"), confirm ("Close case
N?") and duplicate ("Is this about case N?"). A question knows the operation it is for, the candidate cases
it listed, the case it proposed (`target`) and what it carries (the text, comment body, files, ...).

Rows: the question's one-use row (`Store.put_pending`, its id in every button of the question) carries the
operation and what it carries; the typed-answer row (`Focus.set_question`) the candidates and the target.
`from_rows` reads both as they have always been written, so buttons already posted keep working.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    DID_YOU_MEAN = "did_you_mean"
    PICK = "pick"
    CONFIRM = "confirm"
    DUPLICATE = "duplicate"


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
    pending: str  # the one-use row's id (the value every button of the question carries)
    candidates: tuple[Candidate, ...] = ()
    target: str | None = None  # the case proposed (confirm, duplicate) or in focus (did-you-mean)
    carried: dict[str, Any] = field(default_factory=dict)  # text, body, files, ... (the one-use row)

    @property
    def confirms(self) -> bool:
        return self.op in CONFIRMED_OPS

    def focus_row(self) -> dict[str, Any]:
        """The typed-answer row, in the shape it has always had."""
        op = {Kind.DID_YOU_MEAN: "did_you_mean", Kind.DUPLICATE: "duplicate"}.get(self.kind, self.op)
        return {"pending": self.pending, "op": op, "target": self.target,
                "cases": [c.to_json() for c in self.candidates]}

    @classmethod
    def from_rows(cls, focus_row: dict[str, Any] | None, carried: dict[str, Any] | None = None) -> Question | None:
        """The question from its typed-answer row (and its one-use row's payload, when read); None for no row."""
        if not focus_row or not focus_row.get("pending"):
            return None
        op, target = focus_row.get("op") or "", focus_row.get("target")
        if op == "did_you_mean":
            kind, op = Kind.DID_YOU_MEAN, ""
        elif op == "duplicate":
            kind, op = Kind.DUPLICATE, "file_case"
        elif target and op in CONFIRMED_OPS:
            kind = Kind.CONFIRM
        else:
            kind = Kind.PICK
        return cls(kind=kind, op=op, pending=focus_row["pending"], target=target,
                   candidates=tuple(Candidate.from_json(c) for c in focus_row.get("cases") or ()),
                   carried=dict(carried or {}))
