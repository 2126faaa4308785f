"""What the bot's question and list buttons carry in their `value`: one frozen dataclass per shape.

The value is compact JSON on the keys the buttons have carried since they exist, so a button posted by any
earlier version still answers: `to_json()` writes the value, `from_json(value)` reads it, and
`from_json(b.to_json()) == b`. A value that is missing, not JSON or not an object reads as empty (each field
its default): the click then finds no question and is told so, rather than failing.

| buttons (slackui/ids.py) | value |
|---|---|
| `nlu_did_you_mean` | `IntentChoice`: `{"intent", "pending"}` |
| `pick_case`, `dup_add_comment` | `CaseChoice`: `{"case_id", "pending"}` |
| `pick_none`, `dup_file_new` | `QuestionRef`: `{"pending"}` |
| `list_more` | `ListPage`: `{"list", "start"}` |
| `case_add_comment`, `case_add_details`, `case_edit_subject` (they open a modal) | `CaseTarget`: `{"case_id", "number", "subject"}` |

The other case buttons (`case_*`) carry the bare case Id, not JSON. `pending` is the id of the question (its row in the store's `concierge_questions`).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Self


def _object(value: str | None) -> dict[str, Any]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) and value else default


@dataclass(frozen=True)
class _Value:
    DEFAULTS: ClassVar[dict[str, str]] = {}      # a text field's value when the JSON lacks it ("" if not named)

    def to_json(self) -> str:
        # as typed, not as \uXXXX escapes: a Subject of 255 emoji fits Slack's 2,000-character button value
        return json.dumps(asdict(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, value: str | None) -> Self:
        """Every field read as text from the value's JSON by its name (missing or empty: its default)."""
        data = _object(value)
        return cls(**{f.name: _text(data, f.name, cls.DEFAULTS.get(f.name, "")) for f in fields(cls)})


@dataclass(frozen=True)
class IntentChoice(_Value):
    """A "Did you mean" button: the intent chosen ("help" for "None of these")."""

    DEFAULTS: ClassVar[dict[str, str]] = {"intent": "help"}

    intent: str
    pending: str


@dataclass(frozen=True)
class CaseChoice(_Value):
    """A case picked from a question: "Which case?", the yes of a yes/no, "Yes, add it to N"."""

    case_id: str
    pending: str


@dataclass(frozen=True)
class QuestionRef(_Value):
    """An answer naming no case: "Not that one" / "No", "No, file a new case"."""

    pending: str


@dataclass(frozen=True)
class ListPage(_Value):
    """"Show more" under a long list: which list ("open" or "closed") from which position."""

    list: str
    start: int

    @classmethod
    def from_json(cls, value: str | None) -> Self:
        data = _object(value)
        try:
            start = max(0, int(data.get("start") or 0))
        except (TypeError, ValueError):
            start = 0
        return cls(_text(data, "list", "open"), start)


@dataclass(frozen=True)
class CaseTarget(_Value):
    """A button that opens a modal about a case (Add comment, Add details, Edit subject): the case, its number for
    the modal's title line ("" when the card shows none) and, on Edit subject, the subject that prefills it.
    Such a button posted before it carried JSON carries the bare case Id: read as that case, number and subject
    unknown (`legacy`)."""

    case_id: str
    number: str = ""
    subject: str = ""

    @classmethod
    def from_json(cls, value: str | None) -> Self:
        if value and not value.lstrip().startswith("{"):     # a case Id never starts with "{"
            return cls(case_id=value, number="", subject="")
        return super().from_json(value)

    @staticmethod
    def legacy(value: str | None) -> bool:
        """True for the bare case Id of a button posted before it carried JSON."""
        return bool(value) and not str(value).lstrip().startswith("{")
