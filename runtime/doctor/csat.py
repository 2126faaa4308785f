"""`concierge doctor`: where the org keeps ratings (`csat.store`, docs/csat.md) exists and is writable by the
integration user: the Case fields, or the custom object and its fields. One describe call (cached)."""
from __future__ import annotations

from runtime.doctor.result import Outcome, fail, ok
from runtime.doctor.salesforce_context import SalesforceContext
from servicecloud.errors import CaseDeskError

FIX = ("Create the field(s) or object in Setup (Object Manager) and give the integration user's permission set "
       "Read and Edit on them (Create on the object), or change `csat` in the org mapping (CONCIERGE_CONFIG): "
       "another name, or `store: none` to keep ratings in Concierge's database only.")


def rating_storage(ctx: SalesforceContext) -> Outcome:
    csat = ctx.org.csat
    if not csat.enabled:
        return ok("ratings are off (csat.enabled: false)")
    if csat.store == "none":
        return ok("ratings are kept in Concierge's database only (csat.store: none)")
    if csat.store == "case_fields":
        sobject, f = "Case", csat.case_fields
        wanted, creatable = [x for x in (f.score, f.comment, f.rated_at) if x], False
    else:
        o = csat.custom_object
        sobject, creatable = o.name, True
        wanted = [x for x in (o.case, o.score, o.comment, o.key, o.rated_at) if x]
        try:
            described_object = ctx.describe(sobject)
        except CaseDeskError:
            described_object = {}
        if not described_object:
            return fail(f"the rating object {sobject} does not exist or the integration user can't see it", FIX,
                        [f"{sobject} (csat.custom_object.name) not found"])
        if not described_object.get("createable", True):
            return fail(f"the integration user can't create {sobject} records", FIX, [f"{sobject} is not creatable"])
    described = ctx.fields(sobject)
    problems = []
    for name in wanted:
        info = described.get(name)
        if info is None:
            problems.append(f"{sobject}.{name} is missing or hidden from the integration user (field-level security)")
        elif not info.get("updateable") or (creatable and not info.get("createable")):
            problems.append(f"{sobject}.{name} is visible but the integration user can't write it")
    if problems:
        return fail(f"ratings can't be stored in {sobject} (csat.store: {csat.store})", FIX, problems)
    return ok(f"ratings go to {sobject}: {', '.join(wanted)} exist and are writable")
