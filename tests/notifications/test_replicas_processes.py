"""Two poller replicas as separate processes on one PostgreSQL database and the Salesforce emulator: the
holder is killed right after Slack accepted a DM (before recording it); the standby takes over, finds the DM
in the history and sends the rest. Every comment reaches the employee exactly once."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from store import Store
from tests.notifications.fakes import FakeSlack, SlackUser

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _spawn(cfg: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.notifications.poller_proc", json.dumps(cfg)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait(pred, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_holder_killed_after_sending_standby_takes_over_without_repeat(pg_url, sf, desk, employee, sf_agent):
    slack = FakeSlack([SlackUser("UEMP", employee.email, "UTC", employee.name)])
    store = Store(pg_url)
    procs: list[subprocess.Popen] = []
    try:
        store.upsert_user("UEMP", email=employee.email, contact_id=employee.id, contact_name=employee.name)
        case = desk.file_case(employee.id, "Docking station not detected")
        store.track_case(case.id, contact_id=employee.id, slack_user_id="UEMP", case_number=case.case_number,
                         status=case.status, state=str(case.state))
        creds = sf.info["clients"]["integration"]
        base = {"db_url": pg_url, "slack_api_url": slack.api_url, "interval": 0.2, "lease_ttl": 1.5,
                "sf": {"login_url": sf.info["login_url"], "client_id": creds["client_id"],
                       "client_secret": creds["client_secret"], "api_version": sf.info["api_version"],
                       "ca_bundle": sf.info["ca_bundle"]}}
        a = _spawn(base | {"holder": "replica-a", "crash_after_post": True})
        procs.append(a)
        _wait(lambda: (lease := store.get_lease("poller")) and lease.holder == "replica-a", what="a to lead")
        _wait(lambda: store.get_watermark("cases"), what="a's first cycle")
        b = _spawn(base | {"holder": "replica-b"})
        procs.append(b)
        assert b.stdout.readline().strip() == "ready"
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "first answer", "IsPublished": True})
        assert a.wait(20) == 9                                      # a sent the DM, then died before recording
        assert len(slack.posts("UEMP")) == 1
        _wait(lambda: store.get_lease("poller").holder == "replica-b", what="b to take over")
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "second answer", "IsPublished": True})
        _wait(lambda: len(slack.posts("UEMP")) >= 2, what="the second DM")
        _wait(lambda: {e.status for e in store.ledger_entries()} == {"sent"}, what="the ledger to settle")
        time.sleep(0.6)                                             # a few more cycles: nothing else goes out
        texts = [m["blocks"][0]["text"]["text"] for m in slack.posts("UEMP")]
        assert len(texts) == 2 and "first answer" in texts[0] and "second answer" in texts[1]
        keys = [m["metadata"]["event_payload"]["key"] for m in slack.posts("UEMP")]
        assert len(set(keys)) == 2
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait(10)
        store.close()
        slack.close()
