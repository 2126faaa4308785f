"""Salesforce checks of the org mapping (CONCIERGE_CONFIG) against the org: the Case fields Concierge reads and
writes, the statuses it maps and sets, the picklist values and record type it writes on new cases, the
CaseComment and Attachment fields. Each check is one function `(SalesforceContext) -> Outcome`.
"""
from __future__ import annotations

import difflib
import re
from typing import Any

from runtime.doctor.result import Outcome, fail, ok, warn
from runtime.doctor.salesforce_context import SalesforceContext
from servicecloud import OrgConfig
from servicecloud.soql import case_fields

# The Case fields CaseDesk.file_case writes (besides the category field and the record type), and those its
# updates write (close, reopen, add details).
CREATED = ("ContactId", "Subject", "Description", "Origin", "Priority", "Status", "Type")
UPDATED = ("Status", "Description")
COMMENT_READ = ("ParentId", "CommentBody", "IsPublished", "CreatedById", "CreatedDate", "SystemModstamp")
COMMENT_CREATED = ("ParentId", "CommentBody", "IsPublished")
ATTACHMENT_CREATED = ("ParentId", "Name", "Body", "ContentType")
SLACK_ID_LENGTH = 21       # Slack user ids (U0123ABCD, W0123ABCDEF): room to spare
FLS_FIX = ("In Salesforce Setup, give the integration user's permission set (or profile) access to these "
           "fields (Object Settings > {object} > Field Permissions: Read, and Edit for the fields Concierge "
           "writes), or correct the field names in the org mapping (CONCIERGE_CONFIG).")


def _case_needs(org: OrgConfig) -> tuple[set[str], set[str], set[str], set[str]]:
    """(fields read, relationships read, fields created, fields updated) on Case."""
    read, rels = set(), set()
    for f in case_fields(org, description=True) + [org.fields.category]:
        if not f:
            continue
        if "." in f:
            rels.add(f.split(".")[0])
        else:
            read.add(f)
    created = set(CREATED) | ({org.fields.category} if org.fields.category and org.defaults.category_value else set())
    created |= set(org.defaults.extra_fields) | ({org.fields.slack_user_id} if org.fields.slack_user_id else set())
    if org.defaults.record_type_id or org.defaults.record_type_name:
        created.add("RecordTypeId")
    updated = set(UPDATED) | set(org.statuses.on_user_close_fields) | set(org.statuses.on_user_reopen_fields)
    return read, rels, created, updated


def _access_problems(sobject: str, described: dict[str, dict[str, Any]], read: set[str], created: set[str],
                     updated: set[str]) -> list[str]:
    problems = []
    for f in sorted(read | created | updated):
        if f not in described:
            problems.append(f"{sobject}.{f} is missing or hidden from the integration user (field-level security)")
        elif f in created and not described[f].get("createable"):
            problems.append(f"{sobject}.{f} is visible but the integration user can't set it on new records")
        elif f in updated and not described[f].get("updateable"):
            problems.append(f"{sobject}.{f} is visible but the integration user can't edit it")
    return problems


def case_fields_access(ctx: SalesforceContext) -> Outcome:
    read, rels, created, updated = _case_needs(ctx.org)
    described = ctx.fields("Case")
    problems = _access_problems("Case", described, read, created, updated)
    known_rels = {f.get("relationshipName") for f in described.values()}
    problems += [f"Case.{r} (relationship) is missing or hidden from the integration user" for r in sorted(rels)
                 if r not in known_rels]
    slack_field = described.get(ctx.org.fields.slack_user_id or "")
    if slack_field is not None and (slack_field.get("type") not in ("string", "textarea")
                                    or int(slack_field.get("length") or 0) < SLACK_ID_LENGTH):
        problems.append(f"Case.{slack_field['name']} (fields.slack_user_id) is a {slack_field.get('type')} field of "
                        f"length {slack_field.get('length')}: Slack user ids need a text field of at least "
                        f"{SLACK_ID_LENGTH} characters")
    if problems:
        return fail(f"{len(problems)} of the Case fields Concierge uses can't be used as it needs",
                    FLS_FIX.format(object="Cases"), problems)
    return ok(f"all {len(read | created | updated)} fields are visible, the {len(created)} it fills "
              f"in on new cases are creatable and the {len(updated)} it changes are editable")


def required_fields(ctx: SalesforceContext) -> Outcome:
    _, _, created, _ = _case_needs(ctx.org)
    described = ctx.fields("Case")
    required = _required_not_written(described, created)
    if required:
        return fail(f"the org requires {len(required)} Case field(s) Concierge does not fill in: every case it "
                    "files would be refused (REQUIRED_FIELD_MISSING)",
                    "Give each a value for new cases in CONCIERGE_CONFIG, under defaults: extra_fields "
                    "(e.g. extra_fields: {" + f"{required[0]}: <value>" + "}), or make the field optional in Setup.",
                    [f"Case.{f} is required" + _values_hint(described[f]) for f in required])
    return ok("Concierge fills in every Case field the org requires")


