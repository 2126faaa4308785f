"""What the rest of Concierge may ask of the case desk, as `typing.Protocol`s. `CaseDesk` implements both;
tests/servicecloud/test_desk_contract.py runs one contract against it (on the Salesforce emulator) and against
the in-memory fake the notification tests use, so the fake cannot drift from the real thing.

- `ChangeFeed`: the slice the poller uses (the change feed and private work notes).
- `Desk`: everything the bot and the outbox flusher use, the change feed included, and its Salesforce
  connection (`client`, a `SalesforceSession`).
- `SalesforceSession`: the connection's state that readiness and metrics read (`SalesforceClient`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from servicecloud.articles import Article
from servicecloud.config import OrgConfig
from servicecloud.models import AttachmentInfo, CaseComment, CaseOverrides, CaseView, ChangeSet, Contact, FileUpload, WorkNoteResult


@runtime_checkable
class SalesforceSession(Protocol):
    """The Salesforce connection as readiness (runtime/health.py) and metrics (runtime/metrics.py) see it."""

    last_success: float | None          # time.time() of the last call Salesforce answered
    last_auth_failure: float | None     # time.time() of the last refused sign-in or session

    @property
    def usage(self) -> tuple[int, int] | None:
        """(used, max) API requests in the last 24 h, from the last Sforce-Limit-Info header."""
        ...

    @property
    def signed_in(self) -> bool: ...

    def sign_in(self) -> None:
        """Sign in now if not signed in yet (raises the sign-in's error)."""
        ...

    def call_outcomes(self) -> dict[tuple[str, str], int]:
        """API calls by (operation, outcome)."""
        ...


@runtime_checkable
class ChangeFeed(Protocol):
    org: OrgConfig

    @property
    def integration_user_id(self) -> str | None:
        """Concierge's own Salesforce user (its comments and writes are not news to the employee)."""
        ...

    def changes_since(self, watermark: datetime | None) -> ChangeSet:
        """Cases and comments with SystemModstamp > watermark; None means "start from now" (no rows)."""
        ...

    def add_work_notes(self, notes: Sequence[tuple[str, str]]) -> list[WorkNoteResult]:
        """One private comment per (case_id, body), one result per note, in order."""
        ...


@runtime_checkable
class Desk(ChangeFeed, Protocol):
    on_status_write: Callable[[str, str], None] | None

    @property
    def client(self) -> SalesforceSession: ...

    def find_contact(self, email: str, *, cases_within_days: int | None = None) -> Contact: ...

    def file_case(self, contact_id: str, text: str, *, description: str | None = None,
                  case_type: str = "Incident", channel: str = "dm", attachments: Sequence[FileUpload] = (),
                  subject: str | None = None, priority: str | None = None,
                  slack_user_id: str | None = None, articles: Sequence[Article] = (),
                  overrides: CaseOverrides | None = None) -> CaseView: ...

    def search_articles(self, keywords: Sequence[str], *, language: str | None = None) -> list[Article]: ...

    def get_case(self, contact_id: str, case_ref: str | int) -> CaseView: ...

    def latest_agent_reply(self, contact_id: str, case_ids: Sequence[str]) -> CaseComment | None: ...

    def list_open_cases(self, contact_id: str, limit: int = 50) -> list[CaseView]: ...

    def list_recent_cases(self, contact_id: str, closed_within_days: int = 30, limit: int = 50, *,
                          description: bool = False) -> list[CaseView]: ...

    def search_cases(self, contact_id: str, keywords: Sequence[str], *, include_closed: bool = True,
                     limit: int = 10) -> list[CaseView]: ...

    def search_older_cases(self, contact_id: str, keywords: Sequence[str], *, limit: int = 10) -> list[CaseView]: ...

    def add_comment(self, contact_id: str, case_ref: str | int, body: str) -> CaseComment: ...

    def recent_comments(self, contact_id: str, case_ref: str | int, since: datetime) -> list[CaseComment]: ...

    def update_description(self, contact_id: str, case_ref: str | int, text: str, *,
                           append: bool = True) -> CaseView: ...

    def update_subject(self, contact_id: str, case_ref: str | int, subject: str) -> CaseView: ...

    def update_priority(self, contact_id: str, case_ref: str | int, priority: str) -> CaseView: ...

    def close_case(self, contact_id: str, case_ref: str | int) -> CaseView: ...

    def reopen_case(self, contact_id: str, case_ref: str | int) -> CaseView: ...

    def attach_file(self, contact_id: str, case_ref: str | int, upload: FileUpload) -> AttachmentInfo: ...

    def check_attachment(self, upload: FileUpload, *, already_attached: int = 0) -> None: ...

    def add_work_note(self, case_id: str, body: str) -> str:
        """One private comment on the case (its Id)."""
        ...
