"""Query building blocks: case references, field lists, SOSL escaping, text helpers.

Every value that reaches a query goes through `simple_salesforce.format_soql` (quoted literals, ``{:like}``
for LIKE patterns) or `sosl_phrase` (SOSL search terms): no string pasting of user input, anywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql

from servicecloud.config import OrgConfig
from servicecloud.errors import CaseNotFound

_ID_RE = re.compile(r"^500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")   # Case key prefix, 15 or 18 characters
_ANY_ID_RE = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_NUMBER_RE = re.compile(r"^#?\s*(\d{1,18})$")


@dataclass(frozen=True, slots=True)
class CaseRef:
    """A case named by its number (normalised to at least 8 digits) or by its Id."""

    field: str     # "CaseNumber" or "Id"
    value: str
    text: str      # as the user gave it, for messages

    def condition(self) -> str:
        return format_soql(f"{self.field} = {{}}", self.value)

    @property
    def label(self) -> str:
        return self.value if self.field == "CaseNumber" else self.text


_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def id_checksum(id15: str) -> str:
    """The 3-character case-safe suffix Salesforce appends to a 15-character Id to make the 18-character one."""
    out = []
    for chunk in range(3):
        bits = sum(1 << i for i, ch in enumerate(id15[chunk * 5:(chunk + 1) * 5]) if "A" <= ch <= "Z")
        out.append(_SUFFIX_ALPHABET[bits])
    return "".join(out)


def _id_well_formed(text: str) -> bool:
    """15 characters, or 18 whose suffix is the checksum of the first 15 (Salesforce answers a filter on any
    other "Id" with an INVALID_QUERY_FILTER_OPERATOR error, not with no rows)."""
    return len(text) == 15 or text[15:].upper() == id_checksum(text[:15])


def parse_case_ref(ref: str | int) -> CaseRef:
    """'1234', '#00001234', 1234 -> CaseNumber 00001234; '500...' (15/18 chars) -> Id.
    Anything else names no case: CaseNotFound (never a query with odd input). A crafted Id with a wrong
    checksum names no case either."""
    text = str(ref).strip()
    if _ID_RE.match(text):
        if not _id_well_formed(text):
            raise CaseNotFound(text[:40])
        return CaseRef("Id", text, text)
    m = _NUMBER_RE.match(text)
    if m:
        digits = m.group(1).lstrip("0") or "0"
        return CaseRef("CaseNumber", digits.zfill(8), text)
    raise CaseNotFound(text[:40] or None)


def status_write_key(case_id_or_number: str) -> str:
    """How a case is named in the record of Concierge's own status writes: a 15-character Id (an 18-character
    one loses its case-safe suffix) or the 8-digit CaseNumber."""
    text = str(case_id_or_number).strip()
    return text[:15] if _ID_RE.match(text) else text


def is_salesforce_id(value: object) -> bool:
    """A well-formed 15/18-character record Id (Salesforce refuses a malformed one in a filter)."""
    return isinstance(value, str) and bool(_ANY_ID_RE.match(value)) and _id_well_formed(value)


def case_fields(org: OrgConfig, *, description: bool = False) -> list[str]:
    """The Case fields behind a `CaseView` (Status and the assignee always included)."""
    fields = ["Id", "CaseNumber", "Subject", "Status", "IsClosed", "Priority", "Origin", "Type",
              "ContactId", "Contact.Email", "Owner.Name", "CreatedDate", "LastModifiedDate",
              "SystemModstamp", "ClosedDate", "CreatedById", "LastModifiedById", "LastModifiedBy.Name"]
    assignee = org.fields.assignee
    if assignee and assignee not in fields:
        fields.append(assignee)
    if description:
        fields.append("Description")
    return fields


COMMENT_FIELDS = ["Id", "ParentId", "CommentBody", "IsPublished", "CreatedById", "CreatedBy.Name",
                  "CreatedDate", "SystemModstamp", "Parent.CaseNumber", "Parent.Subject", "Parent.ContactId"]


def get_path(record: dict[str, Any] | None, path: str) -> Any:
    """`record["A"]["B"]` for "A.B" (a parent relationship in a query row), None where a step is missing."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def select(fields: list[str], sobject: str) -> str:
    # Field names come from code and the org file (API names), never from users.
    for f in fields:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", f):
            raise ValueError(f"not a field API name: {f!r}")
    return f"SELECT {', '.join(fields)} FROM {sobject}"


# SOSL: these characters are operators and must be escaped with a backslash inside a search term.
_SOSL_RESERVED = set('?&|!{}[]()^~*:\\"\'+-')


def sosl_phrase(term: str) -> str | None:
    """One keyword (or phrase) as a quoted SOSL search phrase with every reserved character escaped;
    None when fewer than 2 letters or digits are left (SOSL refuses or ignores such terms)."""
    cleaned = " ".join(term.split())
    if sum(ch.isalnum() for ch in cleaned) < 2:     # punctuation only: nothing SOSL can match
        return None
    escaped = "".join("\\" + ch if ch in _SOSL_RESERVED else ch for ch in cleaned)
    return f'"{escaped}"'


# Characters that make text display otherwise than it reads, removed from what Concierge writes into a Subject or
# Description: the bidirectional embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069), which can show
# "invoice_cod.exe" as "invoice_exe.doc" (Trojan Source, CVE-2021-42574), and the C0 and C1 control characters
# (with DEL) except tab and newline; a carriage return becomes a newline. Everything else stays verbatim.
_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """`text` without bidi overrides and control characters (tab and newline kept, CR and CRLF made newlines)."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def cut_subject(text: str, limit: int) -> str:
    """One line, at most `limit` characters, cut on a word boundary (with an ellipsis) when too long."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    head = line[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-") + "…"


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` that is at most `max_bytes` long in UTF-8 (never half a character)."""
    return text.encode("utf-8")[:max(0, max_bytes)].decode("utf-8", "ignore")


def split_text(text: str, limit: int, *, max_parts: int) -> list[str]:
    """Split `text` into parts of at most `limit` UTF-8 **bytes** each (CaseComment.CommentBody's limit is
    4,000 bytes, so 1,400 CJK characters do not fit in one), numbered "(1/3) ", cutting at paragraph, line
    or word boundaries when possible. Returns [text] when it fits."""
    if utf8_len(text) <= limit:
        return [text]
    prefix_room = len(f"({max_parts}/{max_parts}) ")
    size = limit - prefix_room
    chunks: list[str] = []
    rest = text
    while rest:
        if utf8_len(rest) <= size:
            chunks.append(rest)
            break
        window = cut_utf8(rest, size)
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < len(window) // 2:
            cut = len(window)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    n = len(chunks)
    return [f"({i}/{n}) {chunk}" for i, chunk in enumerate(chunks, 1)]
