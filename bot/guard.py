"""The checks in front of Bolt for HTTP requests (decision 11, "verified before parsed"): pure functions, used by
runtime/web.py in this order:

1. the size, before the body is read (`MAX_REQUEST_BYTES`; the web layer answers 413);
2. the signature, on the raw bytes, before anything parses them (`signature_problem`; 401). Slack's rule
   (https://api.slack.com/authentication/verifying-requests-from-slack): `X-Slack-Signature` is `v0=` and the
   hex HMAC-SHA256, keyed with the app's signing secret, of `v0:{X-Slack-Request-Timestamp}:{raw body}`; a
   timestamp more than five minutes from the local clock is refused (a replay); compare in constant time;
3. the parse (`parse_body`; 400): UTF-8, a JSON object, or a form whose `payload` is one JSON object.

Nothing here raises on hostile input except `BadRequest` from `parse_body`: any failure of the signature check
(a header that is not ASCII, a timestamp that is not a number, ...) is a reason to refuse, never an exception.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from typing import Any
from urllib.parse import parse_qsl

VERIFIED = "concierge_verified"     # in a Bolt request's context: the guard checked its signature (runtime/web.py)
MAX_AGE_SECONDS = 5 * 60           # Slack: "more than five minutes from local time ... could be a replay attack"
MAX_DEPTH = 64                     # nesting of a JSON body: Slack's deepest (a modal's blocks) is about 15
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"


class BadRequest(ValueError):
    """A verified body Concierge cannot read (answered 400). The message is short and never quotes the body."""


def signature_problem(secret: str, timestamp: str | None, signature: str | None, body: bytes, *,
                      now: float | None = None) -> str | None:
    """None when `signature` is Slack's for `body` at `timestamp` and the timestamp is fresh; otherwise a short
    reason ("missing", "malformed", "stale", "mismatch", "no signing secret") for the log line. Never raises."""
    try:
        if not secret:
            return "no signing secret"
        if not timestamp or not signature:
            return "missing"
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return "malformed"
        current = time.time() if now is None else now
        if abs(current - int(timestamp)) > MAX_AGE_SECONDS:
            return "stale"
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
        return None if hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")) else "mismatch"
    except Exception:  # noqa: BLE001 - whatever goes wrong, the request is simply not verified
        return "unverifiable"


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_body(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The verified body as a dict, read as Slack sends it: Events API JSON (`application/json`), interactivity
    (`payload=<JSON object>`) or a slash command (a form, each field once). `BadRequest` for anything else."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("body is not UTF-8") from None
    kind = media_type(content_type)
    if not kind:   # no Content-Type: as Bolt guesses
        kind = JSON_TYPE if text.startswith("{") else FORM_TYPE
    if kind == JSON_TYPE:
        return _json_object(text, "body")
    if kind != FORM_TYPE:
        raise BadRequest("unsupported content type")
    if not text:
        return {}
    if text.startswith("{"):
        raise BadRequest("a form that reads as JSON")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict",
                          max_num_fields=200)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("malformed form") from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in fields:
            raise BadRequest("a form field given twice")
        fields[name] = value
    if "payload" in fields:
        if len(fields) != 1:
            raise BadRequest("payload with other fields")
        return _json_object(fields["payload"], "payload")
    return fields


def _json_object(text: str, what: str) -> dict[str, Any]:
    if not text.startswith("{"):
        raise BadRequest(f"{what} is not a JSON object")
    if _depth(text) > MAX_DEPTH:
        raise BadRequest(f"{what} is nested too deeply")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRequest(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise BadRequest(f"{what} is not a JSON object")
    return value


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')      # a JSON string (unrolled: linear, no backtracking)
_BRACKET = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (checked before json.loads, which recurses)."""
    depth = deepest = 0
    for ch in _BRACKET.findall(_STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def trusted(mode: str, context: Any) -> bool:
    """A request Slack sent: over Socket Mode, or over HTTP with its signature checked by the guard."""
    return mode == "socket_mode" or bool(context.get(VERIFIED))
