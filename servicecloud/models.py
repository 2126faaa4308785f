"""Typed values the domain layer returns. No Slack, no simple-salesforce types leak out of servicecloud."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from servicecloud.config import CanonicalState


def parse_dt(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    email: str
    name: str | None = None
    # find_contact(cases_within_days=N) only: the contact's open cases and those closed within N days, read in
    # the same call (None when not asked for, or when Salesforce paged them: more than one batch)
    cases: tuple["CaseView", ...] | None = None


FIRST_RESPONSE_WORDS = ("first response", "response")
RESOLUTION_WORDS = ("resolution", "resolve", "fix")


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    target: datetime | None
    completed: bool = False
    violated: bool = False

    @property
    def kind(self) -> str:
        """"first_response", "resolution" or "other", from the milestone type's name."""
        low = self.name.casefold()
        if any(w in low for w in FIRST_RESPONSE_WORDS):
            return "first_response"
        if any(w in low for w in RESOLUTION_WORDS):
            return "resolution"
        return "other"


@dataclass(frozen=True, slots=True)
class ServiceTargets:
    """What the case's entitlement says about when to expect an answer."""

    milestones: tuple[Milestone, ...] = ()
    stopped: bool = False

    @property
    def open(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if not m.completed)


@dataclass(frozen=True, slots=True)
class CaseView:
    """One case as the employee sees it: always with its latest status and assignee."""

    id: str                      # 18-character Salesforce Id
    case_number: str             # 8 digits, zero-padded
    subject: str
    status: str                  # the org's status value
    state: CanonicalState        # the canonical state it maps to
    assignee: str | None         # Case_Owner__c (configurable), else Owner.Name
    contact_id: str | None
    type: str | None = None
    priority: str | None = None
    origin: str | None = None
    description: str | None = None
    is_closed: bool = False
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    system_modstamp: datetime | None = None
    closed_date: datetime | None = None
    contact_email: str | None = None
    url: str | None = None       # link to the record in Salesforce, when configured
    created_by_id: str | None = None
    last_modified_by_id: str | None = None     # who made the last change (agent vs the integration user)
    last_modified_by_name: str | None = None
    # Set by file_case only: attachments filed with the case, and why any others were not (plain words)
    attachments: tuple["AttachmentInfo", ...] = ()
    attachment_errors: tuple[str, ...] = ()
    # False (file_case only): filed, but sharing hides the case from Concierge's user (Case OWD Private
    # without View All), so it could not be read back: no CaseNumber, no updates about it.
    visible: bool = True
    # The open entitlement milestones and the stopped clock (servicecloud/milestones.py), read with the case when
    # the org's `milestones.enabled`; None when not read
    targets: ServiceTargets | None = None

    @property
    def is_open(self) -> bool:
        return self.state not in (CanonicalState.RESOLVED, CanonicalState.CLOSED)


@dataclass(frozen=True, slots=True)
class CaseComment:
    id: str
    case_id: str
    body: str
    is_published: bool
    created_by_id: str
    created_by_name: str | None
    created_date: datetime
    system_modstamp: datetime | None = None
    # The parent case, when the query asked for it (change feed, add_comment)
    case_number: str | None = None
    case_subject: str | None = None
    contact_id: str | None = None
    parts: int = 1               # add_comment: how many comments a long text was split into (this is part 1)


@dataclass(frozen=True, slots=True)
class FileUpload:
    name: str
    content: bytes
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: str
    case_id: str
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class WorkNoteResult:
    """The outcome of one private work note written by add_work_notes."""

    case_id: str
    id: str | None               # the CaseComment Id, None when Salesforce refused it
    error: str | None = None     # Salesforce's reason, when refused

    @property
    def ok(self) -> bool:
        return self.id is not None


@dataclass(frozen=True, slots=True)
class FileLink:
    """A file an agent attached to a case: its name and where to open it in Salesforce."""

    name: str
    url: str | None = None


REPLY_EMAIL, REPLY_FEED, REPLY_FILE = "email", "feed", "file"


@dataclass(frozen=True, slots=True)
class AgentReply:
    """An answer on a case other than a CaseComment: an outbound email (EmailMessage), a feed post or a
    comment on one (FeedItem / FeedComment), or a file linked to the case (ContentDocumentLink).
    `public` is False for what the employee may not see (an internal-only post or file)."""

    id: str                      # the source record's Id (the ledger key's source)
    case_id: str
    channel: str                 # REPLY_EMAIL | REPLY_FEED | REPLY_FILE
    body: str                    # the new text (an email without quoted history or signature); "" for a file
    public: bool
    created_by_id: str
    created_by_name: str | None
    created_date: datetime | None
    system_modstamp: datetime | None
    files: tuple[FileLink, ...] = ()
    case_number: str | None = None
    case_subject: str | None = None
    contact_id: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed in Salesforce since a watermark (see CaseDesk.changes_since)."""

    cases: list[CaseView] = field(default_factory=list)        # cases whose SystemModstamp > watermark
    comments: list[CaseComment] = field(default_factory=list)  # comments whose SystemModstamp > watermark
    replies: list[AgentReply] = field(default_factory=list)    # emails, feed posts/comments, files since then
    reply_cases: list[CaseView] = field(default_factory=list)  # the replies' cases that are not in `cases`
    watermark: datetime | None = None                          # the new watermark to store
    api_calls: int = 0                                         # calls this fetch cost


@dataclass(frozen=True)
class CaseOverrides:
    """What a case filed from a channel carries beyond the org's defaults: its Origin, record type and category,
    and CaseComments created in the same call, `(body, public)` each (up to 4,000 characters)."""

    origin: str | None = None
    record_type_id: str | None = None
    category_value: str | None = None
    comments: tuple[tuple[str, bool], ...] = ()
