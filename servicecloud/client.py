"""The Salesforce connection: one simple-salesforce client, re-authenticated on demand, with errors mapped.

`SalesforceClient` is the only place that touches the network. It

* signs in lazily (first call) through a `TokenSource`, then builds
  ``Salesforce(instance_url=..., session_id=..., session=..., version=...)``;
* on 401 INVALID_SESSION_ID (``SalesforceExpiredSession``) fetches a new token once and retries the call;
  concurrent threads that hit the same expired token trigger a single refresh (a generation counter);
* shares one `requests.Session` (http_session.py: CA bundle, connection pool, default timeouts) across threads;
* turns simple-salesforce exceptions, composite sub-response errors (composite.py) and network failures into
  the domain errors of `servicecloud.errors` (error_mapping.py);
* remembers the last ``Sforce-Limit-Info`` usage and counts the API calls it made.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceError as SFError
from simple_salesforce.exceptions import SalesforceExpiredSession

from servicecloud.auth import AccessToken, TokenSource
from servicecloud.composite import Ref, SubResponse
from servicecloud.error_mapping import map_error, outcome_of
from servicecloud.errors import AuthenticationFailed, SalesforceUnavailable
from servicecloud.http_session import build_session, was_sent

log = logging.getLogger(__name__)

class SalesforceClient:
    """Thread-safe access to one org's REST API as the integration user."""

    def __init__(self, token_source: TokenSource, *, api_version: str = "62.0", ca_bundle: str | None = None,
                 session: requests.Session | None = None, pool_size: int = 32,
                 timeout: float | tuple[float, float] = (5.0, 30.0)):
        self.api_version = api_version.lstrip("v")
        self.token_source = token_source
        self.session = session or build_session(ca_bundle, pool_size=pool_size, timeout=timeout)
        self._lock = threading.Lock()
        self._sf: Salesforce | None = None
        self._token: AccessToken | None = None
        self._generation = 0
        self._calls = 0
        self._calls_lock = threading.Lock()
        self._usage: tuple[int, int] | None = None
        self._outcomes: Counter[tuple[str, str]] = Counter()
        self.last_success: float | None = None     # time.time() of the last call Salesforce answered
        self.last_auth_failure: float | None = None  # time.time() of the last refused sign-in or session
        self.reauth_count = 0

    # --- connection -----------------------------------------------------------------------------------
    def _connection(self) -> tuple[Salesforce, int]:
        sf, gen = self._sf, self._generation
        if sf is not None:
            return sf, gen
        with self._lock:
            if self._sf is None:
                self._connect_locked()
            assert self._sf is not None
            return self._sf, self._generation

    def _connect_locked(self) -> None:
        token = self.token_source.fetch(self.session)
        self._token = token
        self._sf = Salesforce(instance_url=token.instance_url, session_id=token.access_token,
                              session=self.session, version=self.api_version)
        self._generation += 1

    def _refresh(self, seen_generation: int) -> None:
        """Fetch a new token unless another thread already did since `seen_generation`."""
        with self._lock:
            if self._generation == seen_generation or self._sf is None:
                log.info("Salesforce session expired; signing in again")
                self.reauth_count += 1
                self._connect_locked()

    @property
    def token(self) -> AccessToken:
        self._connection()
        assert self._token is not None
        return self._token

    @property
    def instance_url(self) -> str:
        return self.token.instance_url.rstrip("/")

    @property
    def calls(self) -> int:
        """API calls this client made (token requests excluded: they do not count against the limit)."""
        return self._calls

    @property
    def usage(self) -> tuple[int, int] | None:
        return self._usage

    @property
    def signed_in(self) -> bool:
        return self._sf is not None

    def sign_in(self) -> None:
        """Sign in now if not signed in yet (raises the sign-in's error). Used by the readiness check."""
        try:
            self._connection()
        except AuthenticationFailed:
            self.last_auth_failure = time.time()
            raise

    def call_outcomes(self) -> dict[tuple[str, str], int]:
        """API calls by (operation, outcome): operation as `GET query` or `PATCH sobjects/Case`, outcome
        `ok` or the kind of failure (`limit`, `unavailable`, `validation`, `auth`, `error`, `expired_session`,
        `network`). For metrics."""
        with self._calls_lock:
            return dict(self._outcomes)

    def _count(self, method: str, path: str, outcome: str) -> None:
        parts = [p for p in path.split("?")[0].split("/") if p]
        op = "/".join(parts[:2]) if parts[:1] == ["sobjects"] else (parts[0] if parts else "")
        with self._calls_lock:
            self._outcomes[(f"{method} {op}", outcome)] += 1
        if outcome == "auth":
            self.last_auth_failure = time.time()
        elif outcome not in ("network", "unavailable", "expired_session"):
            self.last_success = time.time()
        log.debug("salesforce %s %s: %s", method, op, outcome)

    # --- raw call --------------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                json: Any = None, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        """One REST call to ``/services/data/vXX.X/{path}``; returns the decoded JSON (None for 204).
        Raises a `CaseDeskError`."""
        kwargs: dict[str, Any] = {}
        if json is not None:
            kwargs["json"] = json
        if data is not None:
            kwargs["data"] = data
        if headers:
            kwargs["headers"] = headers
        for attempt in (1, 2):
            sf, gen = self._connection()
            try:
                with self._calls_lock:
                    self._calls += 1
                result = sf.restful(path, params=params, method=method, **kwargs)
                self._record_usage(sf)
                self._count(method, path, "ok")
                return result
            except SalesforceExpiredSession as exc:
                self._record_usage(sf)
                self._count(method, path, "expired_session")
                if attempt == 2:
                    raise map_error(exc.status, exc.content) from exc
                self._refresh(gen)
            except SFError as exc:
                self._record_usage(sf)
                error = map_error(exc.status, exc.content)
                self._count(method, path, outcome_of(error))
                raise error from exc
            except (requests.ConnectionError, requests.Timeout) as exc:
                self._count(method, path, "network")
                # A write that was sent (not a failed connect) may land although its answer was lost.
                raise SalesforceUnavailable(f"{method} {path}: {exc.__class__.__name__}: {exc}",
                                            in_doubt=was_sent(exc) and method.upper() != "GET") from exc
        raise AssertionError("unreachable")

    def _record_usage(self, sf: Salesforce) -> None:
        usage = sf.api_usage.get("api-usage") if sf.api_usage else None
        if usage is not None:
            self._usage = (int(usage.used), int(usage.total))

    # --- helpers ---------------------------------------------------------------------------------------
    def data_url(self, rel: str) -> str:
        """The absolute path of a REST resource, as composite subrequests want it."""
        return f"/services/data/v{self.api_version}/{rel.lstrip('/')}"

    def query_url(self, soql: str, *refs: Ref) -> str:
        """A composite GET url for `soql` (already built with format_soql), with `refs` resolved by
        Salesforce at run time."""
        encoded = quote(soql, safe="")
        for ref in refs:
            encoded = encoded.replace(ref.marker, "@{" + ref.expr + "}")
        return self.data_url("query/") + "?q=" + encoded

    def _rel(self, url: str) -> str:
        prefix = f"/services/data/v{self.api_version}/"
        return url.split(prefix, 1)[1] if prefix in url else url.lstrip("/")

    def query(self, soql: str) -> dict[str, Any]:
        """One page of a SOQL query (one call)."""
        return self.request("GET", "query/", params={"q": soql}) or {"records": [], "done": True, "totalSize": 0}

    def query_more(self, next_records_url: str) -> dict[str, Any]:
        return self.request("GET", self._rel(next_records_url)) or {"records": [], "done": True}

    def query_all(self, soql: str, *, first_page: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], int]:
        """Every record of `soql`, following nextRecordsUrl; returns (records, calls made)."""
        calls = 0
        page = first_page
        if page is None:
            page = self.query(soql)
            calls += 1
        records = list(page.get("records") or [])
        while not page.get("done", True) and page.get("nextRecordsUrl"):
            page = self.query_more(page["nextRecordsUrl"])
            calls += 1
            records.extend(page.get("records") or [])
        return records, calls

    def search(self, sosl: str) -> list[dict[str, Any]]:
        body = self.request("GET", "search/", params={"q": sosl})
        if isinstance(body, dict):
            return list(body.get("searchRecords") or [])
        return list(body or [])

    def create(self, sobject: str, fields: dict[str, Any]) -> str:
        body = self.request("POST", f"sobjects/{sobject}/", json=fields)
        return str(body["id"])

    def composite(self, subrequests: Sequence[dict[str, Any]], *, all_or_none: bool) -> dict[str, SubResponse]:
        """POST /composite (one API call, at most 25 subrequests); returns the sub-responses by reference."""
        if not 0 < len(subrequests) <= 25:
            raise ValueError(f"a composite request takes 1..25 subrequests, not {len(subrequests)}")
        body = self.request("POST", "composite", json={"allOrNone": all_or_none,
                                                         "compositeRequest": list(subrequests)})
        out: dict[str, SubResponse] = {}
        for item in (body or {}).get("compositeResponse", []):
            ref = item.get("referenceId")
            out[ref] = SubResponse(ref, int(item.get("httpStatusCode") or 0), item.get("body"))
        return out

    def create_collection(self, records: Iterable[dict[str, Any]], *, all_or_none: bool = False) -> list[dict[str, Any]]:
        """POST /composite/sobjects (sObject Collections, up to 200 records, one call); one result per record:
        {"id", "success", "errors"}."""
        rows = list(records)
        if not 0 < len(rows) <= 200:
            raise ValueError(f"an sObject collection takes 1..200 records, not {len(rows)}")
        return list(self.request("POST", "composite/sobjects", json={"allOrNone": all_or_none,
                                                                      "records": rows}) or [])
