"""Test doubles for the poller: a recording Slack Web API server and an in-memory CaseDesk.

`FakeSlack` is a real HTTP server on 127.0.0.1 (port 0): the poller talks to it through slack_sdk's
WebClient(base_url=...), so retries, 429 handling and argument encoding are the real ones.
`FakeDesk` keeps cases and comments in memory and implements the slice of CaseDesk the poller uses,
with Salesforce's change-feed semantics (SystemModstamp > watermark) and a call counter.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sandbox.slack.blockkit import check_message
from servicecloud.config import OrgConfig
from servicecloud.errors import SalesforceUnavailable
from servicecloud.models import CaseComment, CaseView, ChangeSet, WorkNoteResult

INTEGRATION = "005INTEGRATION0001"
AGENT = "005AGENTSAMRIVERA1"


@dataclass
class SlackUser:
    id: str
    email: str
    tz: str = "UTC"
    name: str = ""


class FakeSlack:
    """Records every call; `messages[user_id]` lists what was posted to that user's DM."""

    def __init__(self, users: list[SlackUser] | None = None):
        self.users = {u.id: u for u in users or []}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.rate_limit_next = 0          # answer the next N chat.postMessage with HTTP 429
        self.retry_after = 1
        self.fail_post_with: str | None = None
        self.refuse_blocks_with: str | None = None   # refuse posts carrying blocks (text-only posts pass)
        self.history_supported = True
        self.crash_after_post = False     # raise in the caller after recording (simulates a cut-off)
        self.on_post: Any = None          # called with the message after a chat.postMessage is recorded
        self.channels: set[str] = set()   # channels the bot is in (posts there are kept under the channel id)
        self.reactions: dict[tuple[str, str], list[str]] = {}    # (channel, ts) -> the bot's reactions
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._handle(dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query)))

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
                if "json" in (self.headers.get("content-type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(urllib.parse.parse_qsl(raw))
                self._handle(args)

            def _handle(self, args: dict[str, Any]) -> None:
                method = urllib.parse.urlparse(self.path).path.rsplit("/", 1)[-1]
                status, body, headers = fake._api(method, args)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        self.api_url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def client(self):
        from slack_sdk import WebClient
        return WebClient(token="xoxb-test", base_url=self.api_url)

    def dm(self, user: str) -> str:
        return "D" + user

    def posts(self, user: str | None = None) -> list[dict[str, Any]]:
        if user:
            return list(self.messages.get(self.dm(user), []))
        return [m for msgs in self.messages.values() for m in msgs]

    def _api(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.calls.append((method, args))
            for k in ("blocks", "metadata"):
                if isinstance(args.get(k), str):
                    args[k] = json.loads(args[k])
            if method == "chat.postMessage":
                if self.rate_limit_next > 0:
                    self.rate_limit_next -= 1
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(self.retry_after)}
                if self.fail_post_with:
                    return 200, {"ok": False, "error": self.fail_post_with}, {}
                if self.refuse_blocks_with and args.get("blocks"):
                    return 200, {"ok": False, "error": self.refuse_blocks_with}, {}
                refusal = check_message(args.get("blocks"), args.get("text"))  # as strict as the stand-in
                if refusal is not None:
                    return 200, refusal.body(), {}
                user = args["channel"]
                if user not in self.users and user not in self.channels:
                    return 200, {"ok": False, "error": "channel_not_found"}, {}
                conv = user if user in self.channels else self.dm(user)
                ts = f"{time.time():.0f}.{next(self._ts):06d}"
                msg = {"ts": ts, "text": args.get("text"), "blocks": args.get("blocks"),
                       "metadata": args.get("metadata"), "at": time.monotonic()}
                if args.get("thread_ts"):      # a reply in a case's thread (broadcast: also in the history)
                    msg.update(thread_ts=args["thread_ts"], broadcast=bool(args.get("reply_broadcast")))
                self.messages.setdefault(conv, []).append(msg)
                if self.on_post is not None:
                    self.on_post(msg)
                return 200, {"ok": True, "channel": conv, "ts": ts}, {}
            if method in ("reactions.add", "reactions.remove"):     # Slack's refusals of a repeat
                names = self.reactions.setdefault((args["channel"], args["timestamp"]), [])
                if method == "reactions.add":
                    if args["name"] in names:
                        return 200, {"ok": False, "error": "already_reacted"}, {}
                    names.append(args["name"])
                elif args["name"] not in names:
                    return 200, {"ok": False, "error": "no_reaction"}, {}
                else:
                    names.remove(args["name"])
                return 200, {"ok": True}, {}
            if method == "conversations.open":
                user = args.get("users")
                if user not in self.users:
                    return 200, {"ok": False, "error": "user_not_found"}, {}
                return 200, {"ok": True, "channel": {"id": self.dm(user)}}, {}
            if method == "conversations.history":
                if not self.history_supported:
                    return 200, {"ok": False, "error": "missing_scope"}, {}
                msgs = [m for m in reversed(self.messages.get(args["channel"], []))
                        if float(m["ts"]) >= float(args.get("oldest") or 0)
                        and (not m.get("thread_ts") or m.get("broadcast"))]     # thread replies are not there
                include = str(args.get("include_all_metadata")).lower() in ("1", "true")
                out = [{k: v for k, v in m.items() if k != "metadata" or include} for m in msgs]
                return 200, {"ok": True, "messages": out, "has_more": False}, {}
            if method == "conversations.replies":
                if not self.history_supported:
                    return 200, {"ok": False, "error": "missing_scope"}, {}
                msgs = [m for m in self.messages.get(args["channel"], [])
                        if m["ts"] == args.get("ts") or m.get("thread_ts") == args.get("ts")]
                if not msgs:
                    return 200, {"ok": False, "error": "thread_not_found"}, {}
                include = str(args.get("include_all_metadata")).lower() in ("1", "true")
                out = [{k: v for k, v in m.items() if k != "metadata" or include} for m in msgs]
                return 200, {"ok": True, "messages": out, "has_more": False}, {}
            if method == "users.lookupByEmail":
                for u in self.users.values():
                    if u.email.lower() == str(args.get("email", "")).lower():
                        return 200, {"ok": True, "user": _user_json(u)}, {}
                return 200, {"ok": False, "error": "users_not_found"}, {}
            if method == "users.info":
                u = self.users.get(args.get("user"))
                if not u:
                    return 200, {"ok": False, "error": "user_not_found"}, {}
                return 200, {"ok": True, "user": _user_json(u)}, {}
            return 404, {"ok": False, "error": "unknown_method"}, {}


def _user_json(u: SlackUser) -> dict[str, Any]:
    return {"id": u.id, "name": u.name or u.id, "real_name": u.name or u.id, "tz": u.tz,
            "profile": {"email": u.email, "real_name": u.name or u.id}}


@dataclass
class FakeCase:
    id: str
    case_number: str
    subject: str
    status: str
    contact_id: str | None
    contact_email: str | None = None
    origin: str = "Concierge Slack"
    assignee: str | None = "Sam Rivera"
    created_date: datetime = field(default_factory=lambda: datetime.now(UTC))
    system_modstamp: datetime = field(default_factory=lambda: datetime.now(UTC))
    last_modified_by_id: str = INTEGRATION
    last_modified_by_name: str = "Concierge Integration"
    created_by_id: str = INTEGRATION
    closed_date: datetime | None = None


class FakeDesk:
    """The CaseDesk slice the poller and the flusher use, in memory."""

    def __init__(self, org: OrgConfig | None = None):
        self.org = org or OrgConfig()
        self.integration_user_id = INTEGRATION
        self.cases: dict[str, FakeCase] = {}
        self.comments: list[CaseComment] = []
        self.work_notes: list[tuple[str, str]] = []
        self.calls = 0
        self.down = False
        self._ids = itertools.count(1)
        self._clock = datetime.now(UTC)
        self._lock = threading.Lock()

    def _tick(self) -> datetime:
        self._clock = max(self._clock + timedelta(milliseconds=1), datetime.now(UTC))
        return self._clock

    def _call(self) -> None:
        if self.down:
            raise SalesforceUnavailable("fake outage")
        self.calls += 1

    # -- agent side (tests)
    def new_case(self, contact_id: str, subject: str, *, status: str = "New", origin: str = "Concierge Slack",
                 by: str = INTEGRATION, email: str | None = None) -> FakeCase:
        with self._lock:
            n = next(self._ids)
            now = self._tick()
            case = FakeCase(f"500{n:012d}AAA", f"{n:08d}", subject, status, contact_id, email, origin,
                            created_date=now, system_modstamp=now, last_modified_by_id=by, created_by_id=by)
            self.cases[case.id] = case
            return case

    def set_status(self, case_id: str, status: str, *, by: str = AGENT, name: str = "Sam Rivera") -> None:
        with self._lock:
            c = self.cases[case_id]
            now = self._tick()
            c.status, c.system_modstamp, c.last_modified_by_id, c.last_modified_by_name = status, now, by, name
            if status in ("Closed", "Closed - By User"):
                c.closed_date = now

    def comment(self, case_id: str, body: str, *, by: str = AGENT, name: str = "Sam Rivera",
                published: bool = True) -> CaseComment:
        with self._lock:
            now = self._tick()
            c = self.cases[case_id]
            cm = CaseComment(f"00a{next(self._ids):015d}", case_id, body, published, by, name, now, now,
                             case_number=c.case_number, case_subject=c.subject, contact_id=c.contact_id)
            self.comments.append(cm)
            c.system_modstamp = now
            return cm

    # -- CaseDesk
    def view(self, c: FakeCase) -> CaseView:
        view = CaseView(id=c.id, case_number=c.case_number, subject=c.subject, status=c.status,
                        state=self.org.statuses.state_of(c.status, c.closed_date is not None), assignee=c.assignee,
                        contact_id=c.contact_id, origin=c.origin, is_closed=c.closed_date is not None,
                        created_date=c.created_date, last_modified_date=c.system_modstamp,
                        system_modstamp=c.system_modstamp, closed_date=c.closed_date, contact_email=c.contact_email)
        return _WithAudit(view, c)

    def changes_since(self, watermark: datetime | None) -> ChangeSet:
        self._call()
        with self._lock:
            if watermark is None:           # "start from now", as CaseDesk.changes_since(None)
                marks = [c.system_modstamp for c in self.cases.values()] + [c.system_modstamp for c in self.comments]
                return ChangeSet(watermark=max(marks) if marks else None, api_calls=1)
            wm = watermark
            cases = [self.view(c) for c in self.cases.values() if c.system_modstamp > wm]
            comments = [c for c in self.comments if c.system_modstamp and c.system_modstamp > wm]
            marks = [c.system_modstamp for c in cases] + [c.system_modstamp for c in comments]
            return ChangeSet(cases=cases, comments=comments, watermark=max(marks) if marks else watermark,
                             api_calls=1)

    def add_work_notes(self, notes: list[tuple[str, str]]) -> list[WorkNoteResult]:
        results = []
        for i in range(0, len(notes), 200):
            self._call()
            with self._lock:
                for case_id, body in notes[i:i + 200]:
                    self.work_notes.append((case_id, body))
                    note = CaseComment(f"00a{next(self._ids):015d}", case_id, body, False, INTEGRATION,
                                       "Concierge Integration", self._tick(), self._clock,
                                       contact_id=self.cases[case_id].contact_id if case_id in self.cases else None)
                    self.comments.append(note)
                    results.append(WorkNoteResult(case_id, note.id))
        return results


class _WithAudit:
    """A CaseView plus the audit fields the poller reads with getattr (LastModifiedById, CreatedById)."""

    def __init__(self, view: CaseView, c: FakeCase):
        self._view = view
        self.last_modified_by_id = c.last_modified_by_id
        self.last_modified_by_name = c.last_modified_by_name
        self.created_by_id = c.created_by_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)
