"""Durable intake in the store: recorded once, held under a lease, taken over when the lease expires, fenced."""
from __future__ import annotations

import pytest

from store import Store


@pytest.fixture
def log(any_store_url):  # noqa: ANN201
    s = Store(any_store_url)
    try:
        yield s.intake
    finally:
        s.close()


def test_an_event_is_recorded_once_and_a_duplicate_gets_no_claim(log):
    claim = log.record("msg:D1:1.0", "U1", {"event": {"text": "hi"}}, holder="a", lease_seconds=30)
    assert claim is not None and claim.token == 1 and not claim.resumed
    assert log.record("msg:D1:1.0", "U1", {"event": {"text": "hi"}}, holder="b", lease_seconds=30) is None
    assert log.finish(claim.key, claim.token)
    assert log.record("msg:D1:1.0", "U1", {"event": {"text": "hi"}}, holder="b", lease_seconds=30) is None
    assert log.get("msg:D1:1.0")["status"] == "done"


def test_a_retry_of_an_unfinished_event_whose_holder_died_resumes_it_and_fences_the_old_holder(log):
    first = log.record("msg:D1:2.0", "U1", {"event": {"text": "vpn"}}, holder="a", lease_seconds=-1)  # died
    again = log.record("msg:D1:2.0", "U1", {"event": {"text": "vpn"}}, holder="b", lease_seconds=30)
    assert again is not None and again.resumed and again.token == first.token + 1
    assert again.payload == {"event": {"text": "vpn"}}
    assert not log.finish(first.key, first.token)               # the old holder is fenced out
    assert log.renew({first.key: first.token}, lease_seconds=30) == {first.key}
    assert log.renew({again.key: again.token}, lease_seconds=30) == set()
    assert log.finish(again.key, again.token)


def test_stalled_events_are_taken_over_oldest_first_and_only_once(log):
    log.record("msg:D1:3.0", "U1", {"event": {}}, holder="dead", lease_seconds=-1)
    log.record("msg:D1:4.0", "U1", {"event": {}}, holder="dead", lease_seconds=-1)
    live = log.record("msg:D1:5.0", "U1", {"event": {}}, holder="alive", lease_seconds=30)
    taken = log.take_stalled(holder="b", lease_seconds=30)
    assert [c.key for c in taken] == ["msg:D1:3.0", "msg:D1:4.0"]
    assert all(c.resumed and c.token == 2 for c in taken)
    assert log.take_stalled(holder="c", lease_seconds=30) == []   # b holds them now; the live one stays
    assert log.hand_back(live.key, live.token)                     # graceful stop: given up at once
    assert [c.key for c in log.take_stalled(holder="c", lease_seconds=30)] == [live.key]
