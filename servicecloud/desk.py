"""`CaseDesk`: every case operation Concierge performs, as one small typed API over simple-salesforce.

It knows nothing of Slack. Each user operation costs one API call (see docs/servicecloud.md for the
exceptions and the reasons); every query made for a user is scoped by that user's ContactId, so a case of
someone else is answered exactly like a case that does not exist (`CaseNotFound`).

`CaseDesk` is the facade over its parts, one module each: contacts.py (the directory), filing.py (a new
case and its attachments), queries.py (reading the contact's cases), writes.py (acting on one of them),
work_notes.py (private notes for agents), change_feed.py (what the poller reads); mapping.py holds what
they share (records -> views, the org's case SOQL).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from servicecloud.articles import Article, Knowledge
from servicecloud.auth import ClientCredentials, JwtBearer, TokenSource
from servicecloud.change_feed import ChangeFeed
from servicecloud.client import SalesforceClient
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.contacts import Contacts
from servicecloud.errors import CaseDeskError
from servicecloud.filing import Filing
from servicecloud.mapping import CaseMapper
from servicecloud.models import (
    CaseOverrides,
    AttachmentInfo,
    CaseComment,
    CaseView,
    ChangeSet,
    Contact,
    FileUpload,
    WorkNoteResult,
)
from servicecloud.queries import Queries
from servicecloud.work_notes import WorkNotes
from servicecloud.writes import MAX_COMMENT_PARTS, Writes


class CaseDesk:
    """The Case domain over one Salesforce org. Thread-safe; build it with `connect` or `from_settings`."""

    def __init__(self, client: SalesforceClient, org: OrgConfig | None = None):
        self.client = client
        self.org = org or OrgConfig()
        cases = CaseMapper(client, self.org)
        self._contacts = Contacts(cases)
        self._queries = Queries(cases)
        self._filing = Filing(cases, self._queries)
        self._writes = Writes(cases, self._queries, self._filing)
        self._notes = WorkNotes(cases)
        self._feed = ChangeFeed(cases)
        self._knowledge = Knowledge(cases)

    # --- construction ----------------------------------------------------------------------------------
    @classmethod
    def connect(cls, login_url: str, client_id: str, client_secret: str = "", api_version: str = "62.0",
                ca_bundle: str | None = None, org: OrgConfig | None = None,
                auth_flow: str = "client_credentials", *, username: str | None = None,
                private_key_file: str | None = None, private_key: str | None = None,
                jwt_audience: str | None = None,
                timeout: float | tuple[float, float] = (5.0, 30.0), pool_size: int = 32) -> CaseDesk:
        """Sign-in settings -> a desk. No network traffic happens until the first operation, so a bot can
        start while Salesforce is down (its work then goes to the outbox)."""
        source: TokenSource
        if auth_flow in ("client_credentials", "client-credentials", ""):
            if not client_id or not client_secret:
                raise ValueError("client credentials need SF_CLIENT_ID and SF_CLIENT_SECRET")
            source = ClientCredentials(login_url, client_id, client_secret)
        elif auth_flow in ("jwt_bearer", "jwt-bearer", "jwt"):
            if not username or not (private_key or private_key_file):
                raise ValueError("the JWT bearer flow needs SF_USERNAME and SF_PRIVATE_KEY_FILE")
            source = (JwtBearer(login_url, client_id, username, private_key, audience=jwt_audience) if private_key
                      else JwtBearer.from_key_file(login_url, client_id, username, private_key_file or "",
                                                   audience=jwt_audience))
        else:
            raise ValueError(f"unknown SF_AUTH_FLOW {auth_flow!r} (client_credentials or jwt_bearer)")
        client = SalesforceClient(source, api_version=api_version, ca_bundle=ca_bundle, timeout=timeout,
                                  pool_size=pool_size)
        return cls(client, org)

    @classmethod
    def from_settings(cls, settings: Any) -> CaseDesk:
        """From `runtime.settings.Settings` (duck-typed: only the sf_* attributes and `org` are read)."""
        return cls.connect(
            login_url=settings.sf_login_url, client_id=settings.sf_client_id,
            client_secret=getattr(settings, "sf_client_secret", "") or "",
            api_version=getattr(settings, "sf_api_version", "62.0") or "62.0",
            ca_bundle=getattr(settings, "sf_ca_bundle", None) or None,
            org=getattr(settings, "org", None) or OrgConfig(),
            auth_flow=getattr(settings, "sf_auth_flow", "client_credentials") or "client_credentials",
            username=getattr(settings, "sf_username", None),
            private_key_file=getattr(settings, "sf_private_key_file", None),
            jwt_audience=getattr(settings, "sf_jwt_audience", None) or None,
        )

    # --- small public facts ----------------------------------------------------------------------------
    @property
    def integration_user_id(self) -> str | None:
        """The Id of the Salesforce user Concierge acts as (from the token's identity URL), so the poller
        can tell the bot's own comments and changes from an agent's."""
        return self.client.token.user_id

    def api_usage(self) -> tuple[int, int] | None:
        """(used, max) API requests in the last 24 h, from the last Sforce-Limit-Info header seen."""
        return self.client.usage

    @property
    def api_calls(self) -> int:
        """API calls this desk has made since it started (token requests excluded)."""
        return self.client.calls

    @property
    def on_status_write(self) -> Callable[[str, str], None] | None:
        """Called as (case key, status) just before Concierge sets a case's status (close, reopen): the bot
        keeps its own record of its writes, so the poller never has to guess from LastModifiedById."""
        return self._writes.on_status_write

    @on_status_write.setter
    def on_status_write(self, callback: Callable[[str, str], None] | None) -> None:
        self._writes.on_status_write = callback

    # --- directory (contacts.py) -------------------------------------------------------------------------
    def find_contact(self, email: str, *, cases_within_days: int | None = None) -> Contact:
        """The Contact whose Email is `email` (case-insensitive, as Salesforce compares). One call; with
        `cases_within_days`, the same call also reads the contact's recent cases (Contacts.find_contact)."""
        return self._contacts.find_contact(email, cases_within_days=cases_within_days)

    # --- filing (filing.py) --------------------------------------------------------------------------------
    def check_attachment(self, upload: FileUpload, *, already_attached: int = 0) -> None:
        """Raise `AttachmentRejected` when `upload` breaks the configured size or count limit."""
        self._filing.check_attachment(upload, already_attached=already_attached)

    def file_case(self, contact_id: str, text: str, *, description: str | None = None,
                  case_type: str = "Incident", channel: str = "dm",
                  attachments: Sequence[FileUpload] = (), subject: str | None = None,
                  priority: str | None = None, slack_user_id: str | None = None,
                  articles: Sequence[Article] = (), overrides: CaseOverrides | None = None) -> CaseView:
        """File a case for the contact and return it with its CaseNumber, in one Composite call (see
        Filing.file_case for the subject, description, priority, attachment and override rules). `articles`: the
        Knowledge articles shown before (CaseArticle links, a Description line, the category they map to: one more
        call only when the category comes from a data category)."""
        category = self._knowledge.category_of(articles) if articles else None
        return self._filing.file_case(contact_id, text, description=description, case_type=case_type,
                                      channel=channel, attachments=attachments, subject=subject, priority=priority,
                                      slack_user_id=slack_user_id, articles=articles, category=category,
                                      overrides=overrides)

    # --- knowledge (articles.py) -----------------------------------------------------------------------------
    def search_articles(self, keywords: Sequence[str], *, language: str | None = None) -> list[Article]:
        """Online articles in `language` visible in the app that match any keyword, best first. One call."""
        return self._knowledge.search_articles(keywords, language=language)

    # --- reading (queries.py) ------------------------------------------------------------------------------
    def get_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """One of the contact's cases, with its description. One call."""
        return self._queries.get_case(contact_id, case_ref)

    def latest_agent_reply(self, contact_id: str, case_ids: Sequence[str]) -> CaseComment | None:
        """The newest public comment not written by Concierge on one of the contact's `case_ids`. One call."""
        return self._queries.latest_agent_reply(contact_id, case_ids)

    def list_open_cases(self, contact_id: str, limit: int = 50) -> list[CaseView]:
        """The contact's open cases (not closed, not resolved), newest first. One call."""
        return self._queries.list_open_cases(contact_id, limit)

    def list_recent_cases(self, contact_id: str, closed_within_days: int = 30, limit: int = 50, *,
                          description: bool = False) -> list[CaseView]:
        """Open cases (newest first), then cases resolved or closed within `closed_within_days`. One call."""
        return self._queries.list_recent_cases(contact_id, closed_within_days, limit, description=description)

    def search_cases(self, contact_id: str, keywords: Sequence[str], *, include_closed: bool = True,
                     limit: int = 10) -> list[CaseView]:
        """The contact's cases matching any keyword, most relevant first (Queries.search_cases)."""
        return self._queries.search_cases(contact_id, keywords, include_closed=include_closed, limit=limit)

    def search_older_cases(self, contact_id: str, keywords: Sequence[str], *, limit: int = 10) -> list[CaseView]:
        """The contact's cases matching any keyword, by Salesforce's search index only (cases older than the
        recent ones; Queries.search_older_cases). One call."""
        return self._queries.search_older_cases(contact_id, keywords, limit=limit)

    # --- acting on a case (writes.py) ----------------------------------------------------------------------
    def close_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's "closed by user" status. One call. `ValidationRefused`, `WrongState`."""
        return self._writes.close_case(contact_id, case_ref)

    def reopen_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's reopen status on a resolved or closed case. One call. `WrongState` if still open."""
        return self._writes.reopen_case(contact_id, case_ref)

    def add_comment(self, contact_id: str, case_ref: str | int, body: str) -> CaseComment:
        """A public comment on one of the contact's cases, split into numbered parts when long. One call."""
        return self._writes.add_comment(contact_id, case_ref, body)

    def recent_comments(self, contact_id: str, case_ref: str | int, since: datetime) -> list[CaseComment]:
        """The public comments Concierge wrote on one of the contact's cases since `since`. One call."""
        return self._writes.recent_comments(contact_id, case_ref, since)

    def update_description(self, contact_id: str, case_ref: str | int, text: str, *,
                           append: bool = True) -> CaseView:
        """Replace the description, or append `text` to it. One call (two to append)."""
        return self._writes.update_description(contact_id, case_ref, text, append=append)

    def update_subject(self, contact_id: str, case_ref: str | int, subject: str) -> CaseView:
        """Replace the Subject, cut at the org's subject length on a word boundary. One call."""
        return self._writes.update_subject(contact_id, case_ref, subject)

    def update_priority(self, contact_id: str, case_ref: str | int, priority: str) -> CaseView:
        """Set the Priority of one of the contact's cases. One call."""
        return self._writes.update_priority(contact_id, case_ref, priority)

    def attach_file(self, contact_id: str, case_ref: str | int, upload: FileUpload) -> AttachmentInfo:
        """Attach a file to one of the contact's cases. One call (two with a per-case count limit)."""
        return self._writes.attach_file(contact_id, case_ref, upload)

    # --- work notes (work_notes.py) ------------------------------------------------------------------------
    def add_work_note(self, case_id: str, body: str) -> str:
        """A private comment (IsPublished = false) on any case, for agents. Returns its Id. One call."""
        return self._notes.add_work_note(case_id, body)

    def add_work_notes(self, notes: Sequence[tuple[str, str]]) -> list[WorkNoteResult]:
        """Many private comments, 200 per call, each succeeding or failing on its own."""
        return self._notes.add_work_notes(notes)

    # --- for the poller (change_feed.py) -------------------------------------------------------------------
    def changes_since(self, watermark: datetime | None) -> ChangeSet:
        """Cases, comments and agents' other replies changed after `watermark` across the org (None: start
        from now); see ChangeFeed.changes_since for the cost."""
        return self._feed.changes_since(watermark)

    def sharing_gap(self) -> str | None:
        """The permission Concierge's user lacks to see every case, in plain words, or None. One call."""
        return self._feed.sharing_gap()

    def idle_cases(self, states: Iterable[CanonicalState | str], idle_since: datetime) -> list[CaseView]:
        """Cases in one of `states` nobody modified since `idle_since`, with a contact, oldest first."""
        return self._feed.idle_cases(states, idle_since)


__all__ = ["MAX_COMMENT_PARTS", "CaseDesk", "CaseDeskError"]
