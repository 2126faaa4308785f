"""How agents answer besides case comments: emails, feed posts and their comments, and files.

Fields, lengths and visibility as the object reference gives them (sources in README.md, "Agent replies"):
- EmailMessage: an email on a case (ParentId), `Incoming` false for what an agent sent; Status '3' = Sent,
  '5' = Draft.
- FeedItem: a post in the case feed (ParentId = the case), Type TextPost or ContentPost; Visibility
  AllUsers (anyone who sees the case, the employee too) or InternalUsers (staff only).
- FeedComment: a comment on a feed post; its ParentId is the post's parent record (set by Salesforce) and it
  is seen by whoever sees the post. Adding one updates the post's CommentCount, so the post's
  LastModifiedDate/SystemModstamp move too.
- ContentVersion / ContentDocument / ContentDocumentLink: a file. Inserting a ContentVersion creates its
  ContentDocument; with FirstPublishLocationId it is also linked to that record (a ContentDocumentLink).
  A ContentDocumentLink has no CreatedById/CreatedDate (only SystemModstamp), and querying it needs a filter
  on Id, LinkedEntityId or ContentDocumentId (query.py refuses others, as Salesforce does).
What inserting them does besides (the post's CommentCount, the document and its link) is reply_effects.py's.
"""
from __future__ import annotations

from typing import Any

from .fields import (BASE64, BOOLEAN, DATETIME, EMAIL, ID, INT, PICKLIST, REFERENCE, STRING, TEXTAREA, ChildRelationship,
                     Field, SObject)

EMAIL_STATUSES = ("0", "1", "2", "3", "4", "5")     # New, Read, Replied, Sent, Forwarded, Draft
FEED_TYPES = ("TextPost", "ContentPost", "LinkPost", "TrackedChange", "CaseCommentPost", "EmailMessageEvent")
VISIBILITIES = ("AllUsers", "InternalUsers")
LINK_VISIBILITIES = ("AllUsers", "InternalUsers", "SharedUsers")
SHARE_TYPES = ("V", "C", "I")
RESTRICTED_QUERY = "ContentDocumentLink"
RESTRICTED_FILTERS = frozenset({"id", "linkedentityid", "contentdocumentid"})


def _ro(name: str, type_: str, label: str, length: int = 0, **kw: Any) -> Field:
    return Field(name, type_, label, length, createable=False, updateable=False, **kw)


def _id() -> dict[str, Field]:
    return {"Id": _ro("Id", ID, "Record ID", 18, nillable=False)}


def _stamps(*names: str) -> dict[str, Field]:
    """The audit fields an object really has (FeedComment and ContentDocumentLink lack some)."""
    out: dict[str, Field] = {}
    for n in names:
        if n == "IsDeleted":
            out[n] = _ro(n, BOOLEAN, "Deleted", nillable=False, default=False)
        elif n.endswith("ById"):
            out[n] = _ro(n, REFERENCE, n, 18, nillable=False, reference_to=("User",),
                         relationship_name=n[:-2])
        else:
            out[n] = _ro(n, DATETIME, n, nillable=False)
    return out


ALL_STAMPS = ("IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")


