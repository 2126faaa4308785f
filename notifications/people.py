"""Who the poller tells, and where they are: the Slack user of a contact (users.lookupByEmail, cached in the
store, with a one-hour negative cache) and a person's time zone (users.info, cached in the store)."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from notifications.report import PollReport

if TYPE_CHECKING:
    from notifications.poller import Poller


def resolve_contact(p: Poller, contact_id: str, email: str | None, report: PollReport) -> str | None:
    """A contact with no user in the store: find the Slack user by the contact's email, remember it."""
    if not email:
        return None
    if p._no_slack_user.get(contact_id, 0) > time.monotonic():
        return None
    try:
        info = p.messenger.lookup_by_email(email)
    except Exception as exc:
        report.errors.append(f"users.lookupByEmail: {exc}")
        return None
    if info is None:
        p._no_slack_user[contact_id] = time.monotonic() + 3600
        return None
    p.store.upsert_user(info.id, email=email, contact_id=contact_id, contact_name=info.name, tz=info.tz)
    return info.id


def user_tz(p: Poller, slack_user_id: str, report: PollReport) -> str | None:
    """The person's Slack time zone: cached in the store, else users.info (then cached)."""
    rec = p.store.get_user(slack_user_id)
    if rec and rec.tz:
        return rec.tz
    try:
        info = p.messenger.user_info(slack_user_id)
    except Exception as exc:
        report.errors.append(f"users.info: {exc}")
        return None
    if info and info.tz:
        p.store.upsert_user(slack_user_id, email=(rec.email if rec else None) or info.email, tz=info.tz)
        return info.tz
    return None
