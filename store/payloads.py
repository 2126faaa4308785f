"""The outbox's operations and their payloads: what the bot queues while Salesforce is unavailable and the
flusher (notifications/outbox.py) delivers later. Rows queued by earlier versions keep loading: the JSON keys
are the ones stored since the outbox exists, and `to_json(from_json(row))` gives the row back.

    store.enqueue_outbox(OutboxOp.ADD_COMMENT, user, AddCommentPayload(contact_id, "00001001", "it works"), key)
    payload = payload_from_json(entry.op, entry.payload)      # -> AddCommentPayload
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, Self


class OutboxOp(StrEnum):
    """A queued operation (the outbox's `op` column; members compare equal to the stored strings)."""

    FILE_CASE = "file_case"
    ADD_COMMENT = "add_comment"
    CLOSE_CASE = "close_case"
    REOPEN_CASE = "reopen_case"
    UPDATE_DESCRIPTION = "update_description"


@dataclass(frozen=True)
class _Payload:
    """JSON keys = field names. `contact_id` is None when the employee's Contact was not known yet (their
    first message came during the outage): then `email` is set and the flusher looks the Contact up."""

    # Keys left out of the JSON while they hold their default (as the bot has always queued them).
    _OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("email", "slack_user_id")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in self._OMITTED_AT_DEFAULT and value == f.default:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Unknown keys are ignored; a missing key takes the field's default."""
        known = {f.name for f in fields(cls)}
        values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
        return cls(**values)


@dataclass(frozen=True)
class FileCasePayload(_Payload):
    _OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("email", "slack_user_id", "why")

    contact_id: str | None
    text: str
    description: str | None = None
    case_type: str | None = None
    channel: str = "dm"
    subject: str | None = None
    priority: str | None = None
    files: tuple[dict[str, Any], ...] = ()      # SharedFile dicts (bot/files.py), downloaded when delivered
    email: str | None = None
    slack_user_id: str | None = None
    why: str | None = None                      # why this priority (bot/ticket.py); kept, not used


@dataclass(frozen=True)
class AddCommentPayload(_Payload):
    contact_id: str | None
    case_ref: str
    body: str
    email: str | None = None
    slack_user_id: str | None = None


@dataclass(frozen=True)
class CaseRefPayload(_Payload):
    """close_case and reopen_case."""

    contact_id: str | None
    case_ref: str
    email: str | None = None
    slack_user_id: str | None = None


@dataclass(frozen=True)
class UpdateDescriptionPayload(_Payload):
    _OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("email", "slack_user_id", "append")

    contact_id: str | None
    case_ref: str
    text: str
    append: bool = True
    email: str | None = None
    slack_user_id: str | None = None


OutboxPayload = FileCasePayload | AddCommentPayload | CaseRefPayload | UpdateDescriptionPayload

PAYLOAD_TYPES: dict[OutboxOp, type[OutboxPayload]] = {
    OutboxOp.FILE_CASE: FileCasePayload,
    OutboxOp.ADD_COMMENT: AddCommentPayload,
    OutboxOp.CLOSE_CASE: CaseRefPayload,
    OutboxOp.REOPEN_CASE: CaseRefPayload,
    OutboxOp.UPDATE_DESCRIPTION: UpdateDescriptionPayload,
}


def payload_from_json(op: str, data: dict[str, Any]) -> OutboxPayload:
    """The typed payload of a queued row (ValueError for an op that is not an OutboxOp)."""
    return PAYLOAD_TYPES[OutboxOp(op)].from_json(data)

