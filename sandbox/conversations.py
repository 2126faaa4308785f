"""`concierge eval conversations FILE`: whole conversations run through the real bot, scored.

The bot is the real Bolt app served over HTTP, wired to the Slack stand-in and the Salesforce emulator (as the
tests do). Each conversation gets its own employee (a fresh Contact and Slack user), optional cases filed
beforehand, then its messages in order. After each message the expectations of that step are checked:

    - name: ramble with a sign-off
      cases: ["Laptop battery drains fast"]          # filed for the employee before the conversation
      steps:
        - say: "Morning! ... my PC needs a quarter of an hour to start… Thanks so much, Maria"
          replies: 1                                  # bot messages to wait for (default 1)
          filed: true                                 # a new case was filed (false: none was)
          subject_max: 90                             # its Subject's length
          subject_not: [morning, thanks, Maria]       # words that must not be in the Subject (any case; a match
                                                      # starts a word: "Hi" is not found in "this")
          subject_has: [PC]                           # words that must be in it
          priority: 2-High
          reply_has: ["What happens next"]            # in the replies' text (any case)
          reply_not: ["Did you mean"]
          comments: 1                                 # public comments added to the employee's cases
          type: Incident                              # the new case's Type
          closed: true                                # one of the employee's open cases was closed
          reopened: true                              # one of the employee's closed cases was reopened
        - press: "File as a new case"                 # instead of say: click the button with this label
                                                      # on the bot's newest message that has one

A listed case is its Subject (open) or `{subject: ..., status: closed}`.

Prints one line per conversation (PASS/FAIL and why) and ends with `passed=N/M conversations`.
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

_SECRET = "eval-signing-secret"
_TOKEN = "xoxb-eval-concierge"


def _nodes(node: Any) -> Any:
    """Every dict inside a Block Kit structure, depth first."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _nodes(v)
    elif isinstance(node, list):
        for v in node:
            yield from _nodes(v)


def _text_of(message: dict[str, Any]) -> str:
    out = [message.get("text") or ""]
    out += [n["text"] for n in _nodes(message.get("blocks") or []) if isinstance(n.get("text"), str)]
    return "\n".join(out)


class _World:
    """The emulator, the stand-in, a store and the bot, started once for a whole run."""

    def __init__(self, workdir: Path):
        from runtime.serving import BackgroundServer
        from runtime.settings import Settings
        from runtime.root import build
        from sandbox.salesforce import EmulatorServer
        from sandbox.slack import SlackStandIn
        from servicecloud import CaseDesk, OrgConfig
        from store import Store

        self.sf = EmulatorServer(workdir / "salesforce.db", seed=True).start()
        info, creds = self.sf.info, self.sf.info["clients"]["integration"]
        self.desk = CaseDesk.connect(login_url=info["login_url"], client_id=creds["client_id"],
                                     client_secret=creds["client_secret"], api_version=info["api_version"],
                                     ca_bundle=info["ca_bundle"], org=OrgConfig())
        self.slack = SlackStandIn(_SECRET, _TOKEN).start()
        self.store = Store(f"sqlite:///{workdir / 'concierge.sqlite'}")
        settings = Settings(_env_file=None, SLACK_BOT_TOKEN=_TOKEN, SLACK_SIGNING_SECRET=_SECRET,
                            SLACK_APP_TOKEN=None, SLACK_API_URL=self.slack.api_url, RUN_POLLER=False,
                            SLOW_REPLY_NOTICE_SECONDS=0,   # replies are counted: no "still on it" notice
                            # conversations run back to back, faster than anyone types: no per-person budget
                            PERSON_MESSAGES_PER_MINUTE=0, PERSON_CASES_PER_DAY=0)
        self.runtime = build(settings, store=self.store, desk=self.desk)
        self.server = BackgroundServer(self.runtime.web_app()).start()
        self.slack.events_url = self.server.url + "/slack/events"
        self._serial = itertools.count(1)
        self.verbose = False
        self.trace = False

    def employee(self) -> tuple[str, str]:
        from sandbox.slack import SlackUser
        n = next(self._serial)
        email = f"eval.person{n}@example.com"
        contact_id = self.sf.create_contact("Eval", f"Person{n}", email)
        name = f"eval{n}"
        self.slack.add_user(SlackUser(f"U0EVAL{n:04d}", name, f"Eval Person{n}", email))
        return name, contact_id

    def stop(self) -> None:
        self.server.stop()
        self.runtime.close()
        self.slack.stop()
        self.sf.stop()
        self.store.close()


