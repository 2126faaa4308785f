"""The org's set-up as Salesforce exposes it to SOQL: case statuses, the org-wide sharing default, the
integration user's object permissions and the case assignment rules.

These objects are read-only through the API (as in Salesforce: `describeSObjects(), query(), retrieve()`),
so `concierge doctor` can check an org mapping against them. Their rows are written by setup_rows.py, from the
schema's Case Status picklist and from the org's `Options`, never through `Org.create`:

- CaseStatus (ApiName, MasterLabel, IsClosed, IsDefault, SortOrder): one row per Case.Status value.
- Organization.DefaultCaseAccess: "ReadEditTransfer" (Public Read/Write/Transfer) or, with the option
  `case_sharing="private"`, "None".
- PermissionSet / PermissionSetAssignment / ObjectPermissions: a permission set "Concierge Integration"
  assigned to the integration user, with Case Read/Create/Edit and PermissionsViewAllRecords from the option
  `integration_view_all`.
- AssignmentRule (SobjectType Case): one active rule while the org routes new cases (`assignment_owner`).
"""
from __future__ import annotations

from .fields import BOOLEAN, DATETIME, ID, INT, PICKLIST, REFERENCE, STRING, Field, SObject

# Objects whose rows follow the org's options: refreshed before a query reads them.
SYNCED = frozenset({"Organization", "ObjectPermissions", "AssignmentRule"})
PERMISSION_SET_NAME = "Concierge_Integration"


def _ro(name: str, type_: str, label: str, length: int = 0, **kw: object) -> Field:
    """A read-only field (setup objects are not written through the API)."""
    return Field(name, type_, label, length, createable=False, updateable=False, **kw)  # type: ignore[arg-type]


def _audit() -> dict[str, Field]:
    return {n: _ro(n, DATETIME if n.endswith(("Date", "Modstamp")) else REFERENCE, n,
                   18 if n.endswith("Id") else 0, nillable=False,
                   **({"reference_to": ("User",)} if n.endswith("Id") else {}))   # type: ignore[arg-type]
            for n in ("CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")}


def _id(label: str) -> dict[str, Field]:
    return {"Id": _ro("Id", ID, label, 18, nillable=False)}


def build_setup_objects() -> list[SObject]:
    case_status = SObject("CaseStatus", "01J", "Case Status Value", {
        **_id("Case Status Value ID"),
        "ApiName": _ro("ApiName", STRING, "API Name", 255, nillable=False),
        "MasterLabel": _ro("MasterLabel", STRING, "Master Label", 255),
        "IsClosed": _ro("IsClosed", BOOLEAN, "Is Closed", nillable=False, default=False),
        "IsDefault": _ro("IsDefault", BOOLEAN, "Is Default", nillable=False, default=False),
        "SortOrder": _ro("SortOrder", INT, "Sort Order"),
        **_audit(),
    }, name_field="MasterLabel", read_only=True)
    organization = SObject("Organization", "00D", "Organization", {
        **_id("Organization ID"),
        "Name": _ro("Name", STRING, "Name", 80, nillable=False),
        "IsSandbox": _ro("IsSandbox", BOOLEAN, "Is Sandbox", nillable=False, default=False),
        "OrganizationType": _ro("OrganizationType", PICKLIST, "Edition", 40),
        "DefaultCaseAccess": _ro("DefaultCaseAccess", PICKLIST, "Default Case Access", 40,
                                 picklist=("None", "Read", "Edit", "ReadEditTransfer")),
        **_audit(),
    }, read_only=True)
    permission_set = SObject("PermissionSet", "0PS", "Permission Set", {
        **_id("Permission Set ID"),
        "Name": _ro("Name", STRING, "Name", 80, nillable=False),
        "Label": _ro("Label", STRING, "Label", 80, nillable=False),
        "IsOwnedByProfile": _ro("IsOwnedByProfile", BOOLEAN, "Is Owned By Profile", nillable=False, default=False),
        **_audit(),
    }, read_only=True)
    assignment = SObject("PermissionSetAssignment", "0Pa", "Permission Set Assignment", {
        **_id("Permission Set Assignment ID"),
        "AssigneeId": _ro("AssigneeId", REFERENCE, "Assignee ID", 18, nillable=False, reference_to=("User",),
                          relationship_name="Assignee"),
        "PermissionSetId": _ro("PermissionSetId", REFERENCE, "Permission Set ID", 18, nillable=False,
                               reference_to=("PermissionSet",), relationship_name="PermissionSet"),
        "SystemModstamp": _ro("SystemModstamp", DATETIME, "System Modstamp", nillable=False),
    }, name_field=None, read_only=True)
    object_permissions = SObject("ObjectPermissions", "110", "Object Permissions", {
        **_id("Object Permission ID"),
        "ParentId": _ro("ParentId", REFERENCE, "Parent ID", 18, nillable=False, reference_to=("PermissionSet",),
                        relationship_name="Parent"),
        "SobjectType": _ro("SobjectType", PICKLIST, "Sobject Type Name", 40, nillable=False),
        **{name: _ro(name, BOOLEAN, label, nillable=False, default=False) for name, label in (
            ("PermissionsRead", "Read"), ("PermissionsCreate", "Create"), ("PermissionsEdit", "Edit"),
            ("PermissionsDelete", "Delete"), ("PermissionsViewAllRecords", "View All"),
            ("PermissionsModifyAllRecords", "Modify All"))},
        **_audit(),
    }, name_field=None, read_only=True)
    assignment_rule = SObject("AssignmentRule", "01Q", "Assignment Rule", {
        **_id("Assignment Rule ID"),
        "Name": _ro("Name", STRING, "Name", 120, nillable=False),
        "SobjectType": _ro("SobjectType", PICKLIST, "Sobject Type", 40, nillable=False),
        "Active": _ro("Active", BOOLEAN, "Active", nillable=False, default=False),
        **_audit(),
    }, read_only=True)
    return [case_status, organization, permission_set, assignment, object_permissions, assignment_rule]
