"""The emulated org's data model: objects, fields, relationships, picklists (the types are fields.py's; the
reply objects' and set-up objects' definitions are reply_objects.py's and setup_objects.py's).

Field definitions drive everything else: column layout in SQLite, write validation (types, lengths,
restricted picklists, create/update permissions), SOQL name resolution and describe output.
"""
from __future__ import annotations

from .fields import (BASE64, BOOLEAN, DATETIME, EMAIL, ID, INT, PHONE, PICKLIST, REFERENCE,
                     STRING, TEXTAREA, ChildRelationship, Field, SObject)
from .reply_objects import build_reply_objects
from .setup_objects import build_setup_objects

CASE_STATUSES = (
    "New", "In Progress", "Waiting for user response", "Waiting for customer response", "On Hold",
    "Escalated", "Reopened", "Resolved", "Closed", "Closed - By User",
)
CLOSED_STATUSES = frozenset({"Closed", "Closed - By User"})
CASE_PRIORITIES = ("1-Critical", "2-High", "3-Standard", "4-Low", "High", "Medium", "Low")
CASE_ORIGINS = ("Email", "Web", "Phone", "Concierge Slack", "Moveworks", "Chat")
CASE_TYPES = ("Incident", "Service Request", "Problem", "Question")
SUPPORT_CATEGORIES = ("Concierge Uncategorized", "Hardware", "Software", "Network", "Access")


def _audit() -> dict[str, Field]:
    return {
        "IsDeleted": Field("IsDeleted", BOOLEAN, "Deleted", createable=False, updateable=False, nillable=False,
                           default=False),
        "CreatedDate": Field("CreatedDate", DATETIME, "Created Date", createable=False, updateable=False,
                             nillable=False),
        "CreatedById": Field("CreatedById", REFERENCE, "Created By ID", 18, createable=False, updateable=False,
                             nillable=False, reference_to=("User",), relationship_name="CreatedBy"),
        "LastModifiedDate": Field("LastModifiedDate", DATETIME, "Last Modified Date", createable=False,
                                  updateable=False, nillable=False),
        "LastModifiedById": Field("LastModifiedById", REFERENCE, "Last Modified By ID", 18, createable=False,
                                  updateable=False, nillable=False, reference_to=("User",),
                                  relationship_name="LastModifiedBy"),
        "SystemModstamp": Field("SystemModstamp", DATETIME, "System Modstamp", createable=False,
                                updateable=False, nillable=False),
    }


def _id() -> dict[str, Field]:
    return {"Id": Field("Id", ID, "Record ID", 18, createable=False, updateable=False, nillable=False)}


def _owner(polymorphic: bool) -> Field:
    return Field("OwnerId", REFERENCE, "Owner ID", 18, nillable=False, reference_to=("User",) if not polymorphic
                 else ("Group", "User"), relationship_name="Owner", polymorphic=polymorphic)


