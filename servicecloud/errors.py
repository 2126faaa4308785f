"""Domain errors. Each carries `user_message`: plain words the bot can show as they are."""
from __future__ import annotations

import re


class CaseDeskError(Exception):
    """Base class. `user_message` is safe to show to the employee."""

    user_message = "Something went wrong while talking to Salesforce."

    def __init__(self, user_message: str | None = None, *, detail: str | None = None):
        if user_message:
            self.user_message = user_message
        self.detail = detail
        super().__init__(detail or self.user_message)


class CaseNotFound(CaseDeskError):
    """No such case, or a case that belongs to someone else (the two are indistinguishable on purpose)."""

    def __init__(self, ref: str | None = None):
        self.ref = ref
        what = f"case {ref}" if ref else "that case"
        super().__init__(f"I couldn't find {what} among your cases.")


class ContactNotFound(CaseDeskError):
    def __init__(self, email: str | None, support_contact: str = "the IT service desk"):
        self.email = email
        super().__init__(
            f"I can't find you in Salesforce{f' (no contact with the email {email})' if email else ''}. "
            f"Please contact {support_contact} so they can add you."
        )


class ValidationRefused(CaseDeskError):
    """Salesforce refused the change (validation rule, invalid status transition, ...)."""

    def __init__(self, message: str, *, error_code: str | None = None, fields: list[str] | None = None):
        self.error_code = error_code
        self.fields = fields or []
        super().__init__(f"Salesforce didn't accept that: {message}", detail=message)


class SetupRefused(ValidationRefused):
    """Salesforce refused a value Concierge chose from the org mapping, not anything the person wrote: a
    restricted picklist without it (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: a status, origin, priority, type or
    extra field value) or a required field it does not fill in (REQUIRED_FIELD_MISSING). Final like any
    refusal; the person is told it is a set-up problem, the log and `concierge doctor` say what to change."""

    def __init__(self, message: str, *, error_code: str | None = None, fields: list[str] | None = None):
        super().__init__(message, error_code=error_code, fields=fields)
        self.user_message = ("Salesforce refused that because of how Concierge is set up for this org, not because "
                             f"of anything you wrote ({message}). Nothing was changed; an administrator needs to "
                             "correct Concierge's org mapping.")


class TooLong(CaseDeskError):
    def __init__(self, what: str, limit: int, actual: int):
        self.what, self.limit, self.actual = what, limit, actual
        noun = "a case description" if what == "description" else f"a {what}"
        super().__init__(f"That is too long for {noun} in Salesforce ({actual:,} characters; the limit is "
                         f"{limit:,}), so nothing was saved. Please shorten it, or share the long part "
                         f"(a log, for example) as a file.")


class AttachmentRejected(CaseDeskError):
    """Too big, too many, or refused by Salesforce."""


class SalesforceUnavailable(CaseDeskError):
    """Outage, timeout, 5xx, or the org's API limit reached. Retryable: the caller may queue the work."""

    retryable = True

    def __init__(self, detail: str | None = None, *, limit_reached: bool = False, in_doubt: bool = False):
        """`in_doubt`: the request may have reached Salesforce and may still land (a write whose answer timed
        out, or whose connection dropped after it was sent): redoing it at once could do it twice."""
        self.limit_reached = limit_reached
        self.in_doubt = in_doubt
        msg = ("Salesforce has reached its API limit for now."
               if limit_reached else "Salesforce isn't answering right now.")
        super().__init__(msg, detail=detail)


class SalesforceError(CaseDeskError):
    """Any other refusal from Salesforce, with its message."""

    def __init__(self, message: str, *, error_code: str | None = None, status: int | None = None):
        self.error_code, self.status = error_code, status
        super().__init__(_error_sentence(message, error_code), detail=message)


