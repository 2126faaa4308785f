"""The `concierge` command line.

Each subcommand lives in the package that owns it; this module only dispatches, importing lazily so that
`concierge intents eval` does not load Slack, and `concierge sandbox salesforce` does not load spaCy.
Every target is a function ``main(argv: list[str]) -> int | None``.
"""
from __future__ import annotations

import importlib
import sys

# Longest prefix wins. Keep this table the single place where commands are registered.
COMMANDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("run",): ("bot.runner", "Run the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP) and its poller"),
    ("doctor",): ("bot.doctor", "Check Salesforce, Slack and the database with the run settings; say what to fix"),
    ("sandbox",): ("sandbox.demo", "Start the whole sandbox: Salesforce emulator, Slack stand-in, bot; open the chat page"),
    ("sandbox", "salesforce"): ("sandbox.salesforce.cli", "Serve the Salesforce REST emulator alone"),
    ("intents",): ("intents.cli", "Train, evaluate and benchmark the intent pipeline (train | eval FILE | bench | parse TEXT)"),
    ("eval", "conversations"): ("sandbox.conversations", "Run whole conversations (YAML) through the real bot and "
                                "stand-ins; print the pass count"),
    ("chaos",): ("sandbox.chaos", "Chaos soak: two replicas, kills, Salesforce and Slack faults; counts lost/duplicated"),
    ("bench",): ("bot.bench", "Benchmarks: emulator | desk | intents | bot | poller | all"),
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
            module = importlib.import_module(COMMANDS[key][0])
            result = module.main(argv[size:])
            return int(result or 0)
    print(f"concierge: unknown command {' '.join(argv)!r}\n", file=sys.stderr)
    print(_usage(), file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
