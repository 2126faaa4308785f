"""Field values as Salesforce checks them on a write: a JSON value -> the stored value (types, lengths,
restricted picklists, email addresses, references), or the error Salesforce answers for it."""
from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from typing import Any

from . import ids
from .errors import ApiError
from .fields import BASE64, BOOLEAN, DATE, DATETIME, DOUBLE, EMAIL, INT, PICKLIST, REFERENCE, Field, SObject
from .schema import sobject_for_prefix
from .timefmt import format_datetime, parse_datetime

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def coerce(f: Field, value: Any, *, max_base64_bytes: int, exists: Callable[[SObject, str], bool]) -> Any:
    """A JSON value -> the stored value of field `f`, or the error Salesforce answers for it. `exists` says
    whether a record a reference names is there."""
    t = f.type
    if isinstance(value, str) and value == "" and t not in (BOOLEAN, INT, DOUBLE, DATETIME, DATE, BASE64):
        value = None                     # Salesforce stores an empty string as null
    if value is None:
        if f.restricted:
            raise ApiError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                           f"{f.label or f.name}: bad value for restricted picklist field: null", [f.name])
        if t == BOOLEAN and not f.nillable:
            return 0                     # a null checkbox is saved as false
        return None

    def parser_error(kind: str) -> ApiError:
        return ApiError(400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of {kind} from "
                        f"{_json_kind(value)} value {value} or request may be missing a required field")

    if t == BOOLEAN:
        if isinstance(value, bool):
            return 1 if value else 0
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return 1 if value.lower() == "true" else 0
        raise parser_error("boolean")
    if t in (INT, DOUBLE):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise parser_error("double" if t == DOUBLE else "int")
        try:
            return int(value) if t == INT else float(value)
        except ValueError:
            raise parser_error("double" if t == DOUBLE else "int") from None
    if t == DATETIME:
        if not isinstance(value, str):
            raise parser_error("datetime")
        try:
            return format_datetime(parse_datetime(value))
        except ValueError:
            raise parser_error("datetime") from None
    if t == BASE64:
        if not isinstance(value, str):
            raise parser_error("base64")
        if len(value) > max_base64_bytes:
            raise ApiError(400, "JSON_PARSER_ERROR", f"{f.label or f.name}: base64-encoded data in a "
                           f"non-multipart request is limited to {max_base64_bytes} bytes "
                           f"(this one is {len(value)})", [f.name])
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise parser_error("base64") from None
    if isinstance(value, (dict, list)):
        raise parser_error("string")
    s = value if isinstance(value, str) else json.dumps(value)
    label = f.label or f.name
    if t == REFERENCE:
        norm = ids.normalize(s)
        if norm is None:
            raise ApiError(400, "MALFORMED_ID", f"{label}: id value of incorrect type: {s}", [f.name])
        target = sobject_for_prefix(norm[:3])
        if target is None or target.name not in f.reference_to:
            raise ApiError(400, "FIELD_INTEGRITY_EXCEPTION",
                           f"{label}: id value of incorrect type: {s}", [f.name])
        if not exists(target, norm):
            raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY",
                           "invalid cross reference id", [f.name])
        return norm
    size = len(s.encode("utf-8")) if f.length_in_bytes else len(s)
    if f.length and size > f.length:
        shown = s if len(s) <= 200 else s[:200] + "..."
        raise ApiError(400, "STRING_TOO_LONG",
                       f"{label}: data value too large: {shown} (max length={f.length})", [f.name])
    if t == PICKLIST and f.restricted:
        match = next((v for v in f.picklist if v == s), None)
        if match is None:
            raise ApiError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                           f"{label}: bad value for restricted picklist field: {s}", [f.name])
    if t == EMAIL and s and not _EMAIL_RE.match(s):
        raise ApiError(400, "INVALID_EMAIL_ADDRESS", f"{label}: invalid email address: {s}", [f.name])
    return s


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "VALUE_TRUE" if value else "VALUE_FALSE"
    if isinstance(value, (int, float)):
        return "VALUE_NUMBER_INT" if isinstance(value, int) else "VALUE_NUMBER_FLOAT"
    if isinstance(value, str):
        return "VALUE_STRING"
    if isinstance(value, list):
        return "START_ARRAY"
    return "START_OBJECT"
