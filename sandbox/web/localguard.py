"""The sandbox's pages and controls answer only their own page, on this machine.

A page on any other site the developer has open can make the browser send requests to 127.0.0.1 (a form post,
an image, a `fetch` in no-cors mode), and a DNS-rebinding host name can even read the answers. So, for the chat
page (sandbox/web/app.py) and the emulator's `/_sandbox/` controls (sandbox/salesforce/server.py):

- the Host header must name the address served (its host or 127.0.0.1 / localhost, with its port): else 421;
- a request that changes something must be `application/json` (a cross-site form cannot send that without a
  CORS preflight, which is never granted), and its Origin / Sec-Fetch-Site, when sent, must be this origin: 403;
- a per-run token (printed with the page URL by `concierge sandbox`; the page keeps it in a SameSite=Strict,
  HttpOnly cookie; the emulator's is in its owner-only info file) must come with every API call: 403.
"""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping

TOKEN_HEADER = "x-sandbox-token"
COOKIE = "concierge_sandbox"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def allowed_hosts(server: tuple[str, int] | None) -> set[str]:
    """Host header values that name the served address."""
    if not server:
        return set()
    host, port = server[0], int(server[1])
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost", "0.0.0.0") else {host}
    hosts = {f"{n}:{port}" for n in names}
    if port in (80, 443):
        hosts |= names
    return hosts


def same_token(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), token.encode())


def refusal(*, method: str, headers: Mapping[str, str], server: tuple[str, int] | None, token: str | None,
            cookies: Mapping[str, str] | None = None, query_token: str | None = None,
            need_token: bool = True) -> tuple[int, str] | None:
    """(status, reason) when the request must be refused, else None. `headers` with lower-case names."""
    hosts = allowed_hosts(server)
    host = headers.get("host", "")
    if host not in hosts:
        return 421, "This sandbox answers only on its own address (Host header)."
    origin, fetch_site = headers.get("origin"), headers.get("sec-fetch-site")
    if method.upper() not in SAFE_METHODS:
        # POST is the one changing method a page elsewhere can send without a CORS preflight (as a form)
        if method.upper() == "POST" and not headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
            return 415, "Send JSON (Content-Type: application/json)."
        if origin is not None and origin.split("://", 1)[-1] not in hosts:
            return 403, "Cross-site requests are refused."
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return 403, "Cross-site requests are refused."
    if token is not None and need_token:
        given = headers.get(TOKEN_HEADER) or (cookies or {}).get(COOKIE) or query_token
        if not same_token(given, token):
            return 403, "This sandbox needs its token: open the URL `concierge sandbox` printed."
    return None
