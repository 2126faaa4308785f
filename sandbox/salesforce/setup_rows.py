"""The set-up objects' rows (the objects are setup_objects.py's): written when the org is built or reset
(`build_setup`) and brought in line with the org's options before a query reads them (`sync_setup`).
"""
from __future__ import annotations

from typing import Any, Protocol

from . import ids
from .database import Options
from .fields import SObject
from .schema import SCHEMA, Schema
from .setup_objects import PERMISSION_SET_NAME


class SetupOrg(Protocol):
    """What the rows need of store.py's `Org`."""

    @property
    def conn(self) -> Any: ...

    @property
    def lock(self) -> Any: ...

    @property
    def options(self) -> Options: ...

    @property
    def schema(self) -> Schema: ...

    @property
    def assignment_owner(self) -> str | None: ...

    def stamp(self) -> str: ...

    def new_id(self, obj: SObject) -> str: ...


def _insert(org: SetupOrg, table: str, record: dict) -> str:
    cols = list(record)
    org.conn.execute(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                     f'VALUES ({", ".join("?" for _ in cols)})', [record[c] for c in cols])
    return record["Id"]


def build_setup(org: SetupOrg, integration_user: str) -> None:
    """Write the set-up rows (inside the org's build or reset transaction)."""
    stamp = org.stamp()
    audit = {"CreatedDate": stamp, "CreatedById": integration_user, "LastModifiedDate": stamp,
             "LastModifiedById": integration_user, "SystemModstamp": stamp}
    for table in ("CaseStatus", "Organization", "PermissionSet", "PermissionSetAssignment", "ObjectPermissions",
                  "AssignmentRule"):
        org.conn.execute(f'DELETE FROM "{table}"')
    setup = org.schema.setup
    for order, (status, closed) in enumerate(setup.statuses, start=1):
        _insert(org, "CaseStatus", {"Id": org.new_id(SCHEMA["CaseStatus"]), "ApiName": status,
                                    "MasterLabel": status, "IsClosed": int(closed),
                                    "IsDefault": int(status == setup.default_status), "SortOrder": order, **audit})
    _insert(org, "Organization", {"Id": ids.to18(ids.ORG_ID_15), "Name": "Concierge Sandbox", "IsSandbox": 0,
                                  "OrganizationType": "Developer Edition", "DefaultCaseAccess": "ReadEditTransfer",
                                  **audit})
    pset = _insert(org, "PermissionSet", {"Id": org.new_id(SCHEMA["PermissionSet"]), "Name": PERMISSION_SET_NAME,
                                          "Label": "Concierge Integration", "IsOwnedByProfile": 0, **audit})
    _insert(org, "PermissionSetAssignment", {"Id": org.new_id(SCHEMA["PermissionSetAssignment"]),
                                             "AssigneeId": integration_user, "PermissionSetId": pset,
                                             "SystemModstamp": stamp})
    for sobject_type in ("Case", "Contact"):
        _insert(org, "ObjectPermissions", {
            "Id": org.new_id(SCHEMA["ObjectPermissions"]), "ParentId": pset, "SobjectType": sobject_type,
            "PermissionsRead": 1, "PermissionsCreate": int(sobject_type == "Case"),
            "PermissionsEdit": int(sobject_type == "Case"), "PermissionsDelete": 0,
            "PermissionsViewAllRecords": 0, "PermissionsModifyAllRecords": 0, **audit})
    _insert(org, "AssignmentRule", {"Id": org.new_id(SCHEMA["AssignmentRule"]), "Name": "Route new cases",
                                    "SobjectType": "Case", "Active": 0, **audit})
    sync_setup(org)


def sync_setup(org: SetupOrg) -> None:
    """Bring the option-driven set-up rows in line with `org.options` and the assignment owner."""
    options = org.options
    access = "None" if options.case_sharing == "private" else "ReadEditTransfer"
    with org.lock:
        org.conn.execute('UPDATE "Organization" SET "DefaultCaseAccess" = ?', (access,))
        org.conn.execute('UPDATE "ObjectPermissions" SET "PermissionsViewAllRecords" = ? WHERE "SobjectType" = ? '
                         'AND "ParentId" IN (SELECT "Id" FROM "PermissionSet" WHERE "Name" = ?)',
                         (int(options.integration_view_all), "Case", PERMISSION_SET_NAME))
        org.conn.execute('UPDATE "AssignmentRule" SET "Active" = ? WHERE "SobjectType" = ?',
                         (int(org.assignment_owner is not None), "Case"))
