"""Entitlement milestones on a case, as the status card reads them (issue 24, docs/csat.md "When to expect an
answer").

Salesforce keeps a case's service targets as CaseMilestone rows (object reference: TargetDate, IsCompleted,
IsViolated, MilestoneTypeId; TimeRemainingInMins is a *string* "Min:Sec", so Concierge computes what it shows
from TargetDate, never from it). They are read with the case, in the same SOQL, as a child relationship
subquery (`SUBQUERY` in the case's SELECT list): reading them adds no Salesforce call to a status check.
A case whose entitlement clock is stopped has `Case.IsStopped` true.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicecloud.mapping import parse_dt

# The open milestones of the case, soonest first (a child relationship subquery of the case's query).
SUBQUERY = ("(SELECT MilestoneType.Name, TargetDate, IsCompleted, IsViolated FROM CaseMilestones "
            "WHERE IsCompleted = false ORDER BY TargetDate)")
FIRST_RESPONSE_WORDS = ("first response", "response")
RESOLUTION_WORDS = ("resolution", "resolve", "fix")


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    target: datetime | None
    completed: bool = False
    violated: bool = False

    @property
    def kind(self) -> str:
        """"first_response", "resolution" or "other", from the milestone type's name."""
        low = self.name.casefold()
        if any(w in low for w in FIRST_RESPONSE_WORDS):
            return "first_response"
        if any(w in low for w in RESOLUTION_WORDS):
            return "resolution"
        return "other"


@dataclass(frozen=True, slots=True)
class ServiceTargets:
    """What the case's entitlement says about when to expect an answer."""

    milestones: tuple[Milestone, ...] = ()
    stopped: bool = False

    @property
    def open(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if not m.completed)


def targets_from(record: Mapping[str, Any]) -> ServiceTargets:
    """The service targets of a Case record read with `SUBQUERY` (and IsStopped, when selected)."""
    rows: Sequence[Mapping[str, Any]] = ((record.get("CaseMilestones") or {}).get("records") or [])
    out = []
    for r in rows:
        name = ((r.get("MilestoneType") or {}).get("Name") or "").strip() or "Milestone"
        out.append(Milestone(name, parse_dt(r.get("TargetDate")), bool(r.get("IsCompleted")),
                             bool(r.get("IsViolated"))))
    return ServiceTargets(tuple(out), bool(record.get("IsStopped")))
