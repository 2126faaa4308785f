"""The one HTTPS session to Salesforce: pooled, with default timeouts and the configured CA bundle, connection
attempts retried (nothing sent yet); and whether a failed request may have reached Salesforce (`was_sent`).
"""
from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.retry import Retry


class _TimeoutSession(requests.Session):
    """A `requests.Session` with a default timeout (simple-salesforce does not pass one everywhere)."""

    def __init__(self, timeout: float | tuple[float, float]):
        super().__init__()
        self.default_timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override `session.verify` unless `verify` is
        # passed per request: pass the configured CA bundle explicitly (proxies from the environment still
        # apply, unlike with trust_env = False).
        if isinstance(self.verify, str) and kwargs.get("verify") is None:
            kwargs["verify"] = self.verify
        return super().request(method, url, *args, **kwargs)


def build_session(ca_bundle: str | None, *, pool_size: int = 32,
                  timeout: float | tuple[float, float] = (5.0, 30.0)) -> requests.Session:
    """One pooled HTTPS session. `ca_bundle` (SF_CA_BUNDLE) replaces the system trust store when set;
    verification is never disabled. Connection attempts are retried twice (nothing was sent yet, so this
    is safe for writes); requests that reached Salesforce are never retried here."""
    session = _TimeoutSession(timeout)
    session.verify = ca_bundle or True
    retry = Retry(total=2, connect=2, read=0, redirect=0, status=0, other=0, backoff_factor=0.2,
                  raise_on_status=False)
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def was_sent(exc: requests.RequestException) -> bool:
    """False when the request never left (no connection could be made); True when it may have reached
    Salesforce (the answer timed out, or the connection broke after the request was written)."""
    if isinstance(exc, requests.ConnectTimeout):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return not isinstance(reason, NewConnectionError | ConnectTimeoutError)
