"""`concierge doctor`: with `milestones.enabled` (docs/csat.md "When to expect an answer"), the case query a status
check sends, with its CaseMilestones child subquery, is accepted. An org without Entitlement Management, or an
integration user without Read on Case Milestones, refuses it, and every status check would fail. One query."""
from __future__ import annotations

from runtime.doctor.result import Outcome, fail, ok
from runtime.doctor.salesforce_context import SalesforceContext
from servicecloud.errors import CaseDeskError
from servicecloud.milestones import SUBQUERY

FIX = ("Turn on Entitlement Management (Setup > Entitlement Settings) and give the integration user's permission "
       "set Read on Case Milestones and Milestones, or set `milestones.enabled: false` in the org mapping "
       "(CONCIERGE_CONFIG).")


def milestones(ctx: SalesforceContext) -> Outcome:
    if not ctx.org.milestones.enabled:
        return ok("answer times are off (milestones.enabled: false)")
    try:
        ctx.query(f"SELECT Id, IsStopped, {SUBQUERY} FROM Case LIMIT 1")
    except CaseDeskError as exc:
        return fail("Salesforce refuses to read cases' milestones (CaseMilestones), so every status check would "
                    "fail", FIX, [getattr(exc, "detail", None) or str(exc)])
    return ok("cases' open milestones are readable with the case (CaseMilestones)")
