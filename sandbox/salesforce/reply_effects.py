"""What Salesforce does when reply objects are inserted (the objects are reply_objects.py's): values it computes
before the row is written (`derive`) and rows it writes with it (`after_insert`). Called by records.py.
"""
from __future__ import annotations

import os
from typing import Any, Protocol

from .database import Database
from .errors import ApiError
from .fields import SObject
from .schema import SCHEMA


class Writer(Protocol):
    """What the effects need of records.py's `Records`: its database, and creating a record as a user."""

    db: Database

    def create(self, obj_name: str, data: dict, user_id: str) -> Any: ...


def derive(records: Writer, obj: SObject, record: dict[str, Any]) -> None:
    """Values Salesforce computes on insert (before the row is written)."""
    if obj.name == "FeedComment":
        row = records.db.conn.execute('SELECT "ParentId" FROM "FeedItem" WHERE "Id" = ? AND "IsDeleted" = 0',
                               (record.get("FeedItemId"),)).fetchone()
        if row is None:
            raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ["FeedItemId"])
        record["ParentId"] = row[0]
    elif obj.name == "FeedItem" and record.get("RelatedRecordId"):
        record["Type"] = "ContentPost"
    elif obj.name == "ContentVersion":
        path = str(record.get("PathOnClient") or "")
        record["Title"] = record.get("Title") or os.path.splitext(os.path.basename(path))[0] or path
        record["FileExtension"] = os.path.splitext(path)[1].lstrip(".").lower() or None
        record["ContentSize"] = len(record.get("VersionData") or b"")


def after_insert(records: Writer, obj: SObject, record: dict[str, Any], user_id: str, now: str) -> None:
    """Rows Salesforce writes with an insert: a comment touches its post; a version makes its document and
    (FirstPublishLocationId) its link to the record."""
    if obj.name == "FeedComment":
        records.db.conn.execute('UPDATE "FeedItem" SET "CommentCount" = "CommentCount" + 1, "LastModifiedDate" = ?, '
                         '"SystemModstamp" = ? WHERE "Id" = ?', (now, now, record["FeedItemId"]))
    elif obj.name == "ContentVersion" and not record.get("ContentDocumentId"):
        doc = SCHEMA["ContentDocument"]
        doc_id = records.db.new_id(doc)
        records.db.conn.execute(
            'INSERT INTO "ContentDocument" ("Id", "Title", "FileExtension", "ContentSize", '
            '"LatestPublishedVersionId", "OwnerId", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", '
            '"LastModifiedById", "SystemModstamp") VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)',
            (doc_id, record["Title"], record.get("FileExtension"), record.get("ContentSize"), record["Id"],
             record.get("OwnerId") or user_id, now, user_id, now, user_id, now))
        records.db.conn.execute('UPDATE "ContentVersion" SET "ContentDocumentId" = ? WHERE "Id" = ?', (doc_id, record["Id"]))
        if record.get("FirstPublishLocationId"):
            records.create("ContentDocumentLink", {"ContentDocumentId": doc_id,
                                               "LinkedEntityId": record["FirstPublishLocationId"],
                                               "ShareType": "I", "Visibility": "AllUsers"}, user_id)
