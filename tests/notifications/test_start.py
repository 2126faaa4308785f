"""notifications.start: the APScheduler jobs run on their own and shut down cleanly (lease released)."""
from __future__ import annotations

import time

import notifications
from servicecloud.config import OrgConfig
from tests.notifications.conftest import ALICE_CONTACT


def test_start_polls_in_the_background_and_releases_the_lease(store, fake_desk, fake_slack):
    store.upsert_user("UALICE", email="alice@example.com", contact_id=ALICE_CONTACT)
    case = fake_desk.new_case(ALICE_CONTACT, "VPN")
    store.track_case(case.id, contact_id=ALICE_CONTACT, slack_user_id="UALICE", case_number=case.case_number,
                     status="New", state="NEW")
    jobs = notifications.start(org=OrgConfig(), interval_seconds=0.2, store=store, desk=fake_desk, client=fake_slack.client(),
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
        jobs.shutdown()
    assert store.acquire_lease(notifications.LEASE_NAME, "replica-y", 30) is not None   # released at once


def test_start_takes_interval_status_map_and_nudges_from_the_settings(store, fake_desk, fake_slack):
    """What `concierge run` passes in is what the poller uses: POLL_INTERVAL_SECONDS for the job, the org's
    status map (an org-specific waiting status asks the user) and its nudge settings."""
    from servicecloud.config import NudgeConfig, StatusMap

    org = OrgConfig(statuses=StatusMap(waiting_for_user=["Needs info from requester"]),
                    nudge=NudgeConfig(after_days=1.5, max_per_case=1, window_start_hour=8))
    store.upsert_user("UALICE", email="alice@example.com", contact_id=ALICE_CONTACT)
    case = fake_desk.new_case(ALICE_CONTACT, "Laptop")
    store.track_case(case.id, contact_id=ALICE_CONTACT, slack_user_id="UALICE", case_number=case.case_number,
                     status="New", state="NEW")
    jobs = notifications.start(org=org, interval_seconds=0.3, store=store, desk=fake_desk, client=fake_slack.client(),
                               holder="replica-s")
    try:
        poller = jobs.poller
        assert poller.org is org and poller.org.nudge.after_days == 1.5 and poller.interval == 0.3
        job = jobs.scheduler.get_job("concierge-poller")
        assert job.trigger.interval.total_seconds() == 0.3
        deadline = time.monotonic() + 5
        while store.get_watermark(notifications.STREAM) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        fake_desk.set_status(case.id, "Needs info from requester")
        while not fake_slack.posts("UALICE") and time.monotonic() < deadline:
            time.sleep(0.05)
        [msg] = fake_slack.posts("UALICE")
        assert "waiting for your reply" in msg["text"]
    finally:
        jobs.shutdown()


def test_environment_and_org_file_reach_the_poller(store, fake_desk, fake_slack, tmp_path, monkeypatch):
    """The path `concierge run` takes: POLL_INTERVAL_SECONDS and the CONCIERGE_CONFIG file (status map, nudge
    settings) read by runtime.settings.Settings, then handed to notifications.start as the composition root does."""
    from runtime.settings import Settings
    from servicecloud.config import CanonicalState

    org_file = tmp_path / "org.yml"
    org_file.write_text("statuses:\n  waiting_for_user: [Pending Employee]\n"
                        "nudge:\n  after_days: 5\n  every_days: 3\n  max_per_case: 1\n"
                        "  window_start_hour: 10\n  window_end_hour: 16\n  weekdays: [0, 2, 4]\n"
                        "  states: [WAITING_FOR_USER]\n", encoding="utf-8")
    for name, value in {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "POLL_INTERVAL_SECONDS": "7",
                        "CONCIERGE_CONFIG": str(org_file)}.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    jobs = notifications.start(org=settings.org, interval_seconds=settings.poll_interval_seconds,
                               in_doubt_seconds=settings.sf_in_doubt_seconds, store=store, desk=fake_desk,
                               client=fake_slack.client(), holder="replica-env")
    try:
        poller = jobs.poller
        assert poller.interval == 7.0
        assert jobs.scheduler.get_job("concierge-poller").trigger.interval.total_seconds() == 7.0
        nudge = poller.org.nudge
        assert (nudge.after_days, nudge.every_days, nudge.max_per_case) == (5, 3, 1)
        assert (nudge.window_start_hour, nudge.window_end_hour, nudge.weekdays) == (10, 16, [0, 2, 4])
        assert nudge.states == [CanonicalState.WAITING_FOR_USER]
        assert poller.org.statuses.state_of("Pending Employee") is CanonicalState.WAITING_FOR_USER
    finally:
        jobs.shutdown()
