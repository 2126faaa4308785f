"""notifications.start: the APScheduler jobs run on their own and shut down cleanly (lease released)."""
from __future__ import annotations

import time
from types import SimpleNamespace

import notifications
from servicecloud.config import OrgConfig
from tests.notifications.conftest import ALICE_CONTACT


def test_start_polls_in_the_background_and_releases_the_lease(store, fake_desk, fake_slack):
    store.upsert_user("UALICE", email="alice@example.com", contact_id=ALICE_CONTACT)
    case = fake_desk.new_case(ALICE_CONTACT, "VPN")
    store.track_case(case.id, contact_id=ALICE_CONTACT, slack_user_id="UALICE", case_number=case.case_number,
                     status="New", state="NEW")
    settings = SimpleNamespace(org=OrgConfig(), poll_interval_seconds=0.2)
    scheduler = notifications.start(settings, store=store, desk=fake_desk, client=fake_slack.client(),
                                    holder="replica-x")
    try:
        deadline = time.monotonic() + 5
        while store.get_watermark(notifications.STREAM) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        fake_desk.comment(case.id, "Fixed on our side, can you check?")
        while not fake_slack.posts("UALICE") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(fake_slack.posts("UALICE")) == 1
        assert store.get_lease(notifications.LEASE_NAME).holder == "replica-x"
    finally:
        scheduler.shutdown()
    assert store.acquire_lease(notifications.LEASE_NAME, "replica-y", 30) is not None   # released at once