# Errors about the request itself (a query Concierge built): their text quotes SOQL, never words for people.
_TECHNICAL_CODES = frozenset({"MALFORMED_QUERY", "MALFORMED_SEARCH", "INVALID_QUERY_FILTER_OPERATOR",
                              "INVALID_FIELD", "INVALID_TYPE", "INVALID_QUERY_LOCATOR", "JSON_PARSER_ERROR",
                              "INVALID_ID_FIELD", "MALFORMED_ID", "UNKNOWN_EXCEPTION"})


def _error_sentence(message: str, error_code: str | None) -> str:
    """What a person reads: Salesforce's sentence when it is one, never a quoted query or a stack."""
    text = (message or "").strip()
    if error_code in _TECHNICAL_CODES or "\n" in text or len(text) > 300 or not text:
        return ("Salesforce couldn't process that request, so nothing was changed. Please try again; if it "
                "keeps happening, tell the IT service desk" + (f" (error {error_code})." if error_code else "."))
    return f"Salesforce returned an error: {text}"


class PermissionMissing(SalesforceError):
    """Salesforce hides something Concierge needs from its integration user (field-level security):
    `permission` says in plain words what an administrator must grant; the log shows it with Salesforce's
    own message (`detail`)."""

    def __init__(self, permission: str, where: str, message: str, *, error_code: str | None = None,
                 status: int | None = None):
        super().__init__(message, error_code=error_code, status=status)
        self.permission = permission
        self.detail = (f"Salesforce permission missing: {permission} ({where}). "
                       f"Salesforce said: {error_code}: {message}")
        self.args = (self.detail,)
        self.user_message = ("Concierge can't do that right now: its Salesforce user is missing a permission, "
                             f"{permission} ({where}). Nothing was changed; an administrator needs to grant it.")


# Case sharing: with Case OWD Private, the integration user sees only the cases it owns unless it has this.
VIEW_ALL_CASES = "“View All” on Case (or “View All Data”): Case sharing is Private"

# "No such column 'X' on entity 'Case'" (SOQL) / "No such column 'X' on sobject of type Case" (writes): what
# Salesforce answers both for a field that does not exist and for one field-level security hides.
_NO_SUCH_COLUMN = re.compile(r"No such column '([^']+)' on (?:entity '([^']+)'|sobject of type (\w+))")
_READ_ONLY_FIELDS = re.compile(r"Unable to (?:create/update|create|update) fields?: ([^.]+)\.")


def permission_error(message: str | None, error_code: str | None, status: int | None = None,
                     fields: list[str] | None = None) -> PermissionMissing | None:
    """The missing permission behind a Salesforce error, or None when the error is about something else."""
    text = message or ""
    if error_code == "INVALID_FIELD":
        m = _NO_SUCH_COLUMN.search(text)
        if m:
            field = f"{m.group(2) or m.group(3)}.{m.group(1)}"
            return PermissionMissing(f"read access to the field {field}", "field-level security; or the org "
                                     "mapping names a field this org does not have", text,
                                     error_code=error_code, status=status)
    if error_code == "INVALID_FIELD_FOR_INSERT_UPDATE":
        m = _READ_ONLY_FIELDS.search(text)
        names = fields or ([n.strip() for n in m.group(1).split(",")] if m else [])
        if names:
            return PermissionMissing(f"edit access to the field{'s' if len(names) > 1 else ''} {', '.join(names)}",
                                     "field-level security", text, error_code=error_code, status=status)
    return None


class AuthenticationFailed(SalesforceError):
    """Salesforce refused Concierge's own credentials (connected app, client secret, JWT key, user)."""

    def __init__(self, message: str, *, error_code: str | None = None, status: int | None = None):
        super().__init__(message, error_code=error_code, status=status)
        self.user_message = ("Concierge can't sign in to Salesforce right now; "
                             "an administrator needs to check its connection settings.")


class WrongState(ValidationRefused):
    """The case exists but is not in a state the action applies to (closing a closed case, reopening an
    open one). `case` is the case as it is now, so the caller can show it."""

    def __init__(self, message: str, case: object | None = None):
        super().__init__(message, error_code="WRONG_STATE")
        self.case = case
        self.user_message = message
