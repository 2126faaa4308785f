"""Two pollers (two replicas) on one PostgreSQL database, notices held in quiet hours: when the quiet hours
end, each person gets ONE digest holding every held notice, even when the lease holder dies and the other
replica takes over meanwhile; no held notice is ever sent on its own."""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from notifications import Poller
from servicecloud.config import NotificationsConfig, OrgConfig, QuietHoursConfig
from store import Store
from tests.notifications.conftest import alice_and_bob_with_three_cases_each

pytestmark = pytest.mark.postgres

QUIET = OrgConfig(notifications=NotificationsConfig(quiet_hours=QuietHoursConfig(start="19:00", end="08:00")))


def test_held_notices_reach_each_person_in_one_digest_across_a_takeover(pg_url, fake_desk, fake_slack):
    stores = [Store(pg_url), Store(pg_url)]
    setup = stores[0]
    cases = alice_and_bob_with_three_cases_each(setup, fake_desk)
    # Tuesday 24 November 2026, 22:00 UTC: night in Paris (Alice) and evening in New York (Bob, 17:00: not quiet)
    clock = {"t": datetime(2026, 11, 24, 22, tzinfo=UTC)}
    pollers = [Poller(store=s, desk=fake_desk, client=fake_slack.client(), holder=name, lease_ttl_seconds=0.4,
                      overlap_seconds=2.0, per_conversation_interval=0.0, org=QUIET, now=lambda: clock["t"])
               for s, name in zip(stores, ("replica-a", "replica-b"), strict=True)]
    stop = {p.holder: threading.Event() for p in pollers}
    cycles = {p.holder: 0 for p in pollers}

    def loop(p: Poller) -> None:
        while not stop[p.holder].is_set():
            if not p.run_once().standby:
                cycles[p.holder] += 1
            time.sleep(0.02)

    def wait(condition, seconds: float = 15) -> None:
        until = time.monotonic() + seconds
        while not condition() and time.monotonic() < until:
            time.sleep(0.05)

    threads = [threading.Thread(target=loop, args=(p,)) for p in pollers]
    for t in threads:
        t.start()
    try:
        wait(lambda: any(cycles.values()))                      # the feed has started
        for c in cases:
            fake_desk.comment(c.id, f"night news on {c.case_number}")
        wait(lambda: len(setup.ledger_entries()) == len(cases))
        wait(lambda: len(fake_slack.posts("UBOB")) == 3)        # Bob's evening: sent as they come
        holder = max(cycles, key=cycles.get)
        stop[holder].set()                                      # the holder dies (no release)
        clock["t"] = datetime(2026, 11, 25, 7, 5, tzinfo=UTC)   # 08:05 in Paris: Alice's quiet hours are over
        wait(lambda: len(fake_slack.posts("UALICE")) >= 1 and {e.status for e in setup.ledger_entries()} == {"sent"})
        time.sleep(0.5)                                         # more cycles: nothing more may go out
    finally:
        for e in stop.values():
            e.set()
        for t in threads:
            t.join(10)
    try:
        [digest] = fake_slack.posts("UALICE")
        assert digest["metadata"]["event_payload"]["key"].startswith("digest:")
        assert all(c.case_number in str(digest["blocks"]) for c in cases[:3])
        alice = [e for e in setup.ledger_entries() if e.slack_user_id == "UALICE"]
        assert {e.status for e in alice} == {"sent"} and len({e.digest_key for e in alice}) == 1
        assert all(not m["metadata"]["event_payload"]["key"].startswith("digest:")
                   for m in fake_slack.posts("UBOB"))
    finally:
        for s in stores:
            s.close()
