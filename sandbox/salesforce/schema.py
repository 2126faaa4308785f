"""The emulated org's data model: objects, fields, relationships, picklists (the types are fields.py's; the
reply objects' and set-up objects' definitions are reply_objects.py's and setup_objects.py's).

Field definitions drive everything else: column layout in SQLite, write validation (types, lengths,
restricted picklists, create/update permissions), SOQL name resolution and describe output.
"""
from __future__ import annotations

from .case_setup import DEFAULT_CASE_SETUP, CaseSetup
from .fields import (BASE64, BOOLEAN, DATETIME, EMAIL, ID, INT, PHONE, PICKLIST, REFERENCE,
                     STRING, TEXTAREA, ChildRelationship, Field, SObject)
from .milestone_objects import CASE_CHILDREN, build_milestone_objects
from .milestone_objects import case_fields as entitlement_case_fields
from .knowledge_objects import build_knowledge_objects
from .reply_objects import build_reply_objects
from .setup_objects import build_setup_objects

# The default org's values (case_setup.py holds them; other orgs are built from another CaseSetup).
CASE_STATUSES = DEFAULT_CASE_SETUP.status_names
CLOSED_STATUSES = DEFAULT_CASE_SETUP.closed_statuses


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


def _case_fields(setup: CaseSetup) -> dict[str, Field]:
    """The Case fields that differ between orgs (case_setup.py)."""
    restricted = {name.lower() for name in setup.restricted}

    def picklist(name: str, label: str, values: tuple[str, ...], default: str | None = None) -> Field:
        return Field(name, PICKLIST, label, 255, picklist=values, restricted=name.lower() in restricted,
                     default_picklist=default, default=default)

    fields = {
        "Status": Field("Status", PICKLIST, "Status", 255, picklist=setup.status_names, restricted=True,
                        default_picklist=setup.default_status, default=setup.default_status),
        "Priority": picklist("Priority", "Priority", setup.priorities, setup.default_priority),
        "Origin": picklist("Origin", "Case Origin", setup.origins),
        "Type": picklist("Type", "Case Type", setup.types),
    }
    if setup.assignee_field:
        fields[setup.assignee_field] = Field(setup.assignee_field, STRING, "Case Owner", 1300, createable=False,
                                             updateable=False, calculated=True)
    if setup.category_field:
        fields[setup.category_field] = picklist(setup.category_field, "Internal Support Category",
                                                setup.categories)
    if setup.csat_fields:
        fields["CSAT_Score__c"] = Field("CSAT_Score__c", INT, "CSAT Score")
        fields["CSAT_Comment__c"] = Field("CSAT_Comment__c", TEXTAREA, "CSAT Comment", 32000, filterable=False)
        fields["CSAT_Rated_At__c"] = Field("CSAT_Rated_At__c", DATETIME, "CSAT Rated At")
    for f in setup.custom_fields:
        fields[f.name] = f
    return fields


def build_schema(setup: CaseSetup = DEFAULT_CASE_SETUP) -> Schema:
    varying = _case_fields(setup)
    case = SObject("Case", "500", "Case", {
        **_id(),
        "CaseNumber": Field("CaseNumber", STRING, "Case Number", 30, createable=False, updateable=False,
                            nillable=False),
        "Subject": Field("Subject", STRING, "Subject", 255),
        "Description": Field("Description", TEXTAREA, "Description", 32000, filterable=False),
        "Status": varying.pop("Status"),
        "Priority": varying.pop("Priority"),
        "Origin": varying.pop("Origin"),
        "Type": varying.pop("Type"),
        "Reason": Field("Reason", PICKLIST, "Case Reason", 255, picklist=("Other",)),
        "RecordTypeId": Field("RecordTypeId", REFERENCE, "Record Type ID", 18, reference_to=("RecordType",),
                              relationship_name="RecordType"),
        "ContactId": Field("ContactId", REFERENCE, "Contact ID", 18, reference_to=("Contact",),
                           relationship_name="Contact"),
        "SuppliedEmail": Field("SuppliedEmail", EMAIL, "Web Email", 80),
        "OwnerId": _owner(polymorphic=True),
        **varying,
        "IsClosed": Field("IsClosed", BOOLEAN, "Closed", createable=False, updateable=False, nillable=False,
                          default=False),
        "ClosedDate": Field("ClosedDate", DATETIME, "Closed Date", createable=False, updateable=False),
        "IsEscalated": Field("IsEscalated", BOOLEAN, "Escalated", nillable=False, default=False),
        **entitlement_case_fields(),
        **_audit(),
    }, children={
        "CaseComments": ChildRelationship("CaseComments", "CaseComment", "ParentId"),
        "Attachments": ChildRelationship("Attachments", "Attachment", "ParentId"),
        "EmailMessages": ChildRelationship("EmailMessages", "EmailMessage", "ParentId"),
        "ContentDocumentLinks": ChildRelationship("ContentDocumentLinks", "ContentDocumentLink", "LinkedEntityId"),
        **CASE_CHILDREN,
        "CaseArticles": ChildRelationship("CaseArticles", "CaseArticle", "CaseId"),
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
    return Schema([case, comment, attachment, contact, user, record_type, *build_reply_objects(),
                   *build_setup_objects(), *build_milestone_objects(), *build_knowledge_objects()], setup)


class Schema(dict[str, SObject]):
    """One org's objects by name (API name -> SObject), and the case set-up they were built from."""

    def __init__(self, objects: list[SObject], setup: CaseSetup) -> None:
        super().__init__((o.name, o) for o in objects)
        self.setup = setup
        self._by_lower = {name.lower(): obj for name, obj in self.items()}
        self._by_prefix = {obj.prefix: obj for obj in self.values()}

    def sobject(self, name: str) -> SObject | None:
        return self._by_lower.get(name.lower())

    def for_prefix(self, prefix: str) -> SObject | None:
        return self._by_prefix.get(prefix)


SCHEMA = build_schema()       # the default org's (every org has the same objects and key prefixes)


def sobject(name: str) -> SObject | None:
    return SCHEMA.sobject(name)


def sobject_for_prefix(prefix: str) -> SObject | None:
    return SCHEMA.for_prefix(prefix)