def _check(step: dict[str, Any], replies: list[dict[str, Any]], new_cases: list[Any], comments: int,
           moved: dict[str, int] | None = None) -> list[str]:
    problems: list[str] = []
    for key in ("closed", "reopened"):
        if key in step and bool((moved or {}).get(key)) != bool(step[key]):
            problems.append(f"a case was {key}" if (moved or {}).get(key) else f"no case was {key}")
    said = "\n".join(_text_of(r) for r in replies)
    low = said.casefold()
    for words in step.get("reply_has", []):
        if str(words).casefold() not in low:
            problems.append(f"reply lacks {words!r}")
    for words in step.get("reply_not", []):
        if str(words).casefold() in low:
            problems.append(f"reply has {words!r}")
    if "filed" in step and bool(new_cases) != bool(step["filed"]):
        problems.append("a case was filed" if new_cases else "no case was filed")
    if new_cases:
        case = new_cases[0]
        subject = case.subject or ""
        if "subject_max" in step and len(subject) > int(step["subject_max"]):
            problems.append(f"subject is {len(subject)} chars: {subject!r}")
        for words in step.get("subject_not", []):   # a word's start: "Hi" is not in "this", "thank" is in "thanks"
            if re.search(r"(?<!\w)" + re.escape(str(words).casefold()), subject.casefold()):
                problems.append(f"subject has {words!r}: {subject!r}")
        for words in step.get("subject_has", []):
            if str(words).casefold() not in subject.casefold():
                problems.append(f"subject lacks {words!r}: {subject!r}")
        if "type" in step and case.type != step["type"]:
            problems.append(f"type {case.type!r}, expected {step['type']!r}")
        if "priority" in step and case.priority != step["priority"]:
            problems.append(f"priority {case.priority!r}, expected {step['priority']!r}")
    if "comments" in step and comments != int(step["comments"]):
        problems.append(f"{comments} comments added, expected {step['comments']}")
    return problems


def _records(world: _World, soql: str) -> list[dict[str, Any]]:
    """The rows of one query as the integration user (the harness's own look at Salesforce)."""
    client = world.sf.salesforce("integration")
    try:
        return list(client.query_all(soql)["records"])
    finally:
        client.session.close()


def _count_comments(world: _World, case_ids: list[str]) -> int:
    from simple_salesforce import format_soql
    if not case_ids:
        return 0
    return len(_records(world, format_soql("SELECT Id FROM CaseComment WHERE ParentId IN {} AND IsPublished = true",
                                           case_ids)))


def _closed_by_id(world: _World, contact_id: str) -> dict[str, bool]:
    """Every case of the contact's, open or closed: Id -> IsClosed."""
    from simple_salesforce import format_soql
    rows = _records(world, format_soql("SELECT Id, IsClosed FROM Case WHERE ContactId = {}", contact_id))
    return {r["Id"]: bool(r["IsClosed"]) for r in rows}


def _button(message: dict[str, Any], label: str) -> dict[str, Any] | None:
    """The button of `message` whose text is `label` (any case; or starts with it)."""
    found = [n for n in _nodes(message.get("blocks") or [])
             if n.get("type") == "button" and isinstance(n.get("text"), dict)]
    want = label.casefold().strip()
    for exact in (True, False):
        for b in found:
            text = str(b["text"].get("text", "")).casefold().strip()
            if text == want or (not exact and text.startswith(want)):
                return b
    return None


