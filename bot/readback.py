"""The desk as the bot uses it: `ReadBackDesk` implements the desk protocol (servicecloud/protocols.py `Desk`)
method by method over the real desk, so the type checker and a reader see every Salesforce call the bot makes.

On the way back it feeds the read model (bot/readmodel.py):
- every CaseView a call returns is recorded (`ReadModel.record`: the bot's read-backs);
- a list of the person's open cases drops the open rows it covers but does not hold (`ReadModel.listed_open`);
- a case looked up by Id or number that Salesforce does not find for the person is forgotten
  (`ReadModel.not_found`).
Forgetting never costs the person their answer: a failure there is logged. Calls that return no CaseView pass
straight through.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from bot.readmodel import ReadModel
from servicecloud.articles import Article
from servicecloud.config import OrgConfig
from servicecloud.errors import CaseNotFound
from servicecloud.mapping import clamp_limit
from servicecloud.models import (AttachmentInfo, CaseComment, CaseOverrides, CaseView, ChangeSet, Contact, FileUpload,
                                 WorkNoteResult)
from servicecloud.protocols import Desk, SalesforceSession

log = logging.getLogger("concierge.bot")
T = TypeVar("T")


class ReadBackDesk:
    """The desk's methods, each recording what it proves in the read model (see the module's docstring)."""

    def __init__(self, desk: Desk, read_model: ReadModel) -> None:
        self._desk, self._model = desk, read_model

    # ------------------------------------------------------------------ the desk's own state
    @property
    def org(self) -> OrgConfig:
        return self._desk.org

    @org.setter
    def org(self, org: OrgConfig) -> None:
        self._desk.org = org

    @property
    def client(self) -> SalesforceSession:
        return self._desk.client

    @property
    def integration_user_id(self) -> str | None:
        return self._desk.integration_user_id

    @property
    def on_status_write(self) -> Callable[[str, str], None] | None:
        return self._desk.on_status_write

    @on_status_write.setter
    def on_status_write(self, callback: Callable[[str, str], None] | None) -> None:
        self._desk.on_status_write = callback

    # ------------------------------------------------------------------ calls that return no CaseView
    def find_contact(self, email: str, *, cases_within_days: int | None = None) -> Contact:
        return self._desk.find_contact(email, cases_within_days=cases_within_days)

    def search_articles(self, keywords: Sequence[str], *, language: str | None = None) -> list[Article]:
        return self._desk.search_articles(keywords, language=language)

    def latest_agent_reply(self, contact_id: str, case_ids: Sequence[str]) -> CaseComment | None:
        return self._desk.latest_agent_reply(contact_id, case_ids)

    def recent_comments(self, contact_id: str, case_ref: str | int, since: datetime) -> list[CaseComment]:
        return self._desk.recent_comments(contact_id, case_ref, since)

    def check_attachment(self, upload: FileUpload, *, already_attached: int = 0) -> None:
        self._desk.check_attachment(upload, already_attached=already_attached)

    def add_work_note(self, case_id: str, body: str) -> str:
        return self._desk.add_work_note(case_id, body)

    def add_work_notes(self, notes: Sequence[tuple[str, str]]) -> list[WorkNoteResult]:
        return self._desk.add_work_notes(notes)

    def changes_since(self, watermark: datetime | None) -> ChangeSet:
        return self._desk.changes_since(watermark)

    # ------------------------------------------------------------------ one case, by Id or number
    def add_comment(self, contact_id: str, case_ref: str | int, body: str) -> CaseComment:
        return self._by_ref(contact_id, case_ref, lambda: self._desk.add_comment(contact_id, case_ref, body))

    def attach_file(self, contact_id: str, case_ref: str | int, upload: FileUpload) -> AttachmentInfo:
        return self._by_ref(contact_id, case_ref, lambda: self._desk.attach_file(contact_id, case_ref, upload))

    def get_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        return self._view(contact_id, case_ref, lambda: self._desk.get_case(contact_id, case_ref))

    def close_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        return self._view(contact_id, case_ref, lambda: self._desk.close_case(contact_id, case_ref))

    def reopen_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        return self._view(contact_id, case_ref, lambda: self._desk.reopen_case(contact_id, case_ref))

    def update_description(self, contact_id: str, case_ref: str | int, text: str, *,
                           append: bool = True) -> CaseView:
        return self._view(contact_id, case_ref,
                          lambda: self._desk.update_description(contact_id, case_ref, text, append=append))

    def update_subject(self, contact_id: str, case_ref: str | int, subject: str) -> CaseView:
        return self._view(contact_id, case_ref, lambda: self._desk.update_subject(contact_id, case_ref, subject))

    def update_priority(self, contact_id: str, case_ref: str | int, priority: str) -> CaseView:
        return self._view(contact_id, case_ref, lambda: self._desk.update_priority(contact_id, case_ref, priority))

    # ------------------------------------------------------------------ new cases and lists
    def file_case(self, contact_id: str, text: str, *, description: str | None = None,
                  case_type: str = "Incident", channel: str = "dm", attachments: Sequence[FileUpload] = (),
                  subject: str | None = None, priority: str | None = None,
                  slack_user_id: str | None = None, articles: Sequence[Article] = (),
                  overrides: CaseOverrides | None = None) -> CaseView:
        view = self._desk.file_case(contact_id, text, description=description, case_type=case_type,
                                    channel=channel, attachments=attachments, subject=subject, priority=priority,
                                    slack_user_id=slack_user_id, articles=articles, overrides=overrides)
        self._model.record([view])
        return view

    def search_cases(self, contact_id: str, keywords: Sequence[str], *, include_closed: bool = True,
                     limit: int = 10) -> list[CaseView]:
        views = self._desk.search_cases(contact_id, keywords, include_closed=include_closed, limit=limit)
        self._model.record(views)
        return views

    def search_older_cases(self, contact_id: str, keywords: Sequence[str], *, limit: int = 10) -> list[CaseView]:
        views = self._desk.search_older_cases(contact_id, keywords, limit=limit)
        self._model.record(views)
        return views

    def list_open_cases(self, contact_id: str, limit: int = 50) -> list[CaseView]:
        return self._open_list(contact_id, limit, lambda: self._desk.list_open_cases(contact_id, limit))

    def list_recent_cases(self, contact_id: str, closed_within_days: int = 30, limit: int = 50, *,
                          description: bool = False) -> list[CaseView]:
        return self._open_list(contact_id, limit, lambda: self._desk.list_recent_cases(
            contact_id, closed_within_days, limit, description=description))

    # ------------------------------------------------------------------ what an answer proves
    def _by_ref(self, contact_id: str, case_ref: str | int, call: Callable[[], T]) -> T:
        """`call()` looks one of the contact's cases up by `case_ref`: not found for them, it is forgotten."""
        asked = self._model.asked()
        try:
            return call()
        except CaseNotFound:
            self._forget(lambda: self._model.not_found(contact_id, case_ref, asked))
            raise

    def _view(self, contact_id: str, case_ref: str | int, call: Callable[[], CaseView]) -> CaseView:
        view = self._by_ref(contact_id, case_ref, call)
        self._model.record([view])
        return view

    def _open_list(self, contact_id: str, limit: int, call: Callable[[], list[CaseView]]) -> list[CaseView]:
        """`call()` lists the contact's open cases, newest first, up to `limit` (then the closed ones): recorded,
        and the open rows it covers but does not hold are dropped."""
        asked = self._model.asked()
        views = call()
        self._model.record(views)
        open_ = [v for v in views if v.is_open]
        self._forget(lambda: self._model.listed_open(contact_id, open_, complete=len(open_) < clamp_limit(limit),
                                                     asked_at=asked))
        return views

    @staticmethod
    def _forget(forget: Callable[[], None]) -> None:
        try:
            forget()
        except Exception:  # the read model must never cost the user their answer
            log.exception("could not tell what an answer proved gone from the read model")