def _required_not_written(described: dict[str, dict[str, Any]], created: set[str]) -> list[str]:
    """Case fields Salesforce requires on create (not nillable, not defaulted, not a checkbox) that Concierge does
    not write: "nillable: Indicates whether the field is nillable (true) or not (false). A non-nillable field must
    have a non-null value for a create() or update() call to succeed" (describeSObjects' Field)."""
    return sorted(name for name, f in described.items()
                  if f.get("createable") and not f.get("nillable", True) and not f.get("defaultedOnCreate")
                  and f.get("type") != "boolean" and name not in created and name != "OwnerId")


def _values_hint(f: dict[str, Any]) -> str:
    values = [v["value"] for v in f.get("picklistValues") or [] if v.get("active", True)]
    return f" (values: {', '.join(values)})" if values else ""


def statuses(ctx: SalesforceContext) -> Outcome:
    rows = ctx.query("SELECT ApiName, MasterLabel, IsClosed FROM CaseStatus")
    org_statuses = {r["ApiName"]: bool(r["IsClosed"]) for r in rows}
    by_fold = {s.casefold(): s for s in org_statuses}
    m = ctx.org.statuses
    # (mapping key, status, expected IsClosed or None for either); the statuses Concierge writes must exist exactly.
    expected: list[tuple[str, str, bool | None]] = [
        (key, status, closed) for key, names, closed in (
            ("new", m.new, False), ("waiting_for_user", m.waiting_for_user, False),
            ("in_progress", m.in_progress, False), ("resolved", m.resolved, None), ("closed", m.closed, True))
        for status in names]
    written = {m.on_create: False, m.on_user_close: True, m.on_user_reopen: False}
    problems, notes = [], []
    for status, closed in written.items():
        if status not in org_statuses:
            near = difflib.get_close_matches(status, list(org_statuses), n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(f"'{status}', which Concierge sets, is not a Case status in this org{hint}")
        elif org_statuses[status] != closed:
            problems.append(f"'{status}', which Concierge sets to {'close' if closed else 'open or reopen'} a case, "
                            f"is {'a closed' if org_statuses[status] else 'an open'} status in this org")
    for key, status, should_close in expected:
        actual = by_fold.get(status.casefold())
        if actual is None:
            notes.append(f"'{status}' is mapped but not a status in this org (fine if the org does not use it)")
        elif should_close is not None and org_statuses[actual] != should_close:
            problems.append(f"'{status}' is mapped as {'closed' if should_close else 'open'} ({key}) but IsClosed is "
                            f"{str(org_statuses[actual]).lower()} in this org")
    mapped = {s.casefold() for s in [*(e[1] for e in expected), *written]}
    unmapped_open = [s for s, c in org_statuses.items() if s.casefold() not in mapped and not c]
    notes += [f"'{s}' is not mapped: Concierge treats it as {'closed' if c else 'being worked on'}"
              for s, c in org_statuses.items() if s.casefold() not in mapped]
    if problems:
        return fail("the status mapping does not match the org's Case statuses",
                    "Correct the statuses in CONCIERGE_CONFIG (statuses: on_create, on_user_close, on_user_reopen and "
                    "the lists) to the org's Case Status values (Setup > Object Manager > Case > Fields > Status), "
                    "with closed statuses only under `closed`.", problems + notes)
    if not any(s.casefold() in by_fold for s in m.waiting_for_user):
        return warn("none of the statuses mapped as waiting for the employee exists in this org: Concierge will "
                    "never tell anyone a case waits for their reply",
                    "List the org's status that means 'waiting for the employee' under statuses: waiting_for_user"
                    + (f" (one of: {', '.join(unmapped_open)})" if unmapped_open else "") + ".", notes)
    if unmapped_open:
        return warn(f"{len(unmapped_open)} open status(es) of the org are not mapped, so Concierge shows them as "
                    f"being worked on: {', '.join(unmapped_open)}",
                    "Map each under statuses (new, waiting_for_user, in_progress or resolved) in CONCIERGE_CONFIG.",
                    notes)
    return ok(f"the statuses Concierge sets exist ({', '.join(written)}) and every mapped status "
              "agrees with IsClosed", notes)


def picklist_values(ctx: SalesforceContext) -> Outcome:
    d = ctx.org.defaults
    urgent = {ctx.org.urgency.priority} if ctx.org.urgency.enabled else set()
    wanted = {"Origin": {d.origin, *d.origin_by_channel.values()}, "Priority": {d.priority, *urgent},
              "Type": {d.type_incident, d.type_service_request}}
    if ctx.org.fields.category and d.category_value:
        wanted.setdefault(ctx.org.fields.category, set()).add(d.category_value)
    m = ctx.org.statuses
    for fname, value in [*d.extra_fields.items(), *m.on_user_close_fields.items(), *m.on_user_reopen_fields.items()]:
        if value is not None:
            wanted.setdefault(fname, set()).add(value)
    described = ctx.fields("Case")
    problems = []
    for fname, values in wanted.items():
        f = described.get(fname)
        if f is None:
            continue        # reported by the Case fields check
        allowed = [v["value"] for v in f.get("picklistValues") or [] if v.get("active", True)]
        for value in sorted(values):
            if f.get("type") == "picklist" and value not in allowed:
                near = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
                problems.append(f"Case.{fname} has no value '{value}'" + (f" (did you mean '{near[0]}'?)" if near
                                                                          else f"; it has: {', '.join(allowed)}"))
    if problems:
        return fail("values the org mapping writes on new cases are not in the org's picklists",
                    "Correct them in CONCIERGE_CONFIG (defaults: origin, origin_by_channel, priority, type_incident, "
                    "type_service_request, category_value, extra_fields; urgency: priority; statuses: "
                    "on_user_close_fields, on_user_reopen_fields), or add the values to the picklists in Setup.",
                    problems)
    return ok("; ".join(f"{k}: {', '.join(sorted(v))}" for k, v in wanted.items()))


def record_type(ctx: SalesforceContext) -> Outcome:
    d = ctx.org.defaults
    if not (d.record_type_id or d.record_type_name):
        return ok("none configured: new cases get the integration user's default record type")
    infos = ctx.describe("Case").get("recordTypeInfos") or []
    wanted = d.record_type_id or d.record_type_name or ""
    match = next((i for i in infos if wanted in (i.get("recordTypeId"), i.get("name"), i.get("developerName"))
                  or (d.record_type_id and str(i.get("recordTypeId", ""))[:15] == d.record_type_id[:15])), None)
    if match is None:
        names = [str(i.get("name")) for i in infos if not i.get("master")]
        return fail(f"the Case record type '{wanted}' does not exist",
                    ("Set defaults.record_type_name (or record_type_id) in CONCIERGE_CONFIG to one of: "
                     + ", ".join(names)) if names else
                    "The org has no Case record types: set defaults.record_type_name: null (and no record_type_id) "
                    "in CONCIERGE_CONFIG.")
    if not (match.get("active") and match.get("available")):
        return fail(f"the Case record type '{match.get('name')}' is not "
                    f"{'active' if not match.get('active') else 'available to the integration user'}",
                    "Activate it, and assign it to the integration user's profile or permission set "
                    "(Record Type Settings > Cases).")
    return ok(f"'{match.get('name')}' ({match.get('recordTypeId')}) is active and available")


def case_numbers(ctx: SalesforceContext) -> Outcome:
    """Employees name cases by number ("status of 1234", "CS 00001234"): Concierge reads them as Salesforce's
    default Case Number display format, eight digits ({00000000}); another format finds nothing."""
    rows = ctx.query("SELECT CaseNumber FROM Case ORDER BY CreatedDate DESC LIMIT 1")
    if not rows:
        return ok("no case yet to read the Case Number format from")
    number = str(rows[0].get("CaseNumber") or "")
    if re.fullmatch(r"\d{8}", number):
        return ok(f"eight digits, as Concierge reads them (latest: {number})")
    return fail(f"the org's case numbers look like '{number}': Concierge reads case numbers as eight digits "
                "(Salesforce's default display format), so employees' references to cases would find nothing",
                "In Setup > Object Manager > Case > Fields & Relationships > Case Number, set the display format "
                "back to {00000000}; Concierge has no setting for another format.")


def comments_and_attachments(ctx: SalesforceContext) -> Outcome:
    problems = []
    for sobject, read, created in (("CaseComment", COMMENT_READ, COMMENT_CREATED),
                                   ("Attachment", (), ATTACHMENT_CREATED)):
        if not ctx.describe(sobject).get("createable"):
            problems.append(f"the integration user can't create {sobject} records")
        problems += _access_problems(sobject, ctx.fields(sobject), set(read), set(created), set())
    if problems:
        return fail("Concierge can't add comments or attach files as it needs",
                    "Give the integration user Create on Cases (comments and attachments follow the case). "
                    + FLS_FIX.format(object="Case Comments / Attachments"), problems)
    return ok("CaseComment and Attachment records can be created with the fields Concierge writes")
