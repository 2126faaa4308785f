"""Who is who, in one place: Slack user <-> e-mail <-> Salesforce Contact, both ways, with the person's time zone
and the one DM-channel cache of the process. The bot asks one way (`Directory.employee`: who is writing), the
poller the other (`Directory.user_of_contact`: whom to tell) and when (`Directory.time_zone`); both post into the
DM `Directory.dm_channel` names.

- Slack user -> Contact: users.info (users:read.email) -> `desk.find_contact`, cached in the store (shared by
  replicas) and refreshed when older than `refresh_after`, so a user costs one users.info and one Contact query a
  day, not one per message. When Salesforce is down a stale mapping is still used; an employee without a Contact
  gets ContactNotFound (re-checked after `retry_missing`, so adding the contact in Salesforce fixes it without a
  restart). With a read model, the same call brings the employee's cases to seed it (bot/readmodel.py).
- Contact -> Slack user: users.lookupByEmail on the Contact's e-mail, remembered in the store; a contact with no
  Slack user is not asked about again for `no_user_for` (one hour).
- Time zone: the store's, else users.info (then stored).
- DM channel: conversations.open once per person (or the channel a DM was posted to), then from memory.

The formats of the keys that make a delivery, a click or a post happen once are beside this, in slackui/keys.py.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from servicecloud.errors import ContactNotFound, SalesforceUnavailable
from servicecloud.models import CaseView
from servicecloud.protocols import Desk
from slackui.fallback import error_of as slack_error
from store import Store

log = logging.getLogger("concierge.bot")

NO_SUCH_USER = ("users_not_found", "user_not_found")


@dataclass(frozen=True)
class Employee:
    """A Slack user resolved to their Salesforce Contact."""

    slack_user_id: str
    email: str
    contact_id: str
    name: str | None = None
    tz: str | None = None


@dataclass(frozen=True, slots=True)
class SlackUserInfo:
    id: str
    tz: str | None
    email: str | None
    name: str | None


class CaseSeed(Protocol):
    """The read model as the directory feeds it (bot/readmodel.py `ReadModel`)."""

    @property
    def days(self) -> int: ...

    def seed(self, contact_id: str, views: Sequence[CaseView], at: datetime) -> object: ...


def _found(call: Callable[[], Any]) -> SlackUserInfo | None:
    """The user a users.* call returns, None when Slack says there is none (raises on other Slack errors)."""
    try:
        resp = call()
    except SlackApiError as exc:
        if slack_error(exc) in NO_SUCH_USER:
            return None
        raise
    return _user_info(resp["user"])


def lookup_by_email(client: WebClient, email: str) -> SlackUserInfo | None:
    """The Slack user with this e-mail, None when there is none (raises on other Slack errors)."""
    return _found(lambda: client.users_lookupByEmail(email=email))


def user_info(client: WebClient, user_id: str) -> SlackUserInfo | None:
    """The Slack user `user_id`, None when there is none (raises on other Slack errors)."""
    return _found(lambda: client.users_info(user=user_id))


class DmChannels:
    """Each person's DM channel with the bot: opened once (conversations.open), then from memory (thread-safe)."""

    def __init__(self, client: WebClient):
        self.client = client
        self._channels: dict[str, str] = {}
        self._lock = threading.Lock()

    def of(self, user_id: str, client: WebClient | None = None) -> str:
        """The DM channel with `user_id`, opened through `client` (default: this cache's) the first time."""
        with self._lock:
            cached = self._channels.get(user_id)
        if cached:
            return cached
        channel = str((client or self.client).conversations_open(users=user_id)["channel"]["id"])
        with self._lock:
            self._channels[user_id] = channel
        return channel

    def remember(self, user_id: str, channel: str) -> None:
        """A post to `user_id` landed in `channel`: a DM (D...) is kept, the first one seen wins."""
        if channel.startswith("D"):
            with self._lock:
                self._channels.setdefault(user_id, channel)


class Directory:
    """Slack user <-> e-mail <-> Contact, the time zone and the DM channel (see the module's docstring)."""

    def __init__(self, *, store: Store, client: WebClient, desk: Desk | None = None, support_contact: str = "",
                 refresh_after: timedelta = timedelta(hours=24), retry_missing: timedelta = timedelta(minutes=5),
                 read_model: CaseSeed | None = None, dms: DmChannels | None = None, no_user_for: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic):
        self.store, self.desk, self.client, self.read_model = store, desk, client, read_model
        self.support_contact = support_contact
        self.refresh_after, self.retry_missing = refresh_after, retry_missing
        self.dms = dms if dms is not None else DmChannels(client)
        self.no_user_for, self._clock = no_user_for, clock
        self._no_slack_user: dict[str, float] = {}      # contact Id -> monotonic expiry (negative cache)

    # ------------------------------------------------------------------ Slack user -> Contact (the bot)
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
        if self.desk is None:
            raise ValueError("Directory.employee needs the desk (desk=) to find Contacts")
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

    # ------------------------------------------------------------------ Contact -> Slack user (the poller)
    def user_of_contact(self, contact_id: str, email: str | None, errors: list[str]) -> str | None:
        """A contact with no user in the store: the Slack user with the contact's e-mail, remembered in the
        store; None when there is none (not asked again for `no_user_for`). A Slack failure is noted in
        `errors` (the poll report's) and answers None."""
        if not email:
            return None
        if self._no_slack_user.get(contact_id, 0) > self._clock():
            return None
        try:
            info = lookup_by_email(self.client, email)
        except Exception as exc:
            errors.append(f"users.lookupByEmail: {exc}")
            return None
        if info is None:
            self._no_slack_user[contact_id] = self._clock() + self.no_user_for
            return None
        self.store.upsert_user(info.id, email=email, contact_id=contact_id, contact_name=info.name, tz=info.tz)
        return info.id

    def time_zone(self, slack_user_id: str, errors: list[str]) -> str | None:
        """The person's Slack time zone: the store's, else users.info (then stored). A Slack failure is noted
        in `errors` and answers None."""
        rec = self.store.get_user(slack_user_id)
        if rec and rec.tz:
            return rec.tz
        try:
            info = user_info(self.client, slack_user_id)
        except Exception as exc:
            errors.append(f"users.info: {exc}")
            return None
        if info and info.tz:
            self.store.upsert_user(slack_user_id, email=(rec.email if rec else None) or info.email, tz=info.tz)
            return info.tz
        return None

    # ------------------------------------------------------------------ the DM
    def dm_channel(self, slack_user_id: str, client: WebClient | None = None) -> str:
        return self.dms.of(slack_user_id, client)


def _user_info(user: dict[str, Any]) -> SlackUserInfo:
    profile = user.get("profile") or {}
    return SlackUserInfo(user["id"], user.get("tz"), profile.get("email"),
                         user.get("real_name") or profile.get("real_name") or user.get("name"))


def _employee(record: Any) -> Employee:
    return Employee(record.slack_user_id, record.email, record.contact_id, record.contact_name, record.tz)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
