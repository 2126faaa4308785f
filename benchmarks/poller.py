"""`concierge bench poller`: Salesforce API calls per poll cycle, cycle time, and comment -> DM latency.

Runs the real Poller against the Salesforce emulator (HTTPS, simple-salesforce, the real CaseDesk) and the
Slack stand-in, with 10 / 1,000 / 10,000 tracked cases: idle cycles, then a cycle after 50 agent comments
(targets: 1 call idle, <= 1 + ceil(changes/200) with changes). Then the poller runs on its interval while an
agent comments at random moments; the latency is from the comment's creation to the DM arriving in Slack
(target: <= poll interval + 1 s). The sandbox is imported here only: the bench is a dev tool, not runtime.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BOT_TOKEN = "xoxb-bench"


def _setup(tmp: Path, n_cases: int, n_users: int):
    from slack_sdk import WebClient

    from sandbox.salesforce import EmulatorServer
    from sandbox.slack.standin import SlackStandIn, SlackUser
    from servicecloud import CaseDesk, OrgConfig
    from store import Store

    server = EmulatorServer(tmp / f"sf-{n_cases}.db", seed=True).start()
    org = server.org
    integ = server.user_id("integration")
    contacts: list[str] = []
    cases: list[tuple[str, str, int]] = []        # (case id, contact id, user index)
    rng = random.Random(n_cases)
    # Created over the last hour(s), 4 per second: SOQL datetime literals have whole seconds, so the records
    # sharing the watermark's second are re-read (and filtered) until a newer change moves the watermark.
    loaded_at = datetime.now(UTC) - timedelta(seconds=n_cases / 4 + 600)
    with org.transaction():
        for i in range(n_users):
            contacts.append(org.create("Contact", {"FirstName": "Bench", "LastName": f"User{i}",
                                                   "Email": f"bench{i}@example.com"}, integ, at=loaded_at))
        for i in range(n_cases):
            u = i % n_users
            cid = org.create("Case", {"ContactId": contacts[u], "Subject": f"Bench case {i}", "Status": "New",
                                      "Origin": "Concierge Slack", "Type": "Incident"}, integ,
                             at=loaded_at + timedelta(milliseconds=250 * i))
            cases.append((cid, contacts[u], u))
    users = [SlackUser(f"UB{i:05d}", f"bench{i}", f"Bench User{i}", f"bench{i}@example.com", tz="UTC")
             for i in range(n_users)]
    slack = SlackStandIn("bench-secret", BOT_TOKEN, users=users).start()
    store = Store(f"sqlite:///{tmp / f'store-{n_cases}.sqlite'}")
    for i, contact in enumerate(contacts):
        store.upsert_user(users[i].id, email=users[i].email, contact_id=contact, contact_name=users[i].real_name)
        store.casebook.seed(contact, [], datetime.now(UTC))      # each employee in the read model, as after a first DM
    with store.transaction() as tx:
        for cid, contact, u in cases:
            tx.track_case(cid, contact_id=contact, slack_user_id=users[u].id, case_number=None, status="New",
                          state="NEW")
    info = server.info
    creds = info["clients"]["integration"]
    desk = CaseDesk.connect(login_url=info["login_url"], client_id=creds["client_id"],
                            client_secret=creds["client_secret"], api_version=info["api_version"],
                            ca_bundle=info["ca_bundle"], org=OrgConfig())
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    rng.shuffle(cases)
    return server, slack, store, desk, client, cases, users


def _read_model(store, desk):  # noqa: ANN001, ANN202
    """The read model the poller feeds, as the composition root wires it (runtime/root.py)."""
    from bot.readmodel import ReadModel
    return ReadModel(store=store, desk=desk, org=desk.org)


def _calls(server) -> int:
    return server.api_usage()[0]


def _cycle(poller, server) -> tuple[int, float, Any]:
    before = _calls(server)
    t = time.perf_counter()
    report = poller.run_once()
    return _calls(server) - before, time.perf_counter() - t, report


def bench_size(n_cases: int, n_users: int, changes: int, interval: float, overlap: float) -> dict[str, Any]:
    from notifications import Poller

    with tempfile.TemporaryDirectory() as tmp:
        server, slack, store, desk, client, cases, users = _setup(Path(tmp), n_cases, n_users)
        try:
            poller = Poller(store=store, desk=desk, client=client, interval_seconds=interval,
                            overlap_seconds=overlap, read_model=_read_model(store, desk))
            poller.run_once()                                         # start the feed from "now"
            time.sleep(2 * overlap + 0.2)                             # steady state: past the overlap window
            idle = [_cycle(poller, server) for _ in range(3)]
            agent = server.salesforce("agent")
            # One change per employee where possible (several DMs to one person are paced 1/s: see below).
            picked: list[Any] = []
            seen_users: set[str] = set()
            for c in cases:
                if c[2] not in seen_users or len(seen_users) >= len(users):
                    picked.append(c)
                    seen_users.add(c[2])
                if len(picked) == changes:
                    break
            for cid, _, _ in picked:
                agent.CaseComment.create({"ParentId": cid, "CommentBody": "Could you try again now?",
                                          "IsPublished": True})
            calls, secs, report = _cycle(poller, server)
            after = _cycle(poller, server)                            # sees the bot's own work notes
            agent.session.close()
            return {"cases": n_cases, "idle_calls": max(c for c, _, _ in idle),
                    "idle_ms": statistics.median(s for _, s, _ in idle) * 1000,
                    "changes": len(picked), "change_calls": calls, "change_ms": secs * 1000,
                    "sent": report.sent, "notes": report.notes, "after_calls": after[0],
                    "steps": {k: v * 1000 for k, v in report.durations.items()},
                    "target_calls": 1 + math.ceil(len(picked) / 200)}
        finally:
            slack.stop()
            server.close()
            store.close()


def bench_latency(interval: float, samples: int) -> list[float]:
    from notifications import Poller

    with tempfile.TemporaryDirectory() as tmp:
        server, slack, store, desk, client, cases, users = _setup(Path(tmp), 100, 10)
        stop = threading.Event()
        try:
            poller = Poller(store=store, desk=desk, client=client, interval_seconds=interval,
                            read_model=_read_model(store, desk))
            poller.run_once()

            def loop() -> None:                                       # what the scheduler does
                next_at = time.monotonic()
                while not stop.is_set():
                    poller.run_once()
                    next_at += interval
                    stop.wait(max(0.0, next_at - time.monotonic()))

            thread = threading.Thread(target=loop, daemon=True)
            thread.start()
            agent = server.salesforce("agent")
            rng = random.Random(3)
            by_user = {u.id: i for i, u in enumerate(users)}
            latencies = []
            for k in range(samples):
                cid, _, u = cases[k]
                user = users[u].id
                seen = len(slack.bot_messages(user))
                time.sleep(rng.uniform(0, interval))
                t = time.perf_counter()
                agent.CaseComment.create({"ParentId": cid, "CommentBody": f"latency probe {k}", "IsPublished": True})
                slack.wait_for(lambda user=user, seen=seen: len(slack.bot_messages(user)) > seen, timeout=interval * 3 + 10)
                latencies.append(time.perf_counter() - t)
            del by_user
            agent.session.close()
            return latencies
        finally:
            stop.set()
            slack.stop()
            server.close()
            store.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench poller")
    parser.add_argument("--sizes", default="10,1000,10000", help="tracked cases, comma-separated")
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--interval", type=float, default=2.0, help="poll interval for the latency test (s)")
    parser.add_argument("--samples", type=int, default=5, help="latency samples")
    parser.add_argument("--overlap", type=float, default=2.0, help="watermark safety margin (s)")
    args = parser.parse_args(argv)
    ok = True
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        r = bench_size(size, min(size, 200), min(args.changes, size), args.interval, args.overlap)
        ok &= r["idle_calls"] <= 1 and r["change_calls"] <= r["target_calls"]
        print(f"tracked_cases: {r['cases']}")
        print(f"  idle_cycle_calls: {r['idle_calls']} calls (target 1)")
        print(f"  idle_cycle_time: {r['idle_ms']:.1f} ms")
        print(f"  changes_cycle_calls: {r['change_calls']} calls for {r['changes']} changes "
              f"(target <= {r['target_calls']}); {r['sent']} DMs, {r['notes']} work notes")
        steps = ", ".join(f"{k} {v:.0f}" for k, v in r["steps"].items() if k != "total")
        print(f"  changes_cycle_time: {r['change_ms']:.1f} ms ({steps} ms)")
        print(f"  next_cycle_calls: {r['after_calls']} calls (reads back the work notes)")
    lat = bench_latency(args.interval, args.samples)
    target = args.interval + 1.0
    ok &= max(lat) <= target
    print(f"comment_to_dm_latency: p50 {statistics.median(lat):.2f} s, max {max(lat):.2f} s "
          f"over {len(lat)} comments (poll interval {args.interval:.1f} s; target <= {target:.1f} s)")
    print(f"targets_met: {'yes' if ok else 'no'}")
    return 0
