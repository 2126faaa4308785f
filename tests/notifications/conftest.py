from __future__ import annotations

import pytest

from tests.notifications.fakes import FakeDesk, FakeSlack, SlackUser
from tests.notifications.world import World

ALICE_CONTACT = "003ALICE000000001"
BOB_CONTACT = "003BOB00000000001"


def alice_and_bob_with_three_cases_each(store, desk: FakeDesk) -> list:
    """Alice (Paris) and Bob (New York), known to the store, each with three new cases it tracks."""
    store.upsert_user("UALICE", email="alice@example.com", contact_id=ALICE_CONTACT)
    store.upsert_user("UBOB", email="bob@example.com", contact_id=BOB_CONTACT)
    cases = []
    for contact, user in ((ALICE_CONTACT, "UALICE"), (BOB_CONTACT, "UBOB")):
        for i in range(3):
            c = desk.new_case(contact, f"case {i}")
            store.track_case(c.id, contact_id=contact, slack_user_id=user, case_number=c.case_number,
                             status="New", state="NEW")
            cases.append(c)
    return cases


@pytest.fixture
def fake_slack():
    s = FakeSlack([SlackUser("UALICE", "alice@example.com", "Europe/Paris", "Alice Johnson"),
                   SlackUser("UBOB", "bob@example.com", "America/New_York", "Bob Smith")])
    yield s
    s.close()


@pytest.fixture
def fake_desk():
    return FakeDesk()


@pytest.fixture
def world(store, desk, employee, sf, sf_agent):
    """The poller against the Salesforce emulator and a fake Slack (tests/notifications/world.py)."""
    w = World(store, desk, employee, sf, sf_agent)
    yield w
    w.slack.close()
