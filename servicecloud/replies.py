"""The change feed's agent replies besides CaseComments: outbound emails, case feed posts and their comments,
and files linked to cases. Three queries that ride in the change feed's one Composite call (with the Case and
CaseComment queries: five, Salesforce's limit of queries per Composite request), and their rows as
`AgentReply`s. Visibility is kept on each reply (`public`); the notification rules drop the private ones.

- EmailMessage: `Incoming = false` (sent from Salesforce, i.e. by an agent), on a case, not a draft ('5').
- FeedItem on a case (`ParentId IN (SELECT Id FROM Case)`), TextPost or ContentPost, with its comments as a
  child subquery: a new FeedComment updates its post's CommentCount, hence the post's SystemModstamp, so a
  post with a new comment comes back and the comments newer than the watermark are kept. A post or comment is
  public when the post's Visibility is AllUsers (InternalUsers: staff only).
- ContentDocumentLink on a case (the filter on LinkedEntityId that Salesforce requires for this object),
  public when its Visibility is AllUsers; who attached it is the document's creator (a link has no
  CreatedById).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from simple_salesforce import format_soql

from servicecloud.email_text import fresh_text
from servicecloud.models import REPLY_EMAIL, REPLY_FEED, REPLY_FILE, AgentReply, FileLink
from servicecloud.plan import Plan
from servicecloud.soql import get_path as _get

DRAFT = "5"
PUBLIC = "AllUsers"
FEED_TYPES = ("TextPost", "ContentPost")
ORDER = " ORDER BY SystemModstamp ASC, Id ASC"

EMAIL_FIELDS = ("Id, ParentId, Status, Subject, TextBody, HtmlBody, CreatedById, CreatedBy.Name, CreatedDate, "
                "SystemModstamp, Parent.CaseNumber, Parent.Subject, Parent.ContactId")
POST_FIELDS = "Id, ParentId, Type, Body, Visibility, CreatedById, CreatedBy.Name, CreatedDate, SystemModstamp"
FEED_COMMENT_FIELDS = "Id, CommentBody, CreatedById, CreatedBy.Name, CreatedDate, SystemModstamp"
FILE_FIELDS = ("Id, LinkedEntityId, ContentDocumentId, Visibility, SystemModstamp, ContentDocument.Title, "
               "ContentDocument.FileExtension, ContentDocument.CreatedById, ContentDocument.CreatedBy.Name, "
               "ContentDocument.CreatedDate")
STREAMS = ("emails", "posts", "files")
NEWEST = {"emails": "EmailMessage", "posts": "FeedItem", "files": "ContentDocumentLink"}


def plan_queries(plan: Plan, since: datetime) -> None:
    """Add the three reply queries (refs `emails`, `posts`, `files`) for records changed after `since`."""
    after = format_soql(" AND SystemModstamp > {}", since)
    plan.query("emails", f"SELECT {EMAIL_FIELDS} FROM EmailMessage WHERE ParentId != null AND Incoming = false"
               + after + ORDER)
    comments = f"(SELECT {FEED_COMMENT_FIELDS} FROM FeedComments WHERE SystemModstamp > {{}} ORDER BY CreatedDate ASC)"
    plan.query("posts", format_soql(f"SELECT {POST_FIELDS}, {comments} FROM FeedItem", since)
               + format_soql(" WHERE ParentId IN (SELECT Id FROM Case) AND Type IN {}", list(FEED_TYPES)) + after
               + ORDER)
    plan.query("files", f"SELECT {FILE_FIELDS} FROM ContentDocumentLink WHERE LinkedEntityId IN (SELECT Id FROM Case)"
               + after + ORDER)


def plan_newest(plan: Plan) -> None:
    """Add one query per reply stream for its newest SystemModstamp (the change feed's starting point)."""
    for ref, sobject in NEWEST.items():
        where = " WHERE LinkedEntityId IN (SELECT Id FROM Case)" if sobject == "ContentDocumentLink" else ""
        plan.query(ref, f"SELECT SystemModstamp FROM {sobject}{where} ORDER BY SystemModstamp DESC LIMIT 1")


def to_replies(rows: dict[str, list[dict[str, Any]]], *, mark: datetime, instance_url: str,
               parse_dt: Callable[[Any], datetime | None]) -> list[AgentReply]:
    """The replies in the three streams' rows that are newer than `mark`, oldest first."""
    out = [*_emails(rows.get("emails", []), parse_dt), *_feed(rows.get("posts", []), parse_dt),
           *_files(rows.get("files", []), instance_url, parse_dt)]
    out = [r for r in out if r.system_modstamp is None or r.system_modstamp > mark]
    return sorted(out, key=lambda r: (r.system_modstamp or mark, r.id))


def _emails(rows: Iterable[dict[str, Any]], parse_dt: Callable[[Any], datetime | None]) -> list[AgentReply]:
    return [AgentReply(
        id=r["Id"], case_id=r.get("ParentId") or "", channel=REPLY_EMAIL,
        body=fresh_text(r.get("TextBody"), r.get("HtmlBody")), public=r.get("Status") != DRAFT,
        created_by_id=r.get("CreatedById") or "", created_by_name=_get(r, "CreatedBy.Name"),
        created_date=parse_dt(r.get("CreatedDate")), system_modstamp=parse_dt(r.get("SystemModstamp")),
        case_number=_get(r, "Parent.CaseNumber"), case_subject=_get(r, "Parent.Subject"),
        contact_id=_get(r, "Parent.ContactId")) for r in rows]


def _feed(rows: Iterable[dict[str, Any]], parse_dt: Callable[[Any], datetime | None]) -> list[AgentReply]:
    out = []
    for r in rows:
        public = r.get("Visibility") == PUBLIC
        case_id = r.get("ParentId") or ""
        created = parse_dt(r.get("CreatedDate"))
        # A ContentPost's file is reported by its ContentDocumentLink; only its text is a reply here.
        if (r.get("Body") or "").strip():
            out.append(AgentReply(
                id=r["Id"], case_id=case_id, channel=REPLY_FEED, body=r["Body"].strip(), public=public,
                created_by_id=r.get("CreatedById") or "", created_by_name=_get(r, "CreatedBy.Name"),
                created_date=created, system_modstamp=created))
        for c in _get(r, "FeedComments.records") or []:
            at = parse_dt(c.get("CreatedDate"))
            out.append(AgentReply(
                id=c["Id"], case_id=case_id, channel=REPLY_FEED, body=(c.get("CommentBody") or "").strip(),
                public=public, created_by_id=c.get("CreatedById") or "", created_by_name=_get(c, "CreatedBy.Name"),
                created_date=at, system_modstamp=parse_dt(c.get("SystemModstamp")) or at))
    return out


def _files(rows: Iterable[dict[str, Any]], instance_url: str,
           parse_dt: Callable[[Any], datetime | None]) -> list[AgentReply]:
    out = []
    for r in rows:
        title = _get(r, "ContentDocument.Title") or "file"
        ext = _get(r, "ContentDocument.FileExtension")
        name = f"{title}.{ext}" if ext and not str(title).lower().endswith("." + str(ext).lower()) else str(title)
        doc = r.get("ContentDocumentId")
        url = f"{instance_url.rstrip('/')}/lightning/r/ContentDocument/{doc}/view" if doc and instance_url else None
        out.append(AgentReply(
            id=r["Id"], case_id=r.get("LinkedEntityId") or "", channel=REPLY_FILE, body="",
            public=r.get("Visibility") == PUBLIC, created_by_id=_get(r, "ContentDocument.CreatedById") or "",
            created_by_name=_get(r, "ContentDocument.CreatedBy.Name"),
            created_date=parse_dt(_get(r, "ContentDocument.CreatedDate")),
            system_modstamp=parse_dt(r.get("SystemModstamp")), files=(FileLink(name, url),)))
    return out
