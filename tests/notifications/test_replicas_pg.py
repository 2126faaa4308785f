"""Two pollers (two replicas) on one PostgreSQL database: never both send; the standby takes over."""
from __future__ import annotations

import collections
import threading
import time

import pytest

from notifications import Poller
from store import Store
from tests.notifications.conftest import alice_and_bob_with_three_cases_each

pytestmark = pytest.mark.postgres


def test_two_pollers_on_postgresql_never_both_send(pg_url, fake_desk, fake_slack):
    stores = [Store(pg_url), Store(pg_url)]
    setup = stores[0]
    cases = alice_and_bob_with_three_cases_each(setup, fake_desk)
    pollers = [Poller(store=s, desk=fake_desk, client=fake_slack.client(), holder=name, lease_ttl_seconds=0.4,
                      overlap_seconds=2.0, per_conversation_interval=0.0)
               for s, name in zip(stores, ("replica-a", "replica-b"), strict=True)]
    active = collections.Counter()
    stop = {"replica-a": threading.Event(), "replica-b": threading.Event()}

    def loop(p: Poller) -> None:
        while not stop[p.holder].is_set():
            r = p.run_once()
            if not r.standby:
                active[p.holder] += 1
            time.sleep(0.02)

    threads = [threading.Thread(target=loop, args=(p,)) for p in pollers]
    for t in threads:
        t.start()
    try:
        for round_ in range(3):
            for c in cases:
                fake_desk.comment(c.id, f"round {round_} on {c.case_number}")
            time.sleep(0.4)
            if round_ == 0:
                until = time.monotonic() + 10     # a loaded machine: the first cycle may take longer than 0.4 s
                while not active and time.monotonic() < until:
                    time.sleep(0.05)
                holder = max(active, key=active.get)
                stop[holder].set()            # the holder dies (no release): the other must take over
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(fake_slack.posts()) < 3 * len(cases):
            time.sleep(0.05)
    finally:
        for e in stop.values():
            e.set()
        for t in threads:
            t.join(10)
        for s in stores:
            s.close()
    keys = [m["metadata"]["event_payload"]["key"] for m in fake_slack.posts()]
    assert len(keys) == 3 * len(cases)                    # nothing lost
    assert len(set(keys)) == len(keys)                    # nothing sent twice
    assert len(active) == 2                               # both replicas held the lease, one after the other
