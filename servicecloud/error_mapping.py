"""Salesforce's error answers -> Concierge's errors (`servicecloud.errors`): which codes are the org refusing a
change (shown to the person), which mean "try again later", which the API limit, and the message without its
technical decorations. The client (client.py) and the composite sub-responses (composite.py) map through here.
"""
from __future__ import annotations

import re
from typing import Any

from servicecloud.errors import (
    AuthenticationFailed,
    CaseDeskError,
    SalesforceError,
    SalesforceUnavailable,
    SetupRefused,
    ValidationRefused,
    permission_error,
)

# Salesforce error codes that mean "the org refused this change for a business reason": shown to the user.
VALIDATION_CODES = frozenset({
    "FIELD_CUSTOM_VALIDATION_EXCEPTION",
    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    "FIELD_INTEGRITY_EXCEPTION",
    "FIELD_FILTER_VALIDATION_EXCEPTION",
    "REQUIRED_FIELD_MISSING",
    "STRING_TOO_LONG",
    "INVALID_STATUS",
    "CANNOT_EXECUTE_FLOW_TRIGGER",
})
# Of those, the ones that refuse a value of the org mapping (every picklist value and required field Concierge
# writes comes from it): a set-up problem, worded as such; so is INVALID_CROSS_REFERENCE_KEY on RecordTypeId (the
# mapping's record type is not available to the integration user).
SETUP_CODES = frozenset({"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "REQUIRED_FIELD_MISSING"})
# Codes that mean "try again later".
UNAVAILABLE_CODES = frozenset({"SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "REQUEST_RUNNING_TOO_LONG",
                               "QUERY_TIMEOUT", "SERVICE_UNAVAILABLE"})
LIMIT_CODES = frozenset({"REQUEST_LIMIT_EXCEEDED", "TOO_MANY_REQUESTS", "API_CURRENTLY_DISABLED"})
# A composite subrequest that did not run because another one failed
HALTED_CODES = frozenset({"PROCESSING_HALTED", "ALL_OR_NONE_OPERATION_ROLLED_BACK"})

_CODE_PREFIX = re.compile(r"^\s*[A-Z][A-Z_]+[,:]\s*")
_TRAILING_FIELDS = re.compile(r":\s*\[[^\]]*\]\s*$")


def plain_message(message: str | None) -> str:
    """Salesforce's message without the technical decorations Apex/flows sometimes add
    ("FIELD_CUSTOM_VALIDATION_EXCEPTION, Users may not close Problem cases: []" -> the sentence)."""
    text = (message or "").strip()
    text = _CODE_PREFIX.sub("", text)
    text = _TRAILING_FIELDS.sub("", text).strip()
    return text or "no reason given"


def errors_of(content: Any) -> list[dict[str, Any]]:
    """Salesforce error bodies are a list of {message, errorCode, fields}; OAuth ones a dict."""
    if isinstance(content, list):
        return [e for e in content if isinstance(e, dict)]
    if isinstance(content, dict):
        if "errorCode" in content or "message" in content:
            return [content]
        if "error" in content:
            return [{"errorCode": content.get("error"), "message": content.get("error_description")}]
    if isinstance(content, (bytes, str)) and content:
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        return [{"errorCode": None, "message": text[:500]}]
    return []


def map_error(status: int | None, content: Any) -> CaseDeskError:
    """One Salesforce error response (status + body) -> the domain error the caller should see."""
    errors = [e for e in errors_of(content) if e.get("errorCode") not in HALTED_CODES] or errors_of(content)
    first = errors[0] if errors else {}
    code = first.get("errorCode")
    message = first.get("message") or f"HTTP {status}"
    if code in LIMIT_CODES or status == 429:
        return SalesforceUnavailable(f"{code}: {message}", limit_reached=True)
    if (status is not None and status >= 500) or code in UNAVAILABLE_CODES:
        return SalesforceUnavailable(f"{status} {code}: {message}")
    if code in SETUP_CODES or (code == "INVALID_CROSS_REFERENCE_KEY" and "RecordTypeId" in (first.get("fields") or [])):
        return SetupRefused(plain_message(message), error_code=code, fields=list(first.get("fields") or []))
    if code in VALIDATION_CODES:
        return ValidationRefused(plain_message(message), error_code=code, fields=list(first.get("fields") or []))
    if code == "INVALID_SESSION_ID" or status == 401:
        return AuthenticationFailed(message, error_code=code, status=status)
    return (permission_error(message, code, status, list(first.get("fields") or []))
            or SalesforceError(plain_message(message), error_code=code, status=status))


def outcome_of(error: CaseDeskError) -> str:
    """The error as an outcome of the client's call counts (metrics)."""
    if isinstance(error, SalesforceUnavailable):
        return "limit" if error.limit_reached else "unavailable"
    if isinstance(error, ValidationRefused):
        return "validation"
    if isinstance(error, AuthenticationFailed):
        return "auth"
    return "error"
