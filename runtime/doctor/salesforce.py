"""Salesforce checks: sign-in, API version, the Case fields, statuses, picklist values and record type the org
mapping names, comments and attachments (salesforce_mapping.py), case visibility, assignment rules, API headroom.

Each check is one function `(SalesforceContext) -> Finding`; they read the org through the same `CaseDesk`
sign-in `concierge run` uses (salesforce_context.py: describe calls and a few SOQL queries on set-up objects;
nothing is written).
"""
from __future__ import annotations

from collections.abc import Callable

from simple_salesforce import format_soql

from runtime.doctor.csat import rating_storage
from runtime.doctor.knowledge import knowledge
from runtime.doctor.milestones import milestones
from runtime.doctor.result import Finding, Outcome, fail, ok, run_checks, warn
from runtime.doctor.salesforce_context import SalesforceContext
from runtime.doctor.salesforce_mapping import (case_fields_access, case_numbers, comments_and_attachments, picklist_values,
                                           record_type, required_fields, statuses)
from servicecloud.auth import jwt_audience
from servicecloud.errors import AuthenticationFailed, CaseDeskError, SalesforceUnavailable

AREA = "Salesforce"


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
    ("Required Case fields", required_fields), ("Case statuses", statuses),
    ("Origin, Priority and Type values", picklist_values), ("Record type", record_type), ("Case numbers", case_numbers),
    ("Comments and attachments", comments_and_attachments), ("Cases it does not own", case_visibility),
    ("Assignment rules", assignment_rules), ("Daily API requests", api_headroom),
    ("Rating storage", rating_storage), ("Knowledge", knowledge),
    ("Answer times", milestones),
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
