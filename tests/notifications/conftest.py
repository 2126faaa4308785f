from __future__ import annotations

import pytest

from tests.notifications.fakes import FakeDesk, FakeSlack, SlackUser

ALICE_CONTACT = "003ALICE000000001"
BOB_CONTACT = "003BOB00000000001"


@pytest.fixture
def fake_slack():
    s = FakeSlack([SlackUser("UALICE", "alice@example.com", "Europe/Paris", "Alice Johnson"),
                   SlackUser("UBOB", "bob@example.com", "America/New_York", "Bob Smith")])
    yield s
    s.close()


@pytest.fixture
def fake_desk():
    return FakeDesk()
