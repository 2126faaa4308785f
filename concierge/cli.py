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

# Longest prefix wins. Keep this table and `_main_of` below the single place where commands are registered.
COMMANDS: dict[tuple[str, ...], str] = {
    ("run",): "Run the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP) and its poller",
    ("doctor",): "Check Salesforce, Slack and the database with the run settings; say what to fix",
    ("sandbox",): "Start the whole sandbox: Salesforce emulator, Slack stand-in, bot; open the chat page",
    ("sandbox", "salesforce"): "Serve the Salesforce REST emulator alone",
    ("intents",): "Train and evaluate the intent pipeline (train | eval FILE | parse TEXT)",
    ("intents", "bench"): "Intent parse latency p50/p99 and load time (= bench intents)",
    ("eval", "conversations"): "Run whole conversations (YAML) through the real bot and stand-ins; print the pass count",
    ("eval", "knowledge"): "Single messages against the seeded knowledge base: first-article precision, articles shown",
    ("report", "deflection"): "Knowledge deflection (confirmed / potential / none) by article and by week",
    ("chaos",): "Chaos soak: two replicas, kills, Salesforce and Slack faults; counts lost/duplicated",
    ("report", "csat"): "Satisfaction ratings by week, record type and agent (--weeks N)",
    ("bench",): "Benchmarks: emulator | desk | intents | bot | e2e | poller | all",
}


def _main_of(words: tuple[str, ...]) -> Main:
    """The command's `main`, imported only now."""
    target: Main
    match words:
        case ("run",):
            from runtime.run import main as target
        case ("doctor",):
            from runtime.doctor import main as target
        case ("sandbox",):
            from sandbox.demo import main as target
        case ("sandbox", "salesforce"):
            from sandbox.salesforce.cli import main as target
        case ("intents",):
            from intents.cli import main as target
        case ("intents", "bench"):
            from benchmarks.intents import main as target
        case ("eval", "conversations"):
            from sandbox.conversations import main as target
        case ("eval", "knowledge"):
            from sandbox.knowledge_eval import main as target
        case ("report", "deflection"):
            from runtime.reports import deflection_main as target
        case ("chaos",):
            from sandbox.chaos import main as target
        case ("report", "csat"):
            from runtime.reports import csat_main as target
        case ("bench",):
            from benchmarks import main as target
        case _:
            raise KeyError(words)
    return target


def _usage() -> str:
    lines = ["usage: concierge COMMAND [ARGS...]", "", "commands:"]
    for words, help_text in COMMANDS.items():
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
            return int(_main_of(key)(argv[size:]) or 0)
    print(f"concierge: unknown command {' '.join(argv)!r}\n", file=sys.stderr)
    print(_usage(), file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
