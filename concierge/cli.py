"""The `concierge` command line.

Each subcommand lives in the package that owns it; this module only dispatches. Every target is a function
``main(argv: list[str]) -> int | None`` imported when its command runs, so that `concierge intents eval` does
not load Slack and `concierge sandbox salesforce` does not load spaCy. This is the one module that wires the
sandbox and the benchmarks in (the runtime packages never import them).
"""
from __future__ import annotations

import sys
from collections.abc import Callable

Main = Callable[[list[str]], int | None]


def _run(argv: list[str]) -> int | None:
    from runtime.run import main
    return main(argv)


def _doctor(argv: list[str]) -> int | None:
    from bot.doctor import main
    return main(argv)


def _sandbox(argv: list[str]) -> int | None:
    from sandbox.demo import main
    return main(argv)


def _sandbox_salesforce(argv: list[str]) -> int | None:
    from sandbox.salesforce.cli import main
    return main(argv)


def _intents(argv: list[str]) -> int | None:
    from intents.cli import main
    return main(argv)


def _intents_bench(argv: list[str]) -> int | None:
    from benchmarks.intents import main
    return main(argv)


def _eval_conversations(argv: list[str]) -> int | None:
    from sandbox.conversations import main
    return main(argv)


def _chaos(argv: list[str]) -> int | None:
    from sandbox.chaos import main
    return main(argv)


def _bench(argv: list[str]) -> int | None:
    from benchmarks import main
    return main(argv)


# Longest prefix wins. Keep this table the single place where commands are registered.
COMMANDS: dict[tuple[str, ...], tuple[Main, str]] = {
    ("run",): (_run, "Run the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP) and its poller"),
    ("doctor",): (_doctor, "Check Salesforce, Slack and the database with the run settings; say what to fix"),
    ("sandbox",): (_sandbox, "Start the whole sandbox: Salesforce emulator, Slack stand-in, bot; open the chat page"),
    ("sandbox", "salesforce"): (_sandbox_salesforce, "Serve the Salesforce REST emulator alone"),
    ("intents",): (_intents, "Train and evaluate the intent pipeline (train | eval FILE | parse TEXT)"),
    ("intents", "bench"): (_intents_bench, "Intent parse latency p50/p99 and load time (= bench intents)"),
    ("eval", "conversations"): (_eval_conversations, "Run whole conversations (YAML) through the real bot and "
                                "stand-ins; print the pass count"),
    ("chaos",): (_chaos, "Chaos soak: two replicas, kills, Salesforce and Slack faults; counts lost/duplicated"),
    ("bench",): (_bench, "Benchmarks: emulator | desk | intents | bot | poller | all"),
}


def _usage() -> str:
    lines = ["usage: concierge COMMAND [ARGS...]", "", "commands:"]
    for words, (_, help_text) in COMMANDS.items():
        lines.append(f"  {' '.join(words):<22} {help_text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    for size in range(len(argv), 0, -1):
        key = tuple(argv[:size])
        if key in COMMANDS:
            return int(COMMANDS[key][0](argv[size:]) or 0)
    print(f"concierge: unknown command {' '.join(argv)!r}\n", file=sys.stderr)
    print(_usage(), file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
