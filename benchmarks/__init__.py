"""`concierge bench NAME`: the project's benchmarks, one module each, kept out of the runtime packages (they
start the sandbox's stand-ins; runtime code never imports this package).

Every benchmark prints its figures as plain lines (`name: value unit`) and returns 0 when it ran.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

from benchmarks import bot, desk, e2e, intents, poller
from sandbox.salesforce import bench as emulator

BENCHMARKS: dict[str, Callable[[list[str]], int | None]] = {
    "emulator": emulator.main,   # SOQL queries/s on 10,000 cases
    "desk": desk.main,           # API calls per operation, change-feed cost
    "intents": intents.main,     # parse latency p50/p99, load time
    "bot": bot.main,             # ack latency at 50 req/s, time to reply
    "e2e": e2e.main,             # API calls and latency per employee action, through the running bot
    "poller": poller.main,       # calls per cycle, cycle time, comment->DM latency
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
        rc |= int(BENCHMARKS[name](argv[1:] if argv[0] != "all" else []) or 0)
    return rc
