"""The ledger's payloads: the case (and the comment, or the reminder) as a notification tells it, frozen into
the ledger row when the poller decides it and rendered later by cards.py.

One frozen dataclass per shape; the JSON keys are the ones the poller has always written, so rows recorded by
earlier versions keep rendering and `to_json(from_json(row))` gives the row back:

| kinds | snapshot | JSON keys |
|---|---|---|
| filed_elsewhere | `CaseSnapshot` | case_id, case_number, subject, status, state, assignee, url, origin, type |
| waiting, resolved, closed | `StatusSnapshot` | the case's, agent; waiting: question, asked_by (what the agent asked, when known) |
| comment | `CommentSnapshot` | the case's, comment_id, body, author, commented_at; other replies: channel, files [{name, url}] |
| nudge | `NudgeSnapshot` | case_id, case_number, subject, status, state, assignee, url, nudge_number, idle_days, max_nudges |

`from_json` ignores keys it does not know and gives a missing key its default (a row is never refused); which
snapshot a kind has is `rules.SNAPSHOT_OF`, read with `rules.snapshot_from_json(kind, row)`. The rules build them
from the desk's views with `case_snapshot`, `status_snapshot` and `comment_snapshot` (below).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Self

from servicecloud.models import AgentReply, CaseComment, CaseView


@dataclass(frozen=True, kw_only=True)
class _Snapshot:
    case_id: str
    case_number: str | None = None
    subject: str | None = None
    status: str | None = None
    state: str | None = None
    assignee: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        known = {f.name for f in fields(cls)}
        return cls(**{k: _typed(k, v) for k, v in data.items() if k in known})


@dataclass(frozen=True, kw_only=True)
class CaseSnapshot(_Snapshot):
    """The case as its card shows it (a case filed for the employee elsewhere)."""

    origin: str | None = None
    type: str | None = None


@dataclass(frozen=True, kw_only=True)
class StatusSnapshot(CaseSnapshot):
    """A status an agent set: waiting for the employee, resolved or closed; `agent` did it. For "waiting",
    `question` is the agent's newest public comment and `asked_by` its author (both left out of the JSON when
    no comment was seen)."""

    agent: str | None = None
    question: str | None = None
    asked_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.question is None:
            del out["question"], out["asked_by"]
        return out


@dataclass(frozen=True)
class FileRef:
    """A file an agent linked to the case: its name and where to open it."""

    name: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class CommentSnapshot(CaseSnapshot):
    """An agent's answer: a public CaseComment, or (with `channel`: email, feed, file) another reply. Without the
    case in the change set, the case fields other than Id, number and subject are None."""

    comment_id: str | None = None
    body: str | None = None
    author: str | None = None
    commented_at: str = ""
    channel: str | None = None
    files: tuple[FileRef, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.channel is None:        # a CaseComment: no channel, no files
            del out["channel"], out["files"]
        return out


@dataclass(frozen=True, kw_only=True)
class NudgeSnapshot(_Snapshot):
    """A reminder: the n-th of at most `max_nudges`, after `idle_days` without a word from the employee."""

    nudge_number: int = 1
    idle_days: int = 0
    max_nudges: int | None = None


Snapshot = CaseSnapshot | StatusSnapshot | CommentSnapshot | NudgeSnapshot


@dataclass(frozen=True, slots=True)
class Asked:
    """What an agent asked: their newest public comment in a change set (the waiting card quotes it)."""

    question: str
    asked_by: str | None


# ------------------------------------------------------------------------------------ built from the desk's views
def iso(dt: datetime | None) -> str:
    """A stamp as the ledger keeps it (milliseconds, offset), "" for none."""
    return dt.isoformat(timespec="milliseconds") if dt else ""


def case_snapshot(case: CaseView, state: str | None = None) -> CaseSnapshot:
    """The case as the card shows it, frozen into the ledger row; `state`: the canonical state the rules read
    (default: the view's)."""
    return CaseSnapshot(case_id=case.id, case_number=case.case_number, subject=case.subject, status=case.status,
                        state=state if state is not None else str(case.state), assignee=case.assignee, url=case.url,
                        origin=case.origin, type=case.type)


def status_snapshot(case: CaseView, state: str, agent: str | None, asked: Asked | None = None) -> StatusSnapshot:
    """A status an agent set (`asked`: their newest public comment, for "waiting")."""
    base = case_snapshot(case, state)
    return StatusSnapshot(**_fields_of(base), agent=agent, question=asked.question if asked else None,
                          asked_by=asked.asked_by if asked else None)


def comment_snapshot(comment: CaseComment | AgentReply, case: CaseView | None) -> CommentSnapshot:
    """An agent's comment or other reply, on `case` when the change set has it."""
    base = (case_snapshot(case) if case is not None
            else CaseSnapshot(case_id=comment.case_id, case_number=comment.case_number, subject=comment.case_subject))
    channel: str | None = None
    files: tuple[FileRef, ...] = ()
    if isinstance(comment, AgentReply):       # an email, a feed post or comment, a file
        channel, files = comment.channel, tuple(FileRef(f.name, f.url) for f in comment.files)
    return CommentSnapshot(**_fields_of(base), comment_id=comment.id, body=comment.body,
                           author=comment.created_by_name, commented_at=iso(comment.created_date), channel=channel,
                           files=files)


def _fields_of(snap: CaseSnapshot) -> dict[str, Any]:
    return {f.name: getattr(snap, f.name) for f in fields(snap)}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [{"name": f.name, "url": f.url} for f in value]
    return value


def _typed(key: str, value: Any) -> Any:
    if key == "files":
        return tuple(FileRef(f.get("name"), f.get("url")) for f in value or () if isinstance(f, Mapping))
    return value
