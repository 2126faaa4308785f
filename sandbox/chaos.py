"""`concierge chaos`: a bounded chaos soak of two `concierge run` replicas on one database.

The Salesforce emulator and the Slack stand-in run in this process; two replicas (`concierge run`, HTTP, each
with its poller) share one store (a fresh PostgreSQL schema, or a SQLite file). Slack's deliveries go through a
small front (a load balancer) that picks a live replica, sometimes delivers the same event to both, and
sometimes repeats it as Slack's retry. Meanwhile employees file problems, add comments and ask for status, an
agent comments on their cases, a replica is SIGKILLed (and restarted) every `--kill-every` seconds and the
other is stopped with SIGTERM now and then, and fault windows open: Salesforce 503 / request limit / slower
than the client's timeout, Slack 429s, Slack connections dropped after a post was stored.
After `--seconds`, faults stop and the soak waits for the work to drain, then counts from Salesforce and from
the DMs: lost (a filing, comment or agent note that never landed or was never told), duplicated (twice in
Salesforce, or a reply/notification twice), wrong-user (a DM naming someone else's case), unanswered (a
message without any reply, even after the drain), late (answered only after the employee's 30 s wait). Exit status 1 when lost, duplicated or wrong-user is not zero.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests

from sandbox.private import open_private_log

SECRET, TOKEN = "chaos-signing-secret", "xoxb-chaos-token"
THINGS = ["printer", "monitor", "keyboard", "headset", "docking station", "badge reader", "projector", "webcam",
          "laptop fan", "phone", "scanner", "mouse", "speaker", "router", "tablet", "charger", "microphone",
          "desk lamp", "label maker", "shredder"]
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Sent:
    user: str
    kind: str                    # file | comment | status
    token: str
    case_number: str | None = None
    replied: bool = False
    delivered: bool = True       # False when Slack gave up (no replica acked any attempt): not the bot's loss
    replies: list[str] = field(default_factory=list)
    key: str | None = None       # what the replies to its (last) message carry: the answer is matched by it
    late: bool = False           # answered, but not within the employee's 30 s wait
    sent_at: float = 0.0         # when its (last) message was sent (epoch seconds, as Slack's ts)


@dataclass
class Soak:
    sent: list[Sent] = field(default_factory=list)
    agent_notes: list[tuple[str, str]] = field(default_factory=list)    # (owner slack id, token)
    kills: int = 0
    terms: int = 0
    db_cuts: int = 0
    restarts: list[threading.Thread] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Front:
    """Slack's side of delivery with a load balancer: a live replica gets each event; some events go to both
    replicas, some are repeated as a Slack retry (X-Slack-Retry-Num)."""

    def __init__(self, urls: list[str], rng: random.Random):
        self.urls, self.rng, self.lock = urls, rng, threading.Lock()
        front = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower().startswith(("x-slack", "content-type"))}
                status, text = front.forward(body, headers)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        r = requests.post(url, data=body, headers=headers, timeout=3)
        return r.status_code, r.content

    def forward(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        with self.lock:
            order = self.rng.sample(self.urls, len(self.urls))
            both, retry = self.rng.random() < 0.15, self.rng.random() < 0.15
        if both:
            threading.Thread(target=self._quiet, args=(order[1], body, headers), daemon=True).start()
        for url in order:
            try:
                status, text = self._post(url, body, headers)
            except requests.RequestException:
                continue
            if status < 500:
                if retry:
                    threading.Thread(target=self._quiet, args=(url, body, {**headers, "X-Slack-Retry-Num": "1",
                                                                           "X-Slack-Retry-Reason": "http_timeout"}),
                                     daemon=True).start()
                return status, text
        return 503, b'{"error": "no replica answered"}'

    def _quiet(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        try:
            self._post(url, body, headers)
        except requests.RequestException:
            pass


class Replica:
    def __init__(self, name: str, env: dict[str, str], port: int):
        self.name, self.env, self.port, self.proc = name, env, port, None
        self.url = f"http://127.0.0.1:{port}/slack/events"

    def launch(self) -> None:
        log_dir = os.environ.get("CHAOS_LOG_DIR")   # the replicas' logs (INFO), one file each, for a post-mortem
        out = open_private_log(Path(log_dir) / f"replica-{self.name}.log") if log_dir else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "concierge", "run", "--log-level",
                                          "INFO" if log_dir else "WARNING"],
                                         env={**self.env, "PORT": str(self.port)}, cwd=ROOT, stdout=out, stderr=out)
        finally:
            if log_dir:
                out.close()

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"replica {self.name} did not start")

    def signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_pg_schema(base: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url
    u = make_url(base)
    schema = f"chaos_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host=u.host, port=u.port or 5432, dbname=u.database, user=u.username, autocommit=True,
                         connect_timeout=3) as c:
        c.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def _drop_pg_schema(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url
    u = make_url(url)
    schema = url.split("search_path%3D", 1)[1].split("&", 1)[0]
    with psycopg.connect(host=u.host, port=u.port or 5432, dbname=u.database, user=u.username, autocommit=True) as c:
        c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def run(*, seconds: float, seed: int, employees: int, kill_every: float, database_url: str | None,
        drain_seconds: float = 120.0, log=print) -> dict[str, int]:  # noqa: ANN001
    from sandbox.salesforce import EmulatorServer
    from sandbox.slack import SlackStandIn, SlackUser

    rng = random.Random(seed)
    soak = Soak()
    with tempfile.TemporaryDirectory(prefix="concierge-chaos-") as tmp:
        sf = EmulatorServer(Path(tmp) / "sf.db", seed=True).start()
        pg = database_url is None
        if pg:
            try:
                db_url = _fresh_pg_schema(os.environ.get("CONCIERGE_TEST_PG_URL",
                                                         "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
            except Exception:  # noqa: BLE001 - no PostgreSQL here: one SQLite file shared by both replicas
                pg, db_url = False, f"sqlite:///{tmp}/concierge.sqlite"
        else:
            db_url = database_url
        pg_app = None
        if pg:
            pg_app = f"concierge-chaos-{uuid.uuid4().hex[:8]}"
            db_url = f"{db_url}&application_name={pg_app}"
        users = []
        for i in range(employees):
            email = f"chaos{i}.{seed}@example.com"
            sf.create_contact("Chaos", f"Employee {i}", email)
            users.append(SlackUser(f"U0CH{i:04d}", f"chaos{i}", f"Chaos Employee {i}", email))
        slack = SlackStandIn(SECRET, TOKEN, users=users).start()
        creds = sf.info["clients"]["integration"]
        # Employees keep talking to the bot during the soak: notices wait for their exchanges, here at most 10 s
        # after they are due (docs/notifications.md, "Not while they are talking"), so the drain sees them all.
        org_file = Path(tmp) / "org.yml"
        org_file.write_text("notifications:\n  talk_max_wait_seconds: 10\n", encoding="utf-8")
        env = {**os.environ, "CONCIERGE_CONFIG": str(org_file), "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.api_url,
               "HOST": "127.0.0.1", "SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
               "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
               "SF_API_VERSION": sf.info["api_version"], "DATABASE_URL": db_url, "RUN_POLLER": "true",
               "POLL_INTERVAL_SECONDS": "2", "INTAKE_LEASE_SECONDS": "3", "SHUTDOWN_GRACE_SECONDS": "5",
               # the emulator's slow windows answer after at most 35 s: a write whose answer was lost lands by then
               "SF_IN_DOUBT_SECONDS": "40",
               # the soak's simulated people write far faster than people: no per-person budget (bot/budget.py)
               "PERSON_MESSAGES_PER_MINUTE": "0", "PERSON_CASES_PER_DAY": "0"}
        env.pop("SLACK_APP_TOKEN", None)
        replicas = [Replica(n, env, _free_port()) for n in ("a", "b")]
        for r in replicas:                 # both start at once (as a deployment does), then both must be up
            r.launch()
        for r in replicas:
            r.wait_ready()
        front = Front([r.url for r in replicas], rng)
        slack.events_url = front.url
        stop = threading.Event()
        agent = sf.salesforce("agent")
        try:
            workers = [threading.Thread(target=_employee, args=(slack, u.id, random.Random(seed * 1000 + i),
                                                                soak, stop), daemon=True)
                       for i, u in enumerate(users)]
            for w in workers:
                w.start()
            chaos = threading.Thread(target=_chaos, args=(sf, slack, replicas, rng, soak, stop, kill_every, db_url,
                                                          pg_app), daemon=True)
            chaos.start()
            agent_thread = threading.Thread(target=_agent, args=(agent, sf, users, soak, stop, rng), daemon=True)
            agent_thread.start()
            stop.wait(seconds)
            stop.set()
            chaos.join(120)
            for t in soak.restarts:
                t.join(120)
            agent_thread.join(30)
            for w in workers:
                w.join(60)
            sf.clear_faults()
            for r in replicas:
                if r.proc is None or r.proc.poll() is not None:
                    r.start()
            counts = _drain_and_count(sf, slack, users, soak, drain_seconds, log)
        finally:
            stop.set()
            for r in replicas:                 # graceful stop of both at once
                if r.proc is not None and r.proc.poll() is None:
                    r.proc.send_signal(signal.SIGTERM)
            for r in replicas:
                r.signal(signal.SIGTERM)       # waits for each (SIGKILL after 30 s)
            front.server.shutdown()
            slack.stop()
            agent.session.close()
            sf.stop()
            if pg:
                _drop_pg_schema(db_url)
    counts.update(kills=soak.kills, sigterms=soak.terms, db_cuts=soak.db_cuts, messages=len(soak.sent), agent_notes=len(soak.agent_notes))
    return counts


def _send(slack: Any, user: str, text: str) -> str | None:
    """One DM as Slack delivers it: retried (up to 3 times) while no replica acks. Returns the key its replies
    carry (`msg:<channel>:<ts>:<n>` in their metadata), or None when no replica acked any attempt."""
    d = slack.send_dm(user, text)
    for attempt in range(1, 4):
        if d.status == 200:
            break
        time.sleep(attempt)
        d = slack.redeliver(d, retry_num=attempt)
    if d.status != 200:
        return None
    event = d.payload["event"]
    return f"msg:{event['channel']}:{event['ts']}:"


def _replies(slack: Any, user: str, to: str) -> list[dict[str, Any]]:
    """The bot's answers to one message (`to`: the key _send returned), matched by the key in their metadata:
    never a late answer to an earlier message, nor a notification."""
    return [m for m in slack.bot_messages(user) if (m.get("metadata") or {}).get("event_type") == "concierge_reply"
            and str(((m.get("metadata") or {}).get("event_payload") or {}).get("key", "")).startswith(to)]


def _await_reply(slack: Any, user: str, to: str | None) -> list[dict[str, Any]] | None:
    if to is None:
        return None
    try:
        return slack.wait_for(lambda: _replies(slack, user, to), timeout=30)
    except TimeoutError:
        return None


def _employee(slack: Any, user: str, rng: random.Random, soak: Soak, stop: threading.Event) -> None:
    things = rng.sample(THINGS, len(THINGS))
    mine: list[str] = []
    while not stop.is_set() and things:
        token = f"Q{uuid.UUID(int=rng.getrandbits(128)).hex[:6].upper()}"
        if mine and rng.random() < 0.3:
            number = rng.choice(mine)
            sent = Sent(user, "comment", token, number)
            text = f"add a comment to {number}: note {token} from me"
        elif mine and rng.random() < 0.2:
            sent, text = Sent(user, "status", token), "show my cases"
        else:
            sent = Sent(user, "file", token)
            text = f"The {things.pop()} {token} on my desk stopped working"
        with soak.lock:
            soak.sent.append(sent)
        sent.sent_at = time.time()
        sent.key = to = _send(slack, user, text)
        sent.delivered = to is not None
        got = _await_reply(slack, user, to)
        if got is None:
            continue
        sent.replied = True
        if sent.kind == "file" and any(m.get("text", "").startswith("Is this about case") for m in got):
            # "No": it is a new problem, file it
            sent.sent_at = time.time()
            sent.key = to = _send(slack, user, "no")
            got = _await_reply(slack, user, to)
            sent.replies.append(f"(no: {to})")
            if got is None:
                sent.delivered = to is not None           # Slack gave up on the "no": not the bot's loss
                sent.replied = False                      # the "no" was never answered: counted unanswered
                sent.replies.append("(no answer to 'no')" if to else "('no' not delivered by Slack)")
                continue
        sent.replies += [m.get("text", "")[:80] for m in got]
        for m in got:
            if sent.kind == "file" and (found := re.search(r"\b(\d{8})\b", m.get("text", ""))):
                if token in json.dumps(m) or "filed" in m.get("text", "").lower():
                    mine.append(found.group(1))
                    break
        stop.wait(rng.uniform(0.5, 2.0))


def _agent(agent: Any, sf: Any, users: list[Any], soak: Soak, stop: threading.Event, rng: random.Random) -> None:
    while not stop.wait(rng.uniform(1.0, 3.0)):
        try:
            rows = agent.query("SELECT Id, Contact.Email FROM Case WHERE Origin = 'Concierge Slack' "
                               "AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50")["records"]
        except Exception:  # noqa: BLE001 - a fault window is open
            continue
        by_email = {u.email: u.id for u in users}
        rows = [r for r in rows if (r.get("Contact") or {}).get("Email") in by_email]
        if not rows:
            continue
        row = rng.choice(rows)
        token = f"A{uuid.UUID(int=rng.getrandbits(128)).hex[:6].upper()}"
        try:
            agent.CaseComment.create({"ParentId": row["Id"], "IsPublished": True,
                                      "CommentBody": f"Agent note {token}: please try again"})
        except Exception:  # noqa: BLE001
            continue
        with soak.lock:
            soak.agent_notes.append((by_email[row["Contact"]["Email"]], token))


def _restart(replica: Replica, sig: int) -> None:
    replica.signal(sig)
    replica.start()


def _terminate_sessions(db_url: str, app_name: str) -> None:
    """What a PostgreSQL restart does to the replicas (without disturbing anyone else on the server): their
    sessions are terminated (`pg_terminate_backend`), found by their application_name."""
    import psycopg
    from sqlalchemy.engine import make_url
    u = make_url(db_url)
    with psycopg.connect(host=u.host, port=u.port or 5432, dbname=u.database, user=u.username,
                         autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                  (app_name,))


def _chaos(sf: Any, slack: Any, replicas: list[Replica], rng: random.Random, soak: Soak, stop: threading.Event,
           kill_every: float, db_url: str, pg_app: str | None) -> None:
    next_kill = time.monotonic() + kill_every
    while not stop.wait(rng.uniform(2.0, 4.0)):
        kind = rng.choice(["unavailable", "limit", "slow", "slack429", "drop", "none"])
        if kind in ("unavailable", "limit"):
            sf.set_fault(kind)
        elif kind == "slow":
            sf.set_fault("slow", delay=rng.uniform(1.0, 35.0), times=rng.randint(1, 3))
        elif kind == "slack429":
            slack.rate_limit(calls=rng.randint(1, 5), retry_after=1)
        elif kind == "drop":
            slack.drop_connection_after("chat.postMessage", calls=rng.randint(1, 3))
        if stop.wait(rng.uniform(1.0, 3.0)):
            break
        sf.clear_faults()
        if time.monotonic() >= next_kill:
            next_kill = time.monotonic() + kill_every
            victim = rng.choice(replicas)
            term = rng.random() < 0.25
            with soak.lock:
                soak.terms += term
                soak.kills += not term
            restart = threading.Thread(target=_restart, args=(victim, signal.SIGTERM if term else signal.SIGKILL),
                                       daemon=True)
            restart.start()
            soak.restarts.append(restart)
        if pg_app and rng.random() < 0.2:      # the database "restarts": every session of the replicas is cut
            _terminate_sessions(db_url, pg_app)
            with soak.lock:
                soak.db_cuts += 1
    sf.clear_faults()


def _drain_and_count(sf: Any, slack: Any, users: list[Any], soak: Soak, drain_seconds: float,
                     log: Any = print) -> dict[str, int]:
    integration = sf.salesforce("integration")
    try:
        def cases() -> list[dict[str, Any]]:
            return integration.query_all("SELECT Id, CaseNumber, Subject, Description, Contact.Email FROM Case")["records"]

        def comments() -> list[str]:
            return [r["CommentBody"] for r in integration.query_all(
                "SELECT CommentBody FROM CaseComment")["records"]]

        def settled() -> bool:
            subjects = " ".join(f"{c.get('Subject')} {c.get('Description')}" for c in cases())
            bodies = " ".join(comments())
            dms = {u.id: json.dumps(slack.bot_messages(u.id)) for u in users}
            return all(s.token in subjects for s in soak.sent if s.kind == "file" and s.delivered) and \
                all(s.token in bodies for s in soak.sent if s.kind == "comment" and s.delivered) and \
                all(t in dms[u] for u, t in soak.agent_notes) and \
                all(s.replied or (s.key and _replies(slack, s.user, s.key)) for s in soak.sent if s.delivered)
        deadline = time.monotonic() + drain_seconds
        while time.monotonic() < deadline and not settled():
            time.sleep(1.0)
        all_cases = cases()
        bodies = comments()
    finally:
        integration.session.close()
    owner = {c["CaseNumber"]: (c.get("Contact") or {}).get("Email") for c in all_cases}
    email_of = {u.id: u.email for u in users}
    lost = duplicated = wrong = unanswered = late = 0
    details: list[str] = []
    undelivered = sum(1 for s in soak.sent if not s.delivered)
    for s in soak.sent:
        if not s.delivered:
            continue
        if not s.replied and s.key and (answers := _replies(slack, s.user, s.key)):
            s.replied = s.late = True               # answered after all, later than the employee waited
            after = min(float(m["ts"]) for m in answers) - s.sent_at
            details.append(f"{s.kind} {s.token} by {s.user} ({s.key}): answered after {after:.0f} s")
        unanswered += not s.replied
        late += s.late
        if not s.replied:
            details.append(f"{s.kind} {s.token} by {s.user} ({s.key}): no answer; replies {s.replies}")
        if s.kind == "file":
            n = sum(1 for c in all_cases if s.token in f"{c.get('Subject')} {c.get('Description')}")
            lost += n == 0
            duplicated += n > 1
            if n != 1:
                details.append(f"filing {s.token} by {s.user}: {n} case(s); replies {s.replies}")
        elif s.kind == "comment":
            n = sum(1 for b in bodies if s.token in b)
            lost += n == 0
            duplicated += n > 1
            if n != 1:
                details.append(f"comment {s.token} by {s.user} on {s.case_number}: {n} comment(s); replies {s.replies}")
    for user, token in soak.agent_notes:
        n = sum(1 for m in slack.bot_messages(user) if token in json.dumps(m))
        lost += n == 0
        duplicated += n > 1
        if n != 1:
            details.append(f"agent note {token} to {user}: {n} DM(s)")
    for u in users:
        keys: list[str] = []
        for m in slack.bot_messages(u.id):
            meta = m.get("metadata") or {}
            key = (meta.get("event_payload") or {}).get("key")
            if key:
                keys.append(f"{meta.get('event_type')}:{key}")
            for number in re.findall(r"\b(\d{8})\b", m.get("text", "")):
                if number in owner and owner[number] != email_of[u.id]:
                    wrong += 1
                    details.append(f"{u.id} was shown {number}, someone else's case")
        duplicated += len(keys) - len(set(keys))
        details += [f"{u.id} got {k} twice" for k in sorted(set(keys)) if keys.count(k) > 1]
    if os.environ.get("CHAOS_DEBUG"):
        details += [f"case {c['CaseNumber']}: {c.get('Subject')!r} / {str(c.get('Description'))[:60]!r}" for c in all_cases[-5:]]
        details += [f"dm {m.get('text', '')[:100]!r}" for m in slack.bot_messages(users[0].id)[:8]]
        details += [f"sent {s.kind} {s.token} {s.user}" for s in soak.sent[:5]]
    for line in details[-60:]:
        log(f"  {line}")
    return {"lost": lost, "duplicated": duplicated, "wrong_user": wrong, "unanswered": unanswered, "late": late,
            "undelivered_by_slack": undelivered}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concierge chaos", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the chaos lasts (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--employees", type=int, default=20)
    parser.add_argument("--kill-every", type=float, default=15.0, help="seconds between replica kills")
    parser.add_argument("--database-url", help="default: a fresh schema on the local PostgreSQL (else SQLite)")
    args = parser.parse_args(argv or [])
    counts = run(seconds=args.seconds, seed=args.seed, employees=args.employees, kill_every=args.kill_every,
                 database_url=args.database_url)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 1 if counts["lost"] or counts["duplicated"] or counts["wrong_user"] else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
