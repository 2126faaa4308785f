"""Did an earlier attempt already land? Checks made before repeating a write whose answer was lost (a delivery
cut off by a crash or a timeout): the outbox before delivering an entry again, the bot before resuming a message
another replica had started. Each costs one read."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from servicecloud.desk import MAX_COMMENT_PARTS
from servicecloud.protocols import Desk
from servicecloud.soql import clean_text, split_text

_SLACK = timedelta(minutes=1)   # clocks of Concierge and Salesforce differ a little


def filed_case(desk: Desk, contact_id: str, subject: str, since: datetime) -> Any:
    """The open case filed with `subject` (or from a text starting so: the same first 60 characters) created
    after `since`, or None."""
    head = " ".join(clean_text(str(subject or "")).split())[:60].rstrip(" .…")   # as filing cleaned it
    for case in desk.list_open_cases(contact_id, limit=50):
        subject = " ".join((case.subject or "").split()).rstrip(" .…")
        created = case.created_date
        if subject and head and (subject.startswith(head) or head.startswith(subject)) and (
                created is None or created >= since - _SLACK):
            return case
    return None


def landed_comment(desk: Desk, contact_id: str, case_ref: str, body: str, since: datetime) -> Any:
    """The comment with `body` written on the case after `since` (all parts are written atomically, so the
    first part tells), or None."""
    recent = getattr(desk, "recent_comments", None)
    if recent is None:
        return None
    first = split_text((body or "").strip(), desk.org.fields.comment_max, max_parts=MAX_COMMENT_PARTS)[0]
    return next((c for c in recent(contact_id, case_ref, since - _SLACK) if c.body == first), None)
