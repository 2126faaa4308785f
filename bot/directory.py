"""Who is writing: Slack user -> email (users.info, users:read.email) -> Salesforce Contact.

The mapping is cached in the store (shared by replicas) and refreshed when older than `refresh_after`, so a
user costs one users.info and one Contact query a day, not one per message. When Salesforce is down a stale
mapping is still used; an employee without a Contact gets ContactNotFound (re-checked after `retry_missing`,
so adding the contact in Salesforce fixes it without a restart).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient

from servicecloud.errors import ContactNotFound, SalesforceUnavailable
from servicecloud.protocols import Desk
from store import Store

log = logging.getLogger("concierge.bot")


@dataclass(frozen=True)
class Employee:
    """A Slack user resolved to their Salesforce Contact."""

    slack_user_id: str
    email: str
    contact_id: str
    name: str | None = None
    tz: str | None = None


class Directory:
    def __init__(self, *, store: Store, desk: Desk, client: WebClient, support_contact: str,
                 refresh_after: timedelta = timedelta(hours=24), retry_missing: timedelta = timedelta(minutes=5),
                 read_model: Any = None):
        self.store, self.desk, self.client, self.read_model = store, desk, client, read_model
        self.support_contact = support_contact
        self.refresh_after, self.retry_missing = refresh_after, retry_missing

    def employee(self, slack_user_id: str) -> Employee:
        """The employee behind a Slack user; raises ContactNotFound (with words for the user)."""
        record = self.store.get_user(slack_user_id)
        now = datetime.now(UTC)
        age = now - _aware(record.refreshed_at) if record and record.refreshed_at else None
        if record and record.contact_id and age is not None and age < self.refresh_after:
            return _employee(record)
        if record and not record.contact_id and age is not None and age < self.retry_missing:
            raise ContactNotFound(record.email, self.support_contact)
        try:
            return self._refresh(slack_user_id)
        except SalesforceUnavailable:
            if record and record.contact_id:  # stale is better than nothing while Salesforce is away
                log.info("using cached contact for %s (Salesforce unavailable)", slack_user_id)
                return _employee(record)
            raise

    def _refresh(self, slack_user_id: str) -> Employee:
        info = self.client.users_info(user=slack_user_id)["user"]
        email = (info.get("profile") or {}).get("email")
        tz = info.get("tz")
        if not email:
            raise ContactNotFound(None, self.support_contact)
        at = datetime.now(UTC)
        try:  # with a read model, the same call brings the employee's cases to seed it (bot/readmodel.py)
            contact = self.desk.find_contact(email, cases_within_days=self.read_model.days) \
                if self.read_model is not None else self.desk.find_contact(email)
        except SalesforceUnavailable as e:
            e.slack_email = email  # type: ignore[attr-defined]  # lets a write be queued by email (outbox)
            raise
        except ContactNotFound:
            self.store.upsert_user(slack_user_id, email=email, contact_id=None, contact_name=None, tz=tz)
            raise ContactNotFound(email, self.support_contact) from None
        self.store.upsert_user(slack_user_id, email=email, contact_id=contact.id, contact_name=contact.name,
                               tz=tz)
        if self.read_model is not None and contact.cases is not None:
            self.read_model.seed(contact.id, contact.cases, at)
        return Employee(slack_user_id, email, contact.id, contact.name, tz)


def _employee(record: Any) -> Employee:
    return Employee(record.slack_user_id, record.email, record.contact_id, record.contact_name, record.tz)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
