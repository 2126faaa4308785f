"""OAuth 2.0 sign-in to Salesforce: client credentials (default) or JWT bearer.

Both flows POST to ``{login_url}/services/oauth2/token`` and return an access token plus the instance URL
the REST calls go to. simple-salesforce's own login helpers hard-code ``https://{domain}.salesforce.com``,
so the token request is made here with the same `requests` session (and CA bundle) as every other call.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import requests

from servicecloud.errors import AuthenticationFailed, SalesforceUnavailable

JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
PRODUCTION_LOGIN = "https://login.salesforce.com"
SANDBOX_LOGIN = "https://test.salesforce.com"
# Salesforce's generic login hosts: the JWT audience, and hosts the client-credentials flow is refused on.
GENERIC_LOGIN_HOSTS = frozenset({"login.salesforce.com", "test.salesforce.com"})


def jwt_audience(login_url: str) -> str:
    """The `aud` Salesforce expects in a JWT bearer assertion: https://login.salesforce.com, or
    https://test.salesforce.com for a sandbox (test.salesforce.com or a ``*.sandbox.my.salesforce.com`` My
    Domain), whichever host the token request itself goes to (the My Domain URL is not a valid audience)."""
    host = (urlparse(login_url).hostname or "").lower()
    if host == "test.salesforce.com" or host.endswith(".sandbox.my.salesforce.com"):
        return SANDBOX_LOGIN
    return PRODUCTION_LOGIN


@dataclass(frozen=True, slots=True)
class AccessToken:
    access_token: str
    instance_url: str
    user_id: str | None      # the signed-in user's Id, from the identity URL in the token response
    issued_at: float


class TokenSource(Protocol):
    """Anything that can fetch a fresh access token."""

    def fetch(self, session: requests.Session) -> AccessToken: ...


def _user_id_from_identity_url(identity: str | None) -> str | None:
    # Salesforce answers "id": "https://login.salesforce.com/id/<OrgId>/<UserId>"
    if not identity:
        return None
    parts = [p for p in urlparse(identity).path.split("/") if p]
    return parts[-1] if len(parts) >= 3 and parts[-3] == "id" else None


def _post_token(session: requests.Session, login_url: str, data: dict[str, str]) -> AccessToken:
    url = login_url.rstrip("/") + "/services/oauth2/token"
    try:
        resp = session.post(url, data=data, headers={"Accept": "application/json"})
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise SalesforceUnavailable(f"token request to {url} failed: {exc}") from exc
    try:
        body = resp.json()
    except ValueError:
        body = {"error": "invalid_response", "error_description": resp.text[:500]}
    if resp.status_code >= 500 or resp.status_code == 429:
        raise SalesforceUnavailable(f"token endpoint answered {resp.status_code}: {body}")
    if resp.status_code != 200 or "access_token" not in body:
        code = body.get("error") if isinstance(body, dict) else None
        desc = body.get("error_description") if isinstance(body, dict) else None
        raise AuthenticationFailed(f"{code or 'error'}: {desc or body}", error_code=code, status=resp.status_code)
    return AccessToken(
        access_token=body["access_token"],
        instance_url=body.get("instance_url") or login_url,
        user_id=_user_id_from_identity_url(body.get("id")),
        issued_at=time.time(),
    )


@dataclass(frozen=True)
class ClientCredentials:
    """OAuth 2.0 client-credentials flow (the connected app runs as its configured integration user).

    Salesforce does not support this flow on login.salesforce.com or test.salesforce.com ("request not
    supported on this domain"): the token request must go to the org's My Domain, so those hosts are refused
    here, at start-up, with the fix."""

    login_url: str
    client_id: str
    client_secret: str

    def __post_init__(self) -> None:
        host = (urlparse(self.login_url).hostname or "").lower()
        if host in GENERIC_LOGIN_HOSTS:
            raise ValueError(
                f"SF_LOGIN_URL is {self.login_url}, but Salesforce refuses the client credentials flow on "
                f"{host} (\"request not supported on this domain\"). Set SF_LOGIN_URL to your org's My Domain "
                "login URL, e.g. https://MyCompany.my.salesforce.com (a sandbox: "
                "https://MyCompany--SandboxName.sandbox.my.salesforce.com), or use SF_AUTH_FLOW=jwt_bearer.")

    def fetch(self, session: requests.Session) -> AccessToken:
        return _post_token(session, self.login_url, {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        })


@dataclass(frozen=True)
class JwtBearer:
    """OAuth 2.0 JWT bearer flow: a JWT signed with the connected app's private key (RS256), for `username`.

    The token request goes to `login_url` (login.salesforce.com, test.salesforce.com or the org's My Domain);
    `audience` (SF_JWT_AUDIENCE) defaults to `jwt_audience(login_url)`: https://login.salesforce.com, or
    https://test.salesforce.com for a sandbox, never the My Domain URL (an Experience Cloud site sets its own
    URL here)."""

    login_url: str
    client_id: str
    username: str
    private_key: str
    audience: str | None = None
    lifetime_seconds: int = 180

    @classmethod
    def from_key_file(cls, login_url: str, client_id: str, username: str, key_file: str | Path,
                      **kw: object) -> "JwtBearer":
        return cls(login_url, client_id, username, Path(key_file).read_text(encoding="utf-8"), **kw)  # type: ignore[arg-type]

    def assertion(self) -> str:
        import jwt  # PyJWT; imported here so the client-credentials path does not need it

        now = int(time.time())
        claims = {
            "iss": self.client_id,
            "sub": self.username,
            "aud": (self.audience or jwt_audience(self.login_url)).rstrip("/"),
            "exp": now + self.lifetime_seconds,
        }
        return jwt.encode(claims, self.private_key, algorithm="RS256")

    def fetch(self, session: requests.Session) -> AccessToken:
        return _post_token(session, self.login_url, {"grant_type": JWT_BEARER_GRANT,
                                                     "assertion": self.assertion()})
