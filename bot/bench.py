"""`concierge bench NAME`: the project's benchmarks, each owned by the package it measures.

Every benchmark prints its figures as plain lines (`name: value unit`) and returns 0 when it ran.
"""
from __future__ import annotations

import importlib
import sys

BENCHMARKS: dict[str, str] = {
    "emulator": "sandbox.salesforce.bench",   # SOQL queries/s on 10,000 cases
    "desk": "servicecloud.bench",             # API calls per operation, change-feed cost
    "intents": "intents.bench",               # parse latency p50/p99, load time
    "bot": "bot.bench_ack",                   # ack latency at 50 req/s, time to reply
    "poller": "notifications.bench",          # calls per cycle, cycle time, comment->DM latency
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: concierge bench {" + "|".join([*BENCHMARKS, "all"]) + "} [ARGS...]")
        return 0
    names = list(BENCHMARKS) if argv[0] == "all" else [argv[0]]
    rc = 0
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}", file=sys.stderr)
            return 2
        print(f"== bench {name} ==", flush=True)
        module = importlib.import_module(BENCHMARKS[name])
        rc |= int(module.main(argv[1:] if argv[0] != "all" else []) or 0)
    return rc
