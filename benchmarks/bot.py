"""`concierge bench bot`: how fast the bot acks Slack, and how fast it answers.

Runs the real thing, one process each as in production: the bot (`concierge run`, HTTP mode), the
Salesforce emulator (`concierge sandbox salesforce`), and this process with the Slack stand-in and the sender. DM events are sent as signed HTTP requests at a fixed
rate (open loop: a slow ack does not slow the sender down), each from a different Slack user so replies can
be matched to messages. Reported:

- ack latency: request sent -> HTTP 200 from /slack/events (what Slack's 3-second timeout measures);
- reply time: request sent -> the bot's answer posted in the DM (chat.postMessage reached the stand-in);
- the bot process's resident memory after the warm-up and after the load (its /metrics), to see growth.

The message mix is half "show my cases" (one Salesforce query + Home refresh) and half new cases filed
("…is broken", duplicate search + create), so the reply time includes real Salesforce round trips.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from benchmarks.rig import metric_totals, percentile as _pct, running_bot

SEED_EMAILS = ["alice@example.com", "bob@example.com", "carol@example.com", "dan@example.com"]
MESSAGES = ["show my cases", "The projector in meeting room {n} is broken"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench bot", description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="DM events per second (default 50)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to send (default 10)")
    parser.add_argument("--warmup", type=int, default=20, help="messages sent first, not measured")
    parser.add_argument("--database-url", help="the bot's store (default: a fresh SQLite file); e.g. a "
                        "PostgreSQL URL to measure the durable-intake INSERT on the ack path")
    args = parser.parse_args(argv or [])

    from sandbox.slack import SlackUser

    total = int(args.rate * args.seconds)
    users = [SlackUser(f"U0B{i:05d}", f"bench{i}", f"Bench User {i}", SEED_EMAILS[i % len(SEED_EMAILS)])
             for i in range(total + args.warmup)]
    with tempfile.TemporaryDirectory(prefix="concierge-bench-") as tmp, \
            running_bot(tmp, users, database_url=args.database_url) as rig:
        slack = rig.slack
        replied: dict[str, float] = {}
        lock = threading.Lock()

        def on_change(user: str | None, kind: str) -> None:
            if kind == "message" and user and user not in replied:
                if slack.bot_messages(user):
                    with lock:
                        replied.setdefault(user, time.perf_counter())
        slack.subscribe(on_change)

        # warm-up: connections, the user directory, spaCy, SQLite
        for i in range(args.warmup):
            slack.send_dm(users[i].id, MESSAGES[i % 2].format(n=i))
        slack.wait_for(lambda: all(users[i].id in replied for i in range(args.warmup)), timeout=60)
        memory_warm = rig.bot_memory_mb()

        sent: dict[str, float] = {}
        acks: list[float] = []
        failures = 0
        pool = ThreadPoolExecutor(max_workers=64)

        def send(user: SlackUser, text: str) -> None:
            nonlocal failures
            sent[user.id] = time.perf_counter()
            d = slack.send_dm(user.id, text)
            with lock:
                acks.append(d.elapsed)
                if d.status != 200:
                    failures += 1

        measured = users[args.warmup:]
        start = time.perf_counter()
        for i, user in enumerate(measured):
            target = start + i / args.rate
            delay = target - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, user, MESSAGES[i % 2].format(n=i))
        pool.shutdown(wait=True)
        send_seconds = time.perf_counter() - start
        try:
            slack.wait_for(lambda: all(u.id in replied for u in measured), timeout=120)
        except TimeoutError:
            pass
        replies = [replied[u.id] - sent[u.id] for u in measured if u.id in replied and u.id in sent]
        samples = [(MESSAGES[i % 2].format(n=i), (slack.bot_messages(u.id) or [{}])[0].get("text", ""))
                   for i, u in enumerate(measured[:2])]
        errors = sum(1 for u in measured if any("went wrong" in m.get("text", "") or
                                                "can't reach" in m.get("text", "")
                                                for m in slack.bot_messages(u.id)))
        bot_view = _bot_metrics(rig.base_url)
        memory_after = rig.bot_memory_mb()

    ms = 1000.0
    if args.database_url:
        inserts = _record_latency(args.database_url)
        print(f"intake insert alone: p50 {_pct(inserts, 50) * ms:.1f} ms, p99 {_pct(inserts, 99) * ms:.1f} ms "
              f"({len(inserts)} sequential records)")
    print(f"store: {'postgresql' if (args.database_url or '').startswith('postgresql') else 'sqlite'} "
          "(each DM is recorded before its ack)")
    print(f"requests: {len(acks)} DM events at {args.rate:g}/s (sent over {send_seconds:.1f} s), "
          f"non-200 acks: {failures}")
    print(f"ack_p50: {_pct(acks, 50) * ms:.1f} ms")
    print(f"ack_p99: {_pct(acks, 99) * ms:.1f} ms")
    print(f"ack_max: {max(acks) * ms:.1f} ms")
    print(f"reply_p50: {_pct(replies, 50) * ms:.0f} ms")
    print(f"reply_p99: {_pct(replies, 99) * ms:.0f} ms")
    print(f"replied: {len(replies)}/{len(measured)}, error replies: {errors}")
    for said, answer in samples:
        print(f"sample: {said!r} -> {answer[:70]!r}")
    print(bot_view)
    print(f"bot memory (RSS): {memory_warm:.0f} MB after the warm-up, {memory_after:.0f} MB after "
          f"{len(measured)} more messages from as many new employees ({memory_after - memory_warm:+.0f} MB)")
    print(f"target ack_p99 < 50 ms: {'met' if _pct(acks, 99) < 0.050 else 'NOT met'}")
    return 0


def _bot_metrics(base_url: str) -> str:
    """What the bot measured itself (its /metrics, docs/operations.md), beside what the sender measured."""
    t0 = time.perf_counter()
    text = requests.get(base_url + "/metrics", timeout=10).text
    scrape_ms = (time.perf_counter() - t0) * 1000
    totals = metric_totals(text)
    acked = totals.get("concierge_slack_ack_seconds_count", 0.0)
    ack_mean = totals.get("concierge_slack_ack_seconds_sum", 0.0) / acked * 1000 if acked else float("nan")
    return (f"bot /metrics: deliveries={totals.get('concierge_slack_requests_total', 0):.0f} "
            f"ack_mean={ack_mean:.1f} ms slack_api_calls={totals.get('concierge_slack_api_calls_total', 0):.0f} "
            f"salesforce_calls={totals.get('concierge_salesforce_calls_total', 0):.0f} "
            f"(scrape {scrape_ms:.0f} ms, {len(text)} bytes)")


def _record_latency(url: str, n: int = 500) -> list[float]:
    """Seconds each durable-intake INSERT (the store write on the ack path) takes, one after another."""
    from store import Store
    store = Store(url)
    try:
        out = []
        for i in range(n):
            t0 = time.perf_counter()
            store.intake.record(f"msg:DBENCH:{time.time():.6f}.{i}", "UBENCH", {"event": {"text": "x" * 200}},
                                holder="bench", lease_seconds=10)
            out.append(time.perf_counter() - t0)
        return out
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
