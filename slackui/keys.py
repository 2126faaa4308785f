"""The formats of the keys that make things happen once, in one place. A key is claimed in the store (a delivery, a
click), tags what is posted for it (message metadata, slackui/slackpost.py) and queues a write under it (the
outbox's dedupe key), so its format is a wire format: keys of work already claimed or posted must keep matching.

Deliveries and clicks (bot/listeners/, bot/channels/):
    message(channel, ts)   "msg:<channel>:<ts>"       a message (DM or channel), whatever its event id
    event(event_id)        "ev:<event_id>"            any other event
    click(user, action_ts) "act:<user>:<action_ts>"   a button click
    command(trigger_id)    "cmd:<trigger_id>"         a slash command
    view(view_id, hash)    "view:<id>:<hash>"         a modal submission
    once(key)              "once:<key>"               the claim of an interactive payload seen once
    reply(key, n)          "<key>:<n>"                the n-th reply posted for a key
Notifications (notifications/):
    ledger(case, kind, source) "<case>:<kind>:<source>"   a notice (the ledger's unique key)
    outbox(entry_id)           "outbox:<id>"              the notice of a queued write done
"""
from __future__ import annotations


def message(channel: str, ts: str) -> str:
    return f"msg:{channel}:{ts}"


def event(event_id: object) -> str:
    return f"ev:{event_id}"


def click(user: str, action_ts: object) -> str:
    return f"act:{user}:{action_ts}"


def command(trigger_id: object) -> str:
    return f"cmd:{trigger_id}"


def view(view_id: str, view_hash: str) -> str:
    return f"view:{view_id}:{view_hash}"


def once(key: str) -> str:
    return f"once:{key}"


def reply(key: str, n: int | str) -> str:
    return f"{key}:{n}"


def ledger(case_id: str, kind: str, source_id: str) -> str:
    return f"{case_id}:{kind}:{source_id}"


def outbox(entry_id: int) -> str:
    return f"outbox:{entry_id}"
