"""Salesforce checks: sign-in, API version, the Case fields, statuses, picklist values and record type the org
mapping names, comments and attachments, case visibility, assignment rules, API headroom.

Each check is one function `(SalesforceContext) -> Finding`; they read the org through the same `CaseDesk`
sign-in `concierge run` uses (describe calls and a few SOQL queries on set-up objects; nothing is written).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from simple_salesforce import format_soql

from bot.doctor.result import Finding, Outcome, fail, ok, run_checks, warn
from servicecloud import CaseDesk, OrgConfig
from servicecloud.auth import jwt_audience
from servicecloud.errors import AuthenticationFailed, CaseDeskError, SalesforceUnavailable
from servicecloud.soql import case_fields

AREA = "Salesforce"
# The Case fields CaseDesk.file_case writes (besides the category field and the record type), and those its
# updates write (close, reopen, add details).
CREATED = ("ContactId", "Subject", "Description", "Origin", "Priority", "Status", "Type")
UPDATED = ("Status", "Description")
COMMENT_READ = ("ParentId", "CommentBody", "IsPublished", "CreatedById", "CreatedDate", "SystemModstamp")
COMMENT_CREATED = ("ParentId", "CommentBody", "IsPublished")
ATTACHMENT_CREATED = ("ParentId", "Name", "Body", "ContentType")
FLS_FIX = ("In Salesforce Setup, give the integration user's permission set (or profile) access to these "
           "fields (Object Settings > {object} > Field Permissions: Read, and Edit for the fields Concierge "
           "writes), or correct the field names in the org mapping (CONCIERGE_CONFIG).")


@dataclass
class SalesforceContext:
    settings: Any
    org: OrgConfig
    desk: CaseDesk | None = None
    settings_error: str | None = None
    _describes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Any) -> SalesforceContext:
        try:
            return cls(settings, settings.org, CaseDesk.from_settings(settings))
        except ValueError as exc:          # settings Salesforce would refuse (start-up refusal of `run`)
            return cls(settings, settings.org, None, str(exc))

    @property
    def client(self) -> Any:
        assert self.desk is not None
        return self.desk.client

    def describe(self, sobject: str) -> dict[str, Any]:
        if sobject not in self._describes:
            self._describes[sobject] = self.client.request("GET", f"sobjects/{sobject}/describe") or {}
        return self._describes[sobject]

    def fields(self, sobject: str) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.describe(sobject).get("fields") or []}

    def query(self, soql: str) -> list[dict[str, Any]]:
        return self.client.query_all(soql)[0]


# ------------------------------------------------------------------------------------------------- sign-in
def _sign_in_fix(exc: AuthenticationFailed) -> str:
    text = f"{exc.error_code or ''} {exc.detail or ''}".lower()
    if "audience" in text:
        return ("Salesforce refused the JWT's audience: leave SF_JWT_AUDIENCE unset (https://login.salesforce.com, "
                "or https://test.salesforce.com for a sandbox) unless you sign in to an Experience Cloud site.")
    if "approved" in text:
        return ("Pre-authorise the integration user for the app: in the app's policies set 'Permitted Users' to "
                "'Admin approved users are pre-authorized' and add the user's profile or permission set.")
    if "invalid_client" in text or "client identifier" in text:
        return ("Check SF_CLIENT_ID and SF_CLIENT_SECRET: the consumer key and secret of the external client app "
                "(or connected app), with the Client Credentials Flow enabled and a Run As user set.")
    return ("Check the sign-in settings (SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET or SF_USERNAME and "
            "SF_PRIVATE_KEY_FILE) against the app in Salesforce Setup; Salesforce said: " + (exc.detail or str(exc)))


def sign_in(ctx: SalesforceContext) -> Outcome:
    if ctx.desk is None:
        return fail("the settings are refused before any request", ctx.settings_error or "")
    flow = (ctx.settings.sf_auth_flow or "client_credentials").replace("_", " ")
    try:
        token = ctx.client.token
    except AuthenticationFailed as exc:
        return fail(f"Salesforce refused the {flow} sign-in at {ctx.settings.sf_login_url}",
                    _sign_in_fix(exc), [exc.detail or str(exc)])
    except SalesforceUnavailable as exc:
        return fail(f"Salesforce can't be reached at {ctx.settings.sf_login_url}",
                    "Check SF_LOGIN_URL (your My Domain login URL), the network and SF_CA_BUNDLE.",
                    [exc.detail or str(exc)])
    try:
        users = ctx.query(format_soql("SELECT Name, Username FROM User WHERE Id = {}", token.user_id or ""))
    except CaseDeskError:                # e.g. an API version the org does not serve: the next check says so
        users = []
    who = f"{users[0]['Name']} ({users[0]['Username']})" if users else f"user {token.user_id}"
    if ctx.settings.sf_auth_flow in ("jwt_bearer", "jwt-bearer", "jwt"):
        flow += f" (audience {ctx.settings.sf_jwt_audience or jwt_audience(ctx.settings.sf_login_url)})"
    return ok(f"{flow} as {who}, on {token.instance_url}")


def api_version(ctx: SalesforceContext) -> Outcome:
    wanted = str(ctx.settings.sf_api_version).lstrip("v")
    resp = ctx.client.session.get(ctx.client.instance_url + "/services/data/", headers={"Accept": "application/json"})
    served = [str(v.get("version")) for v in (resp.json() if resp.ok else [])]
    newest = max(served, key=float) if served else "?"
    if wanted in served:
        return ok(f"v{wanted} is served (the org's newest is v{newest})")
    return fail(f"the org does not serve API v{wanted} (it serves v{min(served, key=float, default='?')}"
                f" to v{newest})", f"Set SF_API_VERSION to a version the org serves, e.g. {newest}.")


# -------------------------------------------------------------------------------------------- the mapping
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
    if org.defaults.record_type_id or org.defaults.record_type_name:
        created.add("RecordTypeId")
    return read, rels, created, set(UPDATED)


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
    if problems:
        return fail(f"{len(problems)} of the Case fields Concierge uses can't be used as it needs",
                    FLS_FIX.format(object="Cases"), problems)
    return ok(f"all {len(read | created | updated)} fields are visible, the {len(created)} it fills "
              "in on new cases are creatable and Status and Description are editable")


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
    notes += [f"'{s}' is not mapped: Concierge treats it as {'closed' if c else 'being worked on'}"
              for s, c in org_statuses.items() if s.casefold() not in mapped]
    if problems:
        return fail("the status mapping does not match the org's Case statuses",
                    "Correct the statuses in CONCIERGE_CONFIG (statuses: on_create, on_user_close, on_user_reopen and "
                    "the lists) to the org's Case Status values (Setup > Object Manager > Case > Fields > Status), "
                    "with closed statuses only under `closed`.", problems + notes)
    return ok(f"the statuses Concierge sets exist ({', '.join(written)}) and every mapped status "
              "agrees with IsClosed", notes)


def picklist_values(ctx: SalesforceContext) -> Outcome:
    d = ctx.org.defaults
    urgent = {ctx.org.urgency.priority} if ctx.org.urgency.enabled else set()
    wanted = {"Origin": {d.origin, *d.origin_by_channel.values()}, "Priority": {d.priority, *urgent},
              "Type": {d.type_incident, d.type_service_request}}
    if ctx.org.fields.category and d.category_value:
        wanted.setdefault(ctx.org.fields.category, set()).add(d.category_value)
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
                    "type_service_request, category_value; urgency: priority), or add the values to the picklists "
                    "in Setup.", problems)
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
        return fail(f"the Case record type '{wanted}' does not exist",
                    "Set defaults.record_type_name (or record_type_id) in CONCIERGE_CONFIG to one of: "
                    + ", ".join(str(i.get("name")) for i in infos if not i.get("master")))
    if not (match.get("active") and match.get("available")):
        return fail(f"the Case record type '{match.get('name')}' is not "
                    f"{'active' if not match.get('active') else 'available to the integration user'}",
                    "Activate it, and assign it to the integration user's profile or permission set "
                    "(Record Type Settings > Cases).")
    return ok(f"'{match.get('name')}' ({match.get('recordTypeId')}) is active and available")


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


def case_visibility(ctx: SalesforceContext) -> Outcome:
    access = (ctx.query("SELECT DefaultCaseAccess FROM Organization") or [{}])[0].get("DefaultCaseAccess")
    uid = ctx.client.token.user_id or ""
    perms = ctx.query(format_soql(
        "SELECT PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE SobjectType = "
        "'Case' AND ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = {})", uid))
    view_all = any(p.get("PermissionsViewAllRecords") for p in perms)
    modify_all = any(p.get("PermissionsModifyAllRecords") for p in perms)
    sharing = {"None": "Private", "Read": "Public Read Only", "Edit": "Public Read/Write",
               "ReadEditTransfer": "Public Read/Write/Transfer"}.get(str(access), str(access))
    if access in ("Edit", "ReadEditTransfer") or modify_all:
        return ok(f"case sharing is {sharing}"
                  + (" and the integration user has Modify All on Case" if modify_all else "")
                  + ": it sees and updates cases assigned to agents and queues")
    if access == "Read" or view_all:
        return warn(f"case sharing is {sharing}; the integration user "
                    f"{'has View All but not Modify All' if view_all else 'can read but not edit'} cases it does "
                    "not own", "Give the integration user's permission set 'Modify All' on Cases (or Edit access "
                    "through a sharing rule), so employees can close, reopen and comment on cases agents own.")
    return fail(f"case sharing is {sharing} and the integration user has no View All on Case: it can't "
                "see cases assigned to agents or queues, so their notifications never go out and a case it filed "
                "may vanish from its view", "In Setup, give the integration user's permission set 'View All' and "
                "'Modify All' on Cases (Object Settings > Cases), or share cases with it through a sharing rule.")


def assignment_rules(ctx: SalesforceContext) -> Outcome:
    rules = ctx.query("SELECT Name FROM AssignmentRule WHERE SobjectType = 'Case' AND Active = true")
    if not ctx.org.defaults.auto_assign_on_create:
        return ok("not applied when filing (defaults.auto_assign_on_create: false); updates never run it")
    if rules:
        return ok(f"the active rule '{rules[0]['Name']}' routes the cases Concierge files; closing or "
                  "reopening never reassigns (Sforce-Auto-Assign: FALSE)")
    return warn("no active case assignment rule: cases Concierge files stay with the integration user "
                "(or the Default Case Owner) until someone picks them up",
                "Activate a case assignment rule (Setup > Case Assignment Rules) that routes new cases to a queue.")


def api_headroom(ctx: SalesforceContext) -> Outcome:
    daily = (ctx.client.request("GET", "limits") or {}).get("DailyApiRequests") or {}
    limit, left = int(daily.get("Max") or 0), int(daily.get("Remaining") or 0)
    idle = int(86400 / max(float(ctx.settings.poll_interval_seconds), 1.0))
    summary = f"{left:,} of {limit:,} left today; the poller alone uses about {idle:,} a day when nothing changes"
    if left < max(100, limit // 100):
        return fail(summary, "The org has (almost) used up its API requests for the last 24 hours: "
                    "wait for them to free up, or raise the org's limit; Concierge queues work meanwhile.")
    if idle > limit // 2:
        return warn(summary, f"Raise POLL_INTERVAL_SECONDS to at least {int(86400 * 2 / limit) + 1} "
                    "so the poller leaves room for everything else, or raise the org's API limit.")
    return ok(summary)


CHECKS: list[tuple[str, Callable[[SalesforceContext], Outcome]]] = [
    ("Sign-in", sign_in), ("API version", api_version), ("Case fields", case_fields_access),
    ("Case statuses", statuses), ("Origin, Priority and Type values", picklist_values), ("Record type", record_type),
    ("Comments and attachments", comments_and_attachments), ("Cases it does not own", case_visibility),
    ("Assignment rules", assignment_rules), ("Daily API requests", api_headroom),
]


def _failure(exc: Exception) -> Outcome | None:
    if not isinstance(exc, CaseDeskError):
        return None
    permission = getattr(exc, "permission", None)
    return fail(f"could not be checked: {exc.detail or exc}",
                f"Grant the integration user {permission}." if permission else
                "Check the integration user's permissions and what Salesforce answered (above).")


def run(ctx: SalesforceContext) -> list[Finding]:
    """Every check in order; once sign-in or the API version fails the others are skipped."""
    return run_checks(AREA, CHECKS, ctx, _failure, gate=2)