def build_reply_objects() -> list[SObject]:
    email = SObject("EmailMessage", "02s", "Email Message", {
        **_id(),
        "ParentId": Field("ParentId", REFERENCE, "Case ID", 18, updateable=False, reference_to=("Case",),
                          relationship_name="Parent"),
        "Incoming": Field("Incoming", BOOLEAN, "Is Incoming", updateable=False, nillable=False, default=False),
        "FromAddress": Field("FromAddress", EMAIL, "From Address", 1000),
        "FromName": Field("FromName", STRING, "From Name", 1000),
        "ToAddress": Field("ToAddress", STRING, "To Address", 4000),
        "CcAddress": Field("CcAddress", STRING, "CC Address", 4000),
        "Subject": Field("Subject", STRING, "Subject", 3000),
        "TextBody": Field("TextBody", TEXTAREA, "Text Body", 32000, filterable=False),
        "HtmlBody": Field("HtmlBody", TEXTAREA, "HTML Body", 131072, filterable=False),
        "MessageDate": Field("MessageDate", DATETIME, "Message Date"),
        "Status": Field("Status", PICKLIST, "Status", 40, picklist=EMAIL_STATUSES, restricted=True,
                        default_picklist="0", default="0"),
        "HasAttachment": _ro("HasAttachment", BOOLEAN, "Has Attachment", nillable=False, default=False),
        **_stamps(*ALL_STAMPS),
    }, name_field="Subject")

    feed_item = SObject("FeedItem", "0D5", "Feed Item", {
        **_id(),
        "ParentId": Field("ParentId", REFERENCE, "Parent ID", 18, updateable=False, nillable=False, required=True,
                          reference_to=("Case", "User"), relationship_name="Parent", polymorphic=True),
        "Type": Field("Type", PICKLIST, "Feed Item Type", 40, updateable=False, picklist=FEED_TYPES,
                      restricted=True, default_picklist="TextPost", default="TextPost"),
        "Body": Field("Body", TEXTAREA, "Body", 10000),
        "Title": Field("Title", STRING, "Title", 255),
        "Visibility": Field("Visibility", PICKLIST, "Visibility", 40, picklist=VISIBILITIES, restricted=True,
                            default_picklist="AllUsers", default="AllUsers"),
        "RelatedRecordId": Field("RelatedRecordId", REFERENCE, "Related Record ID", 18,
                                 reference_to=("ContentVersion",)),
        "CommentCount": _ro("CommentCount", INT, "Comment Count", nillable=False, default=0),
        "IsRichText": Field("IsRichText", BOOLEAN, "Is Rich Text", nillable=False, default=False),
        **_stamps("IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "SystemModstamp"),
    }, children={"FeedComments": ChildRelationship("FeedComments", "FeedComment", "FeedItemId")}, name_field=None)

    feed_comment = SObject("FeedComment", "0D7", "Feed Comment", {
        **_id(),
        "FeedItemId": Field("FeedItemId", REFERENCE, "Feed Item ID", 18, updateable=False, nillable=False,
                            required=True, reference_to=("FeedItem",), relationship_name="FeedItem"),
        "ParentId": _ro("ParentId", REFERENCE, "Parent ID", 18, reference_to=("Case", "User"),
                        relationship_name="Parent", polymorphic=True),
        "CommentBody": Field("CommentBody", TEXTAREA, "Comment Body", 10000, nillable=False, required=True),
        "CommentType": Field("CommentType", PICKLIST, "Comment Type", 40, picklist=("TextComment", "ContentComment"),
                             restricted=True, default="TextComment"),
        "RelatedRecordId": Field("RelatedRecordId", REFERENCE, "Related Record ID", 18,
                                 reference_to=("ContentVersion",)),
        "IsRichText": Field("IsRichText", BOOLEAN, "Is Rich Text", nillable=False, default=False),
        **_stamps("IsDeleted", "CreatedDate", "CreatedById", "SystemModstamp"),
    }, name_field=None)

    version = SObject("ContentVersion", "068", "Content Version", {
        **_id(),
        "ContentDocumentId": Field("ContentDocumentId", REFERENCE, "Content Document ID", 18, updateable=False,
                                   reference_to=("ContentDocument",), relationship_name="ContentDocument"),
        "Title": Field("Title", STRING, "Title", 255),
        "PathOnClient": Field("PathOnClient", STRING, "Path On Client", 500, updateable=False, required=True),
        "VersionData": Field("VersionData", BASE64, "Version Data", 0, updateable=False, required=True,
                             filterable=False),
        "FileExtension": _ro("FileExtension", STRING, "File Extension", 40),
        "ContentSize": _ro("ContentSize", INT, "Size"),
        "FirstPublishLocationId": Field("FirstPublishLocationId", REFERENCE, "First Publish Location ID", 18,
                                        updateable=False, reference_to=("Case", "User"), polymorphic=True),
        "IsLatest": _ro("IsLatest", BOOLEAN, "Is Latest", nillable=False, default=True),
        "OwnerId": Field("OwnerId", REFERENCE, "Owner ID", 18, nillable=False, reference_to=("User",),
                         relationship_name="Owner"),
        **_stamps(*ALL_STAMPS),
    }, name_field="Title")

    document = SObject("ContentDocument", "069", "Content Document", {
        **_id(),
        "Title": Field("Title", STRING, "Title", 255),
        "FileExtension": _ro("FileExtension", STRING, "File Extension", 40),
        "ContentSize": _ro("ContentSize", INT, "Size"),
        "LatestPublishedVersionId": _ro("LatestPublishedVersionId", REFERENCE, "Latest Published Version ID", 18,
                                        reference_to=("ContentVersion",), relationship_name="LatestPublishedVersion"),
        "OwnerId": Field("OwnerId", REFERENCE, "Owner ID", 18, nillable=False, reference_to=("User",),
                         relationship_name="Owner"),
        **_stamps(*ALL_STAMPS),
    }, name_field="Title", read_only=True)     # made by inserting a ContentVersion, never directly

    link = SObject("ContentDocumentLink", "06A", "Content Document Link", {
        **_id(),
        "ContentDocumentId": Field("ContentDocumentId", REFERENCE, "Document", 18, updateable=False,
                                   nillable=False, required=True, reference_to=("ContentDocument",),
                                   relationship_name="ContentDocument"),
        "LinkedEntityId": Field("LinkedEntityId", REFERENCE, "Linked Entity", 18, updateable=False, nillable=False,
                                required=True, reference_to=("Case", "User"), relationship_name="LinkedEntity",
                                polymorphic=True),
        "ShareType": Field("ShareType", PICKLIST, "Share Type", 40, picklist=SHARE_TYPES, restricted=True,
                           default="V"),
        "Visibility": Field("Visibility", PICKLIST, "Visibility", 40, picklist=LINK_VISIBILITIES, restricted=True,
                            default="AllUsers"),
        **_stamps("IsDeleted", "SystemModstamp"),
    }, name_field=None)
    return [email, feed_item, feed_comment, version, document, link]
