"""Entitlement milestones on a case, as the status card reads them (issue 24, docs/csat.md "When to expect an
answer").

Salesforce keeps a case's service targets as CaseMilestone rows (object reference: TargetDate, IsCompleted,
IsViolated, MilestoneTypeId; TimeRemainingInMins is a *string* "Min:Sec", so Concierge computes what it shows
from TargetDate, never from it). They are read with the case, in the same SOQL, as a child relationship
subquery (`SUBQUERY` in the case's SELECT list): reading them adds no Salesforce call to a status check.
A case whose entitlement clock is stopped has `Case.IsStopped` true.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from servicecloud.models import Milestone, ServiceTargets, parse_dt

__all__ = ["SUBQUERY", "Milestone", "ServiceTargets", "targets_from", "targets_json", "targets_from_json"]

# The open milestones of the case, soonest first (a child relationship subquery of the case's query).
SUBQUERY = ("(SELECT MilestoneType.Name, TargetDate, IsCompleted, IsViolated FROM CaseMilestones "
            "WHERE IsCompleted = false ORDER BY TargetDate)")


def targets_from(record: Mapping[str, Any]) -> ServiceTargets:
    """The service targets of a Case record read with `SUBQUERY` (and IsStopped, when selected)."""
    rows: Sequence[Mapping[str, Any]] = ((record.get("CaseMilestones") or {}).get("records") or [])
    out = []
    for r in rows:
        name = ((r.get("MilestoneType") or {}).get("Name") or "").strip() or "Milestone"
        out.append(Milestone(name, parse_dt(r.get("TargetDate")), bool(r.get("IsCompleted")),
                             bool(r.get("IsViolated"))))
    return ServiceTargets(tuple(out), bool(record.get("IsStopped")))


def targets_json(targets: ServiceTargets | None) -> str | None:
    """The targets as the read model stores them (None: not read)."""
    if targets is None:
        return None
    return json.dumps({"stopped": targets.stopped,
                       "milestones": [[m.name, m.target.isoformat() if m.target else None, m.completed, m.violated]
                                      for m in targets.milestones]}, separators=(",", ":"))


def targets_from_json(text: str | None) -> ServiceTargets | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        return ServiceTargets(tuple(Milestone(str(n), parse_dt(t), bool(c), bool(v))
                                    for n, t, c, v in data.get("milestones") or []), bool(data.get("stopped")))
    except (ValueError, TypeError, AttributeError):
        return None
