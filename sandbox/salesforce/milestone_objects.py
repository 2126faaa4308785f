"""Entitlement Management, as much of it as the status card reads (issue 24): Entitlement, MilestoneType and
CaseMilestone, and the Case's stopped clock (`Case.IsStopped`, `StopStartDate`).

What Salesforce documents and the emulator does:
- CaseMilestone "Represents a milestone (required step in a customer support process) on a Case" with TargetDate
  ("the date and time the milestone must be completed"), IsCompleted, IsViolated, CompletionDate (updateable)
  and MilestoneTypeId (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-casemilestone.html).
  Completing a milestone (CompletionDate set, as an agent's console does) makes IsCompleted true.
- IsViolated turns true when TargetDate passes while the milestone is open and the case's clock runs; the
  emulator computes it (and the remaining time) when a query reads CaseMilestone, from its own clock, so a test
  moves the clock (`advance_clock`) rather than waiting.
- TimeRemainingInMins and TimeSinceTargetInMins are *strings* in Salesforce: "Time Remaining (Min:Sec)",
  type string, length 10 (https://developer.salesforce.com/docs/atlas.en-us.204.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_CaseMilestone.htm);
  the emulator writes them as "MMM:SS" so a client that parses them as numbers fails here as it would there.
  Concierge never reads them: it computes what it shows from TargetDate.
- A case's milestones stop while `Case.IsStopped` is true (StopStartDate records when); when it starts again,
  each open milestone's TargetDate moves later by the time it was stopped.
- Not modelled: business hours (TargetDate = StartDate + TargetResponseInMins in calendar minutes), entitlement
  processes creating milestones by themselves (tests and the agent console create them), versions, success and
  violation actions. Real orgs refuse to create CaseMilestone through the API (its calls are query, retrieve and
  update); the emulator accepts it for the agent (test) user as its way to set a case up.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from .fields import BOOLEAN, DATETIME, ID, INT, REFERENCE, STRING, ChildRelationship, Field, SObject
from .timefmt import format_datetime, parse_datetime


def _audit() -> dict[str, Field]:
    return {n: Field(n, DATETIME if n.endswith(("Date", "Modstamp")) else REFERENCE, n,
                     18 if n.endswith("Id") else 0, createable=False, updateable=False, nillable=False,
                     **({"reference_to": ("User",)} if n.endswith("Id") else {}))   # type: ignore[arg-type]
            for n in ("CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")}


def _id(label: str) -> dict[str, Field]:
    return {"Id": Field("Id", ID, label, 18, createable=False, updateable=False, nillable=False)}


def case_fields() -> dict[str, Field]:
    """The Case's entitlement fields."""
    return {
        "EntitlementId": Field("EntitlementId", REFERENCE, "Entitlement Name", 18, reference_to=("Entitlement",),
                               relationship_name="Entitlement"),
        "IsStopped": Field("IsStopped", BOOLEAN, "Stopped", nillable=False, default=False),
        "StopStartDate": Field("StopStartDate", DATETIME, "Stopped Since", createable=False, updateable=False),
    }


CASE_CHILDREN = {"CaseMilestones": ChildRelationship("CaseMilestones", "CaseMilestone", "CaseId")}