def _press(world: _World, user: str, label: str) -> bool:
    """Click the button labelled `label` on the newest bot message in the DM that has one."""
    for message in reversed(world.slack.bot_messages(user)):
        button = _button(message, label)
        if button is not None:
            world.slack.click(user, button["action_id"], button.get("value"), message=message)
            return True
    return False


def run_conversation(world: _World, conv: dict[str, Any]) -> list[str]:
    """The problems found in one conversation ([] = pass)."""
    user, contact_id = world.employee()
    for listed in conv.get("cases", []):
        subject = listed["subject"] if isinstance(listed, dict) else str(listed)
        case = world.desk.file_case(contact_id, subject)
        if isinstance(listed, dict) and str(listed.get("status", "open")).casefold() == "closed":
            world.desk.close_case(contact_id, case.id)
    problems: list[str] = []
    for i, step in enumerate(conv.get("steps", []), 1):
        before_ids = {c.id for c in world.desk.list_open_cases(contact_id)}
        before_comments = _count_comments(world, sorted(before_ids))
        before_closed = _closed_by_id(world, contact_id)
        n = len(world.slack.bot_messages(user))
        if "press" in step:
            if not _press(world, user, str(step["press"])):
                problems.append(f"step {i}: no button {step['press']!r} to press")
                continue
        else:
            world.slack.send_dm(user, step["say"])
        try:
            replies = world.slack.wait_for_bot_messages(user, n + int(step.get("replies", 1)),
                                                        timeout=3.0 if "press" in step else 10.0)[n:]
        except TimeoutError:
            if "press" not in step:     # a click may answer by updating its message instead of a new one
                problems.append(f"step {i}: no reply")
                continue
            replies = world.slack.bot_messages(user)[n:]
        open_now = world.desk.list_open_cases(contact_id)
        new_cases = [world.desk.get_case(contact_id, c.id) for c in open_now
                     if c.id not in before_ids and c.id not in before_closed]
        comments = _count_comments(world, sorted(c.id for c in open_now)) - before_comments
        after_closed = _closed_by_id(world, contact_id)
        moved = {"closed": sum(1 for k, was in before_closed.items() if not was and after_closed.get(k)),
                 "reopened": sum(1 for k, was in before_closed.items() if was and after_closed.get(k) is False)}
        found = _check(step, replies, new_cases, comments, moved)
        problems += [f"step {i}: {p}" for p in found]
        if world.trace:
            print(f"   {i}> {step.get('say') or '[' + str(step.get('press')) + ']'}\n   {i}< "
                  + " | ".join(_text_of(r).replace("\n", " / ") for r in replies)[:600])
        if found and world.verbose:
            problems += [f"step {i}: bot said {' | '.join(_text_of(r) for r in replies)[:400]!r}"]
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="concierge eval conversations",
                                 description="Run whole conversations through the real bot and score them.")
    ap.add_argument("file", type=Path, help="YAML list of conversations (see sandbox/conversations.py)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show what the bot said on a failed step")
    ap.add_argument("--trace", action="store_true", help="show every message and what the bot said to it")
    args = ap.parse_args(argv)
    conversations = yaml.safe_load(args.file.read_text(encoding="utf-8")) or []
    import intents
    intents.load()
    with tempfile.TemporaryDirectory(prefix="concierge-eval-") as tmp:
        world = _World(Path(tmp))
        world.verbose = args.verbose
        world.trace = args.trace
        passed = 0
        try:
            for conv in conversations:
                problems = run_conversation(world, conv)
                passed += not problems
                print(f"{'PASS' if not problems else 'FAIL'} {conv.get('name', '?')}"
                      + ("".join(f"\n     {p}" for p in problems)))
        finally:
            world.stop()
    print(f"passed={passed}/{len(conversations)} conversations")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
