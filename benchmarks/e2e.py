"""`concierge bench e2e`: Salesforce API calls and latency per employee action, through the running bot.

The bot runs in its own process (`concierge run`, HTTP mode, the poller off so that only the actions' own calls
are counted), against the Salesforce emulator (its own process) and the Slack stand-in, which sends signed
requests as Slack does. One employee goes through every action in turn; for each, the emulator's usage counter
(`/_sandbox/usage`, itself not counted) is read before the message and after the bot's reply and its App Home
publish, so the figure is everything the action cost. Reported per action: API calls, ack latency (request ->
HTTP 200) and reply time (request -> the bot's answer posted in the DM); and the bot process's resident memory
when started and after the actions (its /metrics). These run with Knowledge off (`knowledge.enabled: false`, as
the default); then the same with Knowledge on (benchmarks/e2e_knowledge.py): the answer card's latency and the
calls of the answer and of filing after it.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import time
from dataclasses import dataclass

from benchmarks import e2e_knowledge
from benchmarks.rig import Rig, running_bot

_NUMBER = re.compile(r"\b(\d{8})\b")


@dataclass
class Step:
    action: str
    user: str
    text: str
    calls: int = 0
    ack_ms: float = 0.0
    reply_ms: float = 0.0
    answer: str = ""


def _act(rig: Rig, step: Step, files: list | None = None, timeout: float = 30.0) -> Step:
    slack = rig.slack
    before_msgs = len(slack.bot_messages(step.user))
    before_homes = len([c for c in slack.calls_to("views.publish") if c.args.get("user_id") == step.user])
    before = rig.api_calls()
    t0 = time.perf_counter()
    d = slack.send_dm(step.user, step.text, files)
    step.ack_ms = d.elapsed * 1000
    msgs = slack.wait_for_bot_messages(step.user, before_msgs + 1, timeout=timeout)
    step.reply_ms = (time.perf_counter() - t0) * 1000
    step.answer = msgs[-1].get("text", "")
    try:  # the App Home is published after the reply: its cost belongs to the action
        slack.wait_for(lambda: len([c for c in slack.calls_to("views.publish")
                                    if c.args.get("user_id") == step.user]) > before_homes, timeout=10)
    except TimeoutError:
        pass
    step.calls = rig.api_calls() - before
    return step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="the bot's store (default: a fresh SQLite file)")
    parser.add_argument("--knowledge", choices=("off", "on", "both"), default="both",
                        help="the actions with Knowledge off, the answer card with it on, or both (default)")
    args = parser.parse_args(argv or [])
    if args.knowledge != "off":
        knowledge = e2e_knowledge.report(e2e_knowledge.measure(args.database_url))
    if args.knowledge != "on":
        _actions(args.database_url)
    if args.knowledge != "off":
        print("\n".join(knowledge))
    return 0


def _actions(database_url: str | None) -> None:
    from sandbox.slack import SlackUser

    alice = SlackUser("U0E2EALI", "alice", "Alice Johnson", "alice@example.com")
    bob = SlackUser("U0E2EBOB", "bob", "Bob Smith", "bob@example.com")
    steps: list[Step] = []
    with tempfile.TemporaryDirectory(prefix="concierge-e2e-") as tmp, \
            running_bot(tmp, [alice, bob], database_url=database_url, org={"knowledge": {"enabled": False}}) as rig:
        memory_started = rig.bot_memory_mb()
        steps.append(_act(rig, Step("first message (list)", alice.id, "show my cases")))
        filed = _act(rig, Step("file", alice.id, "The projector in meeting room 7 is broken"))
        steps.append(filed)
        m = _NUMBER.search(filed.answer)
        number = m.group(1) if m else "00000000"
        steps += [_act(rig, Step(action, alice.id, text)) for action, text in (
            ("status by number", f"what's the status of case {number}?"),
            ("status by keyword", "any news on my vpn case?"),
            ("list", "show my cases"),
            ("comment", f"add a comment to case {number}: it also flickers when it starts"),
            ("close", f"close case {number}"),
            ("reopen", f"reopen case {number}"),
        )]
        steps.append(_act(rig, Step("attach", alice.id, f"attach to case {number}"),
                          files=[("wiring.txt", b"HDMI cable from the wall plate", "text/plain")]))
        steps.append(_act(rig, Step("new employee's first message (list)", bob.id, "show my cases")))
        memory_after = rig.bot_memory_mb()

    width = max(len(s.action) for s in steps)
    print(f"{'action':<{width}}  calls  ack_ms  reply_ms  answer")
    for s in steps:
        print(f"{s.action:<{width}}  {s.calls:>5}  {s.ack_ms:>6.1f}  {s.reply_ms:>8.0f}  {s.answer[:60]!r}")
    for s in steps:
        print(f"calls[{s.action}]: {s.calls}")
    print(f"bot memory (RSS): {memory_started:.0f} MB started, {memory_after:.0f} MB after the actions")


if __name__ == "__main__":  # pragma: no cover
    import sys
    sys.exit(main(sys.argv[1:]))