def build_schema() -> dict[str, SObject]:
    case = SObject("Case", "500", "Case", {
        **_id(),
        "CaseNumber": Field("CaseNumber", STRING, "Case Number", 30, createable=False, updateable=False,
                            nillable=False),
        "Subject": Field("Subject", STRING, "Subject", 255),
        "Description": Field("Description", TEXTAREA, "Description", 32000, filterable=False),
        "Status": Field("Status", PICKLIST, "Status", 255, picklist=CASE_STATUSES, restricted=True,
                        default_picklist="New", default="New"),
        "Priority": Field("Priority", PICKLIST, "Priority", 255, picklist=CASE_PRIORITIES,
                          default_picklist="3-Standard", default="3-Standard"),
        "Origin": Field("Origin", PICKLIST, "Case Origin", 255, picklist=CASE_ORIGINS),
        "Type": Field("Type", PICKLIST, "Case Type", 255, picklist=CASE_TYPES),
        "Reason": Field("Reason", PICKLIST, "Case Reason", 255, picklist=("Other",)),
        "RecordTypeId": Field("RecordTypeId", REFERENCE, "Record Type ID", 18, reference_to=("RecordType",),
                              relationship_name="RecordType"),
        "ContactId": Field("ContactId", REFERENCE, "Contact ID", 18, reference_to=("Contact",),
                           relationship_name="Contact"),
        "SuppliedEmail": Field("SuppliedEmail", EMAIL, "Web Email", 80),
        "OwnerId": _owner(polymorphic=True),
        "Case_Owner__c": Field("Case_Owner__c", STRING, "Case Owner", 1300, createable=False, updateable=False,
                               calculated=True),
        "Internal_Support_Category__c": Field("Internal_Support_Category__c", PICKLIST,
                                              "Internal Support Category", 255, picklist=SUPPORT_CATEGORIES),
        "IsClosed": Field("IsClosed", BOOLEAN, "Closed", createable=False, updateable=False, nillable=False,
                          default=False),
        "ClosedDate": Field("ClosedDate", DATETIME, "Closed Date", createable=False, updateable=False),
        "IsEscalated": Field("IsEscalated", BOOLEAN, "Escalated", nillable=False, default=False),
        **_audit(),
    }, children={
        "CaseComments": ChildRelationship("CaseComments", "CaseComment", "ParentId"),
        "Attachments": ChildRelationship("Attachments", "Attachment", "ParentId"),
        "EmailMessages": ChildRelationship("EmailMessages", "EmailMessage", "ParentId"),
        "ContentDocumentLinks": ChildRelationship("ContentDocumentLinks", "ContentDocumentLink", "LinkedEntityId"),
    }, searchable=("CaseNumber", "Subject", "Description"), name_field="CaseNumber")

    comment = SObject("CaseComment", "00a", "Case Comment", {
        **_id(),
        "ParentId": Field("ParentId", REFERENCE, "Parent Case ID", 18, updateable=False, nillable=False,
                          required=True, reference_to=("Case",), relationship_name="Parent"),
        # "The maximum size of the comment body is 4,000 bytes" (object reference): bytes, not characters.
        "CommentBody": Field("CommentBody", TEXTAREA, "Body", 4000, length_in_bytes=True),
        "IsPublished": Field("IsPublished", BOOLEAN, "Published", nillable=False, default=False),
        "IsNotificationSelected": Field("IsNotificationSelected", BOOLEAN, "Notification Selected",
                                        nillable=False, default=False),
        **_audit(),
    }, searchable=(), name_field=None)

    attachment = SObject("Attachment", "00P", "Attachment", {
        **_id(),
        "ParentId": Field("ParentId", REFERENCE, "Parent ID", 18, updateable=False, nillable=False,
                          required=True, reference_to=("Case",), relationship_name="Parent", polymorphic=True),
        "Name": Field("Name", STRING, "File Name", 255, nillable=False, required=True),
        "Body": Field("Body", BASE64, "Body", 0, nillable=False, required=True, filterable=False),
        "BodyLength": Field("BodyLength", INT, "Body Length", createable=False, updateable=False),
        "ContentType": Field("ContentType", STRING, "Content Type", 120),
        "Description": Field("Description", TEXTAREA, "Description", 500),
        "IsPrivate": Field("IsPrivate", BOOLEAN, "Private", nillable=False, default=False),
        "OwnerId": _owner(polymorphic=False),
        **_audit(),
    })

    contact = SObject("Contact", "003", "Contact", {
        **_id(),
        "FirstName": Field("FirstName", STRING, "First Name", 40),
        "LastName": Field("LastName", STRING, "Last Name", 80, nillable=False, required=True),
        "Name": Field("Name", STRING, "Full Name", 121, createable=False, updateable=False, nillable=False),
        "Email": Field("Email", EMAIL, "Email", 80),
        "Phone": Field("Phone", PHONE, "Business Phone", 40),
        "Title": Field("Title", STRING, "Title", 128),
        "Department": Field("Department", STRING, "Department", 80),
        "OwnerId": _owner(polymorphic=False),
        **_audit(),
    }, children={"Cases": ChildRelationship("Cases", "Case", "ContactId")},
        searchable=("Name", "Email", "Phone"))

    user = SObject("User", "005", "User", {
        **_id(),
        "Username": Field("Username", STRING, "Username", 80, nillable=False, required=True),
        "FirstName": Field("FirstName", STRING, "First Name", 40),
        "LastName": Field("LastName", STRING, "Last Name", 80, nillable=False, required=True),
        "Name": Field("Name", STRING, "Full Name", 121, createable=False, updateable=False, nillable=False),
        "Email": Field("Email", EMAIL, "Email", 128, nillable=False, required=True),
        "Alias": Field("Alias", STRING, "Alias", 8),
        "Title": Field("Title", STRING, "Title", 80),
        "IsActive": Field("IsActive", BOOLEAN, "Active", nillable=False, default=True),
        "TimeZoneSidKey": Field("TimeZoneSidKey", PICKLIST, "Time Zone", 40, default="America/Los_Angeles"),
        "UserType": Field("UserType", PICKLIST, "User Type", 40, createable=False, updateable=False,
                          default="Standard"),
        **{k: v for k, v in _audit().items() if k != "IsDeleted"},
    }, searchable=("Name", "Email", "Username"))

    record_type = SObject("RecordType", "012", "Record Type", {
        **_id(),
        "Name": Field("Name", STRING, "Record Type Name", 80, nillable=False, required=True),
        "DeveloperName": Field("DeveloperName", STRING, "Record Type Name", 80, nillable=False, required=True),
        "SobjectType": Field("SobjectType", PICKLIST, "SObject Type Name", 40, nillable=False, required=True),
        "Description": Field("Description", STRING, "Description", 255),
        "IsActive": Field("IsActive", BOOLEAN, "Active", nillable=False, default=True),
        **{k: v for k, v in _audit().items() if k != "IsDeleted"},
    })
    return {o.name: o for o in (case, comment, attachment, contact, user, record_type, *build_reply_objects(),
                                *build_setup_objects())}


SCHEMA = build_schema()
_BY_LOWER = {name.lower(): obj for name, obj in SCHEMA.items()}
_BY_PREFIX = {obj.prefix: obj for obj in SCHEMA.values()}


def sobject(name: str) -> SObject | None:
    return _BY_LOWER.get(name.lower())


def sobject_for_prefix(prefix: str) -> SObject | None:
    return _BY_PREFIX.get(prefix)
