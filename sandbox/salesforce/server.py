"""`EmulatorServer`: the Salesforce emulator served over HTTPS (uvicorn + Starlette) in a background thread.

    server = EmulatorServer(tmp / "sf.db", seed=True).start()
    server.info            # instance_url, login_url, ca_bundle, api_version, clients{integration, agent}
    sf = server.salesforce("integration")          # a simple_salesforce.Salesforce trusting the CA
    server.set_fault("unavailable", times=1)       # next data-API call answers 503
    server.stop()

Every control is also served over HTTP under /_sandbox/ (see `_control`), for the demo and black-box tests.
"""
from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from runtime.serving import BackgroundServer
from sandbox.web import localguard
from sandbox.private import write_private

from .case_setup import DEFAULT_CASE_SETUP, CaseSetup
from .api import Reply, RestApi
from .errors import ApiError
from .store import OAuthError, Options, Org, ValidationRule
from .tls import make_certificates

API_VERSION = "62.0"          # the version `info` advertises to clients; every version up to api.MAX_VERSION is served
FAULTS = ("unavailable", "limit", "slow")
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass
class Fault:
    kind: str
    times: int | None = None      # None: until cleared
    delay: float = 2.0            # for "slow"


class EmulatorServer:
    """The emulator: an org in SQLite plus its HTTPS front end. See the module docstring."""

    def __init__(self, db_path: str | os.PathLike, *, port: int = 0, seed: bool = False, host: str = "127.0.0.1",
                 state_dir: str | os.PathLike | None = None, api_version: str = API_VERSION,
                 options: Options | None = None, case_setup: CaseSetup = DEFAULT_CASE_SETUP) -> None:
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.api_version = api_version
        self.state_dir = Path(state_dir) if state_dir else self.db_path.parent
        self._base_options = dataclasses.replace(options or Options())
        self.org = Org(self.db_path, seed=seed, options=dataclasses.replace(self._base_options),
                       case_setup=case_setup)
        self.rest = RestApi(self.org, api_version)
        self._fault: Fault | None = None
        self._fault_lock = threading.Lock()
        self._web: BackgroundServer | None = None
        self.info: dict = {}
        self.control_token = localguard.new_token()     # per run; in `info` (an owner-only file): /_sandbox/ needs it
        self.app = Starlette(routes=[
            Route("/{path:path}", self._endpoint, methods=["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD"]),
        ])

    # ------------------------------------------------------------------------------------- lifecycle
    def start(self, timeout: float = 15.0) -> "EmulatorServer":
        tls = make_certificates(self.state_dir, stem=self.db_path.stem + "-tls")
        # Idle keep-alive connections would hold a graceful shutdown; nothing is in flight that matters.
        self._web = BackgroundServer(self.app, host=self.host, port=self.port, name="sf-emulator",
                                     ssl_certfile=tls.cert, ssl_keyfile=tls.key, log_level="error",
                                     timeout_keep_alive=30, timeout_graceful_shutdown=1, force_exit=True)
        try:
            self._web.start(timeout)
        except RuntimeError:
            raise RuntimeError("the Salesforce emulator did not start") from None
        self.port = self._web.port
        url = f"https://{'localhost' if self.host in ('localhost',) else self.host}:{self.port}"
        self.info = {
            "instance_url": url,
            "login_url": url,
            "ca_bundle": str(tls.ca_cert),
            "api_version": self.api_version,
            "clients": self.org.clients(),
            "control_token": self.control_token,
        }
        return self

    @property
    def running(self) -> bool:
        """The HTTPS front end is serving."""
        return self._web is not None and self._web.running

    def stop(self) -> None:
        if self._web is not None:
            self._web.stop()
        self._web = None

    def close(self) -> None:
        self.stop()
        self.org.close()

    def __enter__(self) -> "EmulatorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_info(self, path: str | os.PathLike) -> None:
        """Write the info file atomically (readers never see a half-written file)."""
        write_private(path, json.dumps(self.info, indent=2))   # client secrets: owner-only

    # ------------------------------------------------------------------------------- Python controls
    def expire_tokens(self, user_id: str | None = None) -> int:
        """Expire all access tokens (or one user's): the next call with them answers 401 INVALID_SESSION_ID."""
        return self.org.expire_tokens(user_id)

    def set_fault(self, kind: str, *, times: int | None = None, delay: float = 2.0) -> None:
        """Make data-API calls fail: "unavailable" (503), "limit" (403 REQUEST_LIMIT_EXCEEDED) or "slow"
        (answer after `delay` seconds). `times`: only the next N calls; None: until `clear_faults()`."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {', '.join(FAULTS)}")
        with self._fault_lock:
            self._fault = Fault(kind, times, delay)

    def clear_faults(self) -> None:
        with self._fault_lock:
            self._fault = None

    @property
    def fault(self) -> Fault | None:
        return self._fault

    def _take_fault(self) -> Fault | None:
        with self._fault_lock:
            f = self._fault
            if f is None:
                return None
            if f.times is not None:
                f.times -= 1
                if f.times <= 0:
                    self._fault = None
            return f

    def add_validation_rule(self, name: str, message: str, *, sobject: str = "Case",
                            when: dict[str, Any] | None = None, changed: list[str] | None = None,
                            users: list[str] | None = None, error_field: str | None = None) -> ValidationRule:
        """A rule refusing saves that match `when` (see rules.ValidationRule)."""
        return self.org.add_validation_rule(ValidationRule(
            name=name, message=message, sobject=sobject,
            when={k: (v if isinstance(v, list) else [v]) for k, v in (when or {}).items()},
            changed=list(changed or []), users=list(users or []), error_field=error_field))

    def clear_validation_rules(self) -> None:
        self.org.clear_validation_rules()

    def validation_rules(self) -> list[ValidationRule]:
        return self.org.validation_rules()

    def api_usage(self) -> tuple[int, int]:
        """(calls used today, daily limit)."""
        return self.org.api_usage()

    def set_api_usage(self, used: int) -> None:
        self.org.set_api_usage(used)

    def reset(self) -> None:
        """Back to the initial data (seeded if the server was), no faults, usage 0, the options given at
        construction. Tokens stay valid."""
        self.clear_faults()
        self.org.options = dataclasses.replace(self._base_options)
        self.org.reset()

    def set_options(self, **changes: Any) -> Options:
        """Change org options (any field of `database.Options`) until the next reset."""
        known = {f.name for f in dataclasses.fields(Options)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self.org.options = dataclasses.replace(self.org.options, **changes)
        return self.org.options

    def set_assignment_owner(self, user_id: str | None) -> None:
        """The owner of new cases that name none (None: the caller)."""
        self.org.set_assignment_owner(user_id)

    def create_contact(self, first_name: str | None, last_name: str, email: str | None = None, **fields: Any) -> str:
        integ = self.org.client("integration")["user_id"]
        data = {"FirstName": first_name, "LastName": last_name, "Email": email, **fields}
        return self.org.create("Contact", {k: v for k, v in data.items() if v is not None}, integ)

    def create_user(self, first_name: str, last_name: str, email: str, *, username: str | None = None,
                    client_name: str | None = None, **fields: Any) -> str:
        """A new user (e.g. another agent). With `client_name`, also an OAuth client acting as that user;
        its credentials are then in `.info["clients"][client_name]`."""
        integ = self.org.client("integration")["user_id"]
        uid = self.org.create("User", {"FirstName": first_name, "LastName": last_name, "Email": email,
                                       "Username": username or email, **fields}, integ)
        if client_name:
            self.org.register_client(client_name, uid)
            self.info["clients"] = self.org.clients()
        return uid

    def late_commit(self, seconds: float, *, times: int = 1) -> None:
        """Fault: the next `times` writes are stamped `seconds` before they become visible (a long transaction
        committing late; see `Org.late_commit`)."""
        self.org.late_commit(seconds, times)

    def advance_clock(self, seconds: float) -> None:
        """Move the org's clock forward (CreatedDate, SystemModstamp, TODAY, LAST_N_DAYS... follow)."""
        self.org.clock_offset += timedelta(seconds=seconds)

    def jwt_private_key(self, client_name: str = "integration") -> str:
        """Make an RSA key pair for `client_name`, trust its public half for the JWT bearer flow, and return
        the private key (PEM). Sign in with iss=client_id, sub=the user's Username,
        aud=https://login.salesforce.com (or https://test.salesforce.com)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.org.register_jwt_key(client_name, public)
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()

    def username(self, client_name: str) -> str:
        """The Username of the user a client acts as (the JWT `sub`)."""
        uid = self.user_id(client_name)
        with self.org.lock:
            return self.org.conn.execute('SELECT "Username" FROM "User" WHERE "Id" = ?', (uid,)).fetchone()[0]

    def user_id(self, client_name: str) -> str:
        return self.org.clients()[client_name]["user_id"]

    def token(self, client_name: str = "integration") -> str:
        """A fresh access token via the OAuth client-credentials endpoint over HTTPS."""
        import requests

        creds = self.info["clients"][client_name]
        with requests.Session() as s:
            s.verify = self.info["ca_bundle"]
            s.trust_env = False
            r = s.post(self.info["login_url"] + "/services/oauth2/token",
                       data={"grant_type": "client_credentials", "client_id": creds["client_id"],
                             "client_secret": creds["client_secret"]}, timeout=10)
        r.raise_for_status()
        return r.json()["access_token"]

    def salesforce(self, client_name: str = "integration"):
        """A simple_salesforce.Salesforce authenticated as `client_name`, trusting the emulator's CA."""
        import requests
        from simple_salesforce import Salesforce

        session = requests.Session()
        session.verify = self.info["ca_bundle"]
        session.trust_env = False   # else REQUESTS_CA_BUNDLE in the environment overrides session.verify
        return Salesforce(instance_url=self.info["instance_url"], session_id=self.token(client_name),
                          session=session, version=self.api_version)

    # ------------------------------------------------------------------------------------------ HTTP
    async def _endpoint(self, request: Request) -> Response:
        path = request.url.path
        try:
            if path.startswith("/_sandbox"):
                return await self._control(request)
            if path == "/services/oauth2/token":
                return await self._token(request)
            if path.rstrip("/") == "/services/data":
                return JSONResponse(self.rest.versions())
            if path.startswith("/services/data/"):
                return await self._data(request)
            return _error(ApiError(404, "NOT_FOUND", "The requested resource does not exist"))
        except ApiError as e:
            return _error(e)
        except Exception as e:  # a bug in the emulator: say so, in Salesforce's shape
            return _error(ApiError(500, "UNKNOWN_EXCEPTION", f"Emulator error: {type(e).__name__}: {e}"))

    async def _data(self, request: Request) -> Response:
        fault = self._take_fault()
        body: bytes | None = None
        if fault is not None:
            if fault.kind == "slow":
                # Like a slow org: the request has arrived and is processed, only the answer is late. A client
                # that gives up meanwhile does not undo it (a write lands even though its caller timed out).
                body = await request.body()
                await asyncio.sleep(fault.delay)
            elif fault.kind == "unavailable":
                return _error(ApiError(503, "SERVER_UNAVAILABLE",
                                       "Server temporarily unavailable. Please try again later."))
            else:
                return self._reply(Reply(403, [{"message": "TotalRequests Limit exceeded.",
                                                "errorCode": "REQUEST_LIMIT_EXCEEDED"}]), limit_info=True)
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() not in ("bearer", "oauth"):
            token = ""
        user = self.org.user_for_token(token.strip())
        try:
            self.org.count_call()
        except ApiError as e:
            return self._reply(Reply(e.status, e.body()), limit_info=True)
        if body is None:
            body = await request.body()
        if len(body) > self.org.options.max_request_bytes:
            return self._reply(Reply(400, ApiError(
                400, "JSON_PARSER_ERROR", f"Maximum size of request reached. Maximum size of request is "
                f"{self.org.options.max_request_bytes} bytes.").body()), limit_info=True)
        query = parse_qs(request.url.query, keep_blank_values=True)
        reply = self.rest.dispatch(request.method, request.url.path, query, body, user,
                                   headers={k: request.headers.get(k, "") for k in
                                            ("sforce-query-options", "sforce-auto-assign") if k in request.headers})
        return self._reply(reply, limit_info=True)

    def _reply(self, reply: Reply, limit_info: bool) -> Response:
        headers = dict(reply.headers)
        if limit_info:
            used, limit = self.org.api_usage()
            headers["Sforce-Limit-Info"] = f"api-usage={used}/{limit}"
        if reply.body is None:
            return Response(status_code=reply.status, headers=headers)
        if isinstance(reply.body, (bytes, bytearray)):
            return Response(bytes(reply.body), status_code=reply.status, headers=headers,
                            media_type=reply.content_type)
        return Response(json.dumps(reply.body, separators=(",", ":")), status_code=reply.status,
                        headers=headers, media_type=reply.content_type)

    async def _token(self, request: Request) -> Response:
        if request.method != "POST":
            return JSONResponse({"error": "invalid_request", "error_description": "must use HTTP POST"}, 400)
        fault = self._fault
        if fault is not None and fault.kind in ("unavailable", "slow"):
            # Sign-in is affected by outages and slowness; "limit" concerns data-API calls only.
            self._take_fault()
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            else:
                return _error(ApiError(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable."))
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        grant = (form.get("grant_type") or [""])[0]
        client_id = (form.get("client_id") or [""])[0]
        secret = (form.get("client_secret") or [""])[0]
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                pass
        try:
            if grant == "client_credentials":
                try:
                    token, user = self.org.issue_token(client_id, secret)
                except ValueError:
                    raise OAuthError("invalid_client", "invalid client credentials") from None
            elif grant == JWT_BEARER_GRANT:
                # As Salesforce: the audience is the generic login host, never the host the request went to.
                token, user = self.org.issue_token_jwt((form.get("assertion") or [""])[0], [
                    "https://login.salesforce.com", "https://test.salesforce.com"])
            else:
                raise OAuthError("unsupported_grant_type", "grant type not supported")
        except OAuthError as e:
            return JSONResponse({"error": e.error, "error_description": e.description}, 400)
        base = self.info.get("instance_url") or f"https://{self.host}:{self.port}"
        return JSONResponse({
            "access_token": token, "signature": base64.b64encode(os.urandom(32)).decode(), "scope": "api",
            "instance_url": base, "id": f"{base}/id/{self._org_id()}/{user}", "token_type": "Bearer",
            "issued_at": str(int(time.time() * 1000)),
        })

    @staticmethod
    def _org_id() -> str:
        from .ids import ORG_ID_15, to18
        return to18(ORG_ID_15)

    async def _control(self, request: Request) -> Response:
        """HTTP control surface: only with this run's `control_token` (header X-Sandbox-Token), a Host naming the
        emulator's address, JSON bodies and no cross-site request (sandbox/web/localguard.py)."""
        parts = [p for p in request.url.path.split("/") if p][1:]
        method = request.method
        problem = localguard.refusal(method=method, headers=request.headers, server=request.scope.get("server"),
                                     token=self.control_token)
        if problem is not None:
            return JSONResponse({"error": problem[1]}, problem[0])
        raw = await request.body()
        try:
            data = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return JSONResponse({"error": "request body is not JSON"}, 400)
        if not isinstance(data, dict):
            return JSONResponse({"error": "request body must be a JSON object"}, 400)
        key = (method, "/".join(parts))
        try:
            if key == ("GET", "info"):
                return JSONResponse(self.info)
            if key == ("POST", "tokens/expire"):
                return JSONResponse({"expired": self.expire_tokens(data.get("user_id"))})
            if key == ("GET", "fault"):
                f = self._fault
                return JSONResponse(None if f is None else {"kind": f.kind, "times": f.times, "delay": f.delay})
            if key == ("POST", "fault"):
                self.set_fault(str(data.get("kind")), times=data.get("times"), delay=float(data.get("delay", 2.0)))
                return JSONResponse({"ok": True})
            if key in (("DELETE", "fault"), ("POST", "fault/clear")):
                self.clear_faults()
                return JSONResponse({"ok": True})
            if key == ("GET", "validation-rules"):
                return JSONResponse([r.to_json() for r in self.validation_rules()])
            if key == ("POST", "validation-rules"):
                rule = self.add_validation_rule(data["name"], data["message"], sobject=data.get("sobject", "Case"),
                                                when=data.get("when"), changed=data.get("changed"),
                                                users=data.get("users"), error_field=data.get("error_field"))
                return JSONResponse(rule.to_json(), 201)
            if key == ("DELETE", "validation-rules"):
                self.clear_validation_rules()
                return JSONResponse({"ok": True})
            if key == ("GET", "usage"):
                used, limit = self.api_usage()
                return JSONResponse({"used": used, "max": limit})
            if key == ("POST", "usage"):
                self.set_api_usage(int(data["used"]))
                return JSONResponse({"ok": True})
            if key == ("POST", "reset"):
                self.reset()
                return JSONResponse({"ok": True})
            if key == ("POST", "contacts"):
                cid = self.create_contact(data.get("FirstName"), data["LastName"], data.get("Email"),
                                          **{k: v for k, v in data.items()
                                             if k not in ("FirstName", "LastName", "Email")})
                return JSONResponse({"id": cid}, 201)
            if key == ("POST", "users"):
                uid = self.create_user(data["FirstName"], data["LastName"], data["Email"],
                                       username=data.get("Username"), client_name=data.get("client_name"))
                return JSONResponse({"id": uid, "clients": self.info.get("clients")}, 201)
            if key == ("POST", "jwt-key"):
                name = data.get("client_name", "integration")
                return JSONResponse({"private_key": self.jwt_private_key(name), "username": self.username(name),
                                     "client_id": self.org.clients()[name]["client_id"]})
            if key == ("GET", "options"):
                return JSONResponse(dataclasses.asdict(self.org.options))
            if key == ("POST", "options"):
                return JSONResponse(dataclasses.asdict(self.set_options(**data)))
            if key == ("POST", "assignment-owner"):
                self.set_assignment_owner(data.get("user_id"))
                return JSONResponse({"ok": True})
            if key == ("POST", "clock/advance"):
                self.advance_clock(float(data["seconds"]))
                return JSONResponse({"now": self.org.stamp()})
            if key == ("POST", "late-commit"):
                self.late_commit(float(data["seconds"]), times=int(data.get("times", 1)))
                return JSONResponse({"ok": True})
            if key == ("GET", "clock"):
                return JSONResponse({"now": self.org.stamp()})
        except ApiError as e:
            return _error(e)
        except (KeyError, TypeError, ValueError) as e:
            return JSONResponse({"error": f"bad control request: {type(e).__name__}: {e}"}, 400)
        return JSONResponse({"error": f"unknown control {method} {request.url.path}"}, 404)


def _error(e: ApiError) -> Response:
    return Response(json.dumps(e.body()), status_code=e.status, media_type="application/json;charset=UTF-8")