def build_milestone_objects() -> list[SObject]:
    entitlement = SObject("Entitlement", "550", "Entitlement", {
        **_id("Entitlement ID"),
        "Name": Field("Name", STRING, "Entitlement Name", 255, nillable=False, required=True),
        "StartDate": Field("StartDate", DATETIME, "Start Date"),
        "EndDate": Field("EndDate", DATETIME, "End Date"),
        **_audit(),
    })
    milestone_type = SObject("MilestoneType", "557", "Milestone", {
        **_id("Milestone ID"),
        "Name": Field("Name", STRING, "Name", 80, nillable=False, required=True),
        "Description": Field("Description", STRING, "Description", 255),
        **_audit(),
    })
    case_milestone = SObject("CaseMilestone", "5SC", "Case Milestone", {
        **_id("Case Milestone ID"),
        "CaseId": Field("CaseId", REFERENCE, "Case ID", 18, updateable=False, nillable=False, required=True,
                        reference_to=("Case",), relationship_name="Case"),
        "MilestoneTypeId": Field("MilestoneTypeId", REFERENCE, "Milestone ID", 18, updateable=False,
                                 reference_to=("MilestoneType",), relationship_name="MilestoneType"),
        "StartDate": Field("StartDate", DATETIME, "Start Date"),
        "TargetDate": Field("TargetDate", DATETIME, "Target Date", updateable=False),
        "TargetResponseInMins": Field("TargetResponseInMins", INT, "Target Response (Mins)", updateable=False),
        "CompletionDate": Field("CompletionDate", DATETIME, "Completion Date"),
        "IsCompleted": Field("IsCompleted", BOOLEAN, "Completed", createable=False, updateable=False,
                             nillable=False, default=False),
        "IsViolated": Field("IsViolated", BOOLEAN, "Violation", createable=False, updateable=False,
                            nillable=False, default=False),
        "TimeRemainingInMins": Field("TimeRemainingInMins", STRING, "Time Remaining (Min:Sec)", 10,
                                     createable=False, updateable=False),
        "TimeSinceTargetInMins": Field("TimeSinceTargetInMins", STRING, "Time Since Target (Min:Sec)", 10,
                                       createable=False, updateable=False),
        **_audit(),
    }, name_field=None)
    return [entitlement, milestone_type, case_milestone]


def derive(conn: sqlite3.Connection, obj_name: str, record: dict, old: dict | None, now: str) -> None:
    """What a write does: a milestone's target and completion; the Case's clock stopping and starting."""
    if obj_name == "CaseMilestone":
        if old is None:
            record.setdefault("StartDate", now)
            record["StartDate"] = record.get("StartDate") or now
            mins = record.get("TargetResponseInMins")
            if not record.get("TargetDate") and mins is not None:
                start = parse_datetime(record["StartDate"])
                record["TargetDate"] = format_datetime(start + timedelta(minutes=int(mins)))
        record["IsCompleted"] = 1 if record.get("CompletionDate") else 0
    elif obj_name == "Case":
        stopped, was = bool(record.get("IsStopped")), bool(old and old.get("IsStopped"))
        if stopped and not was:
            record["StopStartDate"] = now
        elif was and not stopped:
            since = (old or {}).get("StopStartDate")
            record["StopStartDate"] = None
            if since and old is not None:
                paused = parse_datetime(now) - parse_datetime(since)
                rows = conn.execute('SELECT "Id", "TargetDate" FROM "CaseMilestone" WHERE "CaseId" = ? '
                                    'AND "IsCompleted" = 0 AND "TargetDate" IS NOT NULL', (old["Id"],)).fetchall()
                for rid, target in rows:
                    conn.execute('UPDATE "CaseMilestone" SET "TargetDate" = ? WHERE "Id" = ?',
                                 (format_datetime(parse_datetime(target) + paused), rid))


def refresh(conn: sqlite3.Connection, now: datetime) -> None:
    """Before a query reads milestones: IsViolated and the remaining / overdue time, as of `now`. A stopped
    case's milestones neither count down nor become violated."""
    rows = conn.execute('SELECT m."Id", m."TargetDate", m."IsViolated", c."IsStopped", c."StopStartDate" '
                        'FROM "CaseMilestone" m JOIN "Case" c ON c."Id" = m."CaseId" '
                        'WHERE m."IsCompleted" = 0 AND m."TargetDate" IS NOT NULL').fetchall()
    for rid, target, violated, stopped, since in rows:
        at = parse_datetime(since) if stopped and since else now
        left = (parse_datetime(target) - at).total_seconds()
        late = violated or left < 0
        conn.execute('UPDATE "CaseMilestone" SET "IsViolated" = ?, "TimeRemainingInMins" = ?, '
                     '"TimeSinceTargetInMins" = ? WHERE "Id" = ?',
                     (1 if late else 0, _min_sec(max(left, 0)), _min_sec(max(-left, 0)), rid))


def _min_sec(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"[:10]
