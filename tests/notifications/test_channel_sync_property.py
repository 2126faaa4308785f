"""Property: many round trips between a case's channel thread and the case (notifications/channelsync.py) through
the real poller, ledger and store, on the in-memory desk and the recording Slack (tests/notifications/fakes.py).

Each example files a case from a channel thread (public, or `private_replies`) and plays a random sequence of:
the requester replying in the thread (the bot writes it as a public comment, as the integration user, the way
bot/channels/filing.py does), an agent's public comment, an agent's private comment, a status change, a poll.
Whatever the order: every agent public comment reaches the thread exactly once (none in a private thread) and the
requester's DM exactly once; nothing the bot wrote (the requester's own words, work notes) is ever posted back to
the channel; no private comment ever reaches it; the root carries at most one status reaction, the one of the
last state seen. Bounded (100 examples, at most 12 steps), derandomised."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications import Poller
from notifications.channelsync import CHANNEL_KINDS
from servicecloud.config import OrgConfig
from tests.notifications.fakes import INTEGRATION, FakeDesk, FakeSlack, SlackUser

CH = "C0HELP"
CONTACT = "003EMPLOYEE000001"
REACTIONS = OrgConfig().channels.status_reactions
STATUSES = ["Waiting for user response", "In Progress", "Resolved", "New"]

steps = st.lists(st.one_of(st.just(("requester",)), st.just(("agent_public",)), st.just(("agent_private",)),
                           st.just(("poll",)), st.tuples(st.just("status"), st.sampled_from(STATUSES))),
                 min_size=1, max_size=12)


@pytest.fixture
def world(store):
    slack = FakeSlack([SlackUser("UEMP", "emp@example.com", "UTC", "Emp")])
    slack.channels.add(CH)
    desk = FakeDesk()
    store.upsert_user("UEMP", email="emp@example.com", contact_id=CONTACT, contact_name="Emp")
    poller = Poller(store=store, desk=desk, client=slack.client(), overlap_seconds=5, per_conversation_interval=0)
    desk.new_case(CONTACT, "before any channel case")
    poller.run_once()                                   # the watermark
    try:
        yield store, desk, slack, poller
    finally:
        slack.close()


@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=steps, private=st.booleans())
def test_round_trips_between_thread_and_case_never_echo_nor_leak(world, ops, private):
    store, desk, slack, poller = world
    n = next(_examples)
    case = desk.new_case(CONTACT, f"case {n}")
    store.track_case(case.id, contact_id=CONTACT, slack_user_id="UEMP", case_number=case.case_number,
                     status=case.status, state="NEW", subject=case.subject)
    root = f"1700000000.{n:06d}"
    store.channel_cases.record(CH, root, case_id=case.id, case_number=case.case_number, requester="UEMP",
                               private=private, public_updates=True)
    agent_public: dict[str, str] = {}          # body -> comment Id
    never_in_channel: list[str] = []
    for i, op in enumerate(ops):
        body = f"x{n}-{i}-{op[0]}"
        if op[0] == "requester":            # the requester's thread reply, written by the bot as a public comment
            slack.messages.setdefault(CH, []).append({"ts": f"1700000001.{n:04d}{i:02d}", "thread_ts": root,
                                                      "user": "UEMP", "text": body})
            desk.comment(case.id, body, by=INTEGRATION, name="Concierge Integration")
            never_in_channel.append(body)
        elif op[0] == "agent_public":
            agent_public[body] = desk.comment(case.id, body).id
        elif op[0] == "agent_private":
            desk.comment(case.id, body, published=False)
            never_in_channel.append(body)
        elif op[0] == "status":
            desk.set_status(case.id, op[1])
        else:
            poller.run_once()
    poller.run_once()
    again = poller.run_once()
    assert again.channel_posts == again.channel_reactions == again.sent == 0

    bot_posts = [m["text"] for m in slack.messages.get(CH, []) if m.get("thread_ts") == root and "metadata" in m]
    dm_keys = [(m.get("metadata") or {}).get("event_payload", {}).get("key") for m in slack.posts("UEMP")]
    for body, comment_id in agent_public.items():
        assert sum(body in t for t in bot_posts) == (0 if private else 1), (body, bot_posts)
        assert dm_keys.count(f"{case.id}:comment:{comment_id}") == 1, body       # the requester's DM, once
    for body in never_in_channel:
        assert not any(body in t for t in bot_posts), body
    assert all(any(b in t for b in agent_public) for t in bot_posts)       # nothing else went into the thread
    assert not [e for e in store.ledger_entries(kinds=CHANNEL_KINDS) if e.status != "sent"]

    on_root = slack.reactions.get((CH, root), [])
    assert len(on_root) <= 1, on_root
    state = str(desk.org.statuses.state_of(desk.cases[case.id].status))
    if state == "WAITING_FOR_USER":
        assert on_root == [REACTIONS.waiting]
    elif state == "RESOLVED":
        assert on_root == [REACTIONS.resolved]
    else:
        assert set(on_root) <= {REACTIONS.filed, REACTIONS.reopened}


_examples = itertools.count(1)
