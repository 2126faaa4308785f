"""The store reads the time from its injectable clock (`Store(url, now=...)`): expiry, claims, leases, stamps and
pruning follow it, so these tests move time forward instead of sleeping (each runs on SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from store import LeaseLost
from store.payloads import CaseRefPayload, OutboxOp


def test_questions_and_focus_expire_by_the_store_clock(db, clock):
    qid = db.questions.ask("U1", "pick", "close_case", carried={"n": 1}, ttl_seconds=60)
    db.case_focus.set("U1", "500A", "00001001", "VPN", ttl_seconds=60)
    got = db.case_focus.get("U1")
    assert got.set_at == clock.at                               # stamped by the store's clock
    clock.advance(seconds=59)
    assert db.case_focus.get("U1") == got
    clock.advance(seconds=2)                                    # no sleeping: the clock moved past the TTL
    assert db.case_focus.get("U1") is None
    assert db.questions.take(qid, "U1", taker="click:1") is None


def test_outbox_claims_expire_and_back_off_by_the_store_clock(db, clock):
    a = db.enqueue_outbox(OutboxOp.CLOSE_CASE, "U1", CaseRefPayload("003A", "1"), "k1")
    assert [e.id for e in db.claim_outbox("dead", claim_seconds=15)] == [a]
    assert db.note_outbox_send(a, "dead")                       # it sent the write, then died
    clock.advance(seconds=14)
    assert db.claim_outbox("w2") == []                          # still claimed
    clock.advance(seconds=2)
    again = db.claim_outbox("w2")
    assert [(e.id, e.in_doubt, e.attempts) for e in again] == [(a, True, 2)]
    assert db.mark_outbox_failed(a, "w2", "timeout", base_delay=30)    # back off 2 x 30 s
    clock.advance(seconds=59)
    assert db.claim_outbox("w2") == []
    clock.advance(seconds=2)
    assert [e.id for e in db.claim_outbox("w2")] == [a]


def test_a_dead_flushers_claim_settles_from_its_takeover_even_after_an_earlier_window_ended(db, clock):
    """An entry whose first write was in doubt settled (its window passed), was claimed again and its flusher died
    mid-write: that write may be in flight now, so the window starts again at the takeover."""
    a = db.enqueue_outbox(OutboxOp.CLOSE_CASE, "U1", CaseRefPayload("003A", "1"), "k1",
                          settle_until=clock.at + timedelta(seconds=10))
    clock.advance(seconds=11)                                   # the first window has passed
    assert [e.id for e in db.claim_outbox("dead", claim_seconds=15, settle_seconds=40)] == [a]
    assert db.note_outbox_send(a, "dead")
    clock.advance(seconds=16)                                   # it died while writing
    [again] = db.claim_outbox("w2", settle_seconds=40)
    assert again.in_doubt and again.settle_until == clock.at + timedelta(seconds=40)


def test_a_dead_flushers_claim_is_in_doubt_only_when_its_write_was_sent(db, clock):
    """Claimed but never sent (the flusher died before its turn came): nothing of it can land, so the entry is
    due as soon as the claim expires, with no in-doubt window. Sent on a later claim: in doubt from that takeover."""
    a = db.enqueue_outbox(OutboxOp.CLOSE_CASE, "U1", CaseRefPayload("003A", "1"), "k1")
    assert [e.id for e in db.claim_outbox("dead", claim_seconds=15, settle_seconds=600)] == [a]
    clock.advance(seconds=16)                                   # it died before sending
    [again] = db.claim_outbox("w2", claim_seconds=15, settle_seconds=600)
    assert (again.in_doubt, again.settle_until, again.attempts) == (False, None, 2)
    assert db.note_outbox_send(a, "w2")                         # w2 sends, then dies
    clock.advance(seconds=16)
    [third] = db.claim_outbox("w3", claim_seconds=15, settle_seconds=600)
    assert third.in_doubt and third.settle_until == clock.at + timedelta(seconds=600)
    assert not db.note_outbox_send(a, "w2")                     # fenced out: w2's claim was taken over
    clock.advance(seconds=16)                                   # w3 died before sending: the window it set stays
    [fourth] = db.claim_outbox("w4", claim_seconds=15, settle_seconds=600)
    assert not fourth.in_doubt and fourth.settle_until == third.settle_until


def test_leases_expire_and_fence_by_the_store_clock(db, clock):
    a = db.acquire_lease("poller", "replica-a", ttl_seconds=6)
    assert a is not None and a.acquired_at == clock.at and a.expires_at == clock.at + timedelta(seconds=6)
    clock.advance(seconds=5)
    assert db.acquire_lease("poller", "replica-b", ttl_seconds=6) is None
    clock.advance(seconds=2)                                    # replica-a stopped renewing
    b = db.acquire_lease("poller", "replica-b", ttl_seconds=6)
    assert b is not None and b.token == 2
    with pytest.raises(LeaseLost), db.transaction() as tx:
        tx.require_lease("poller", "replica-a", a.token)
    with db.transaction() as tx:
        tx.require_lease("poller", "replica-b", b.token)
        tx.set_watermark("cases", clock.at - timedelta(minutes=1))
        tx.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="1", status="New", state="new")
    assert db.get_watermark_since("cases")[1] == clock.at
    assert db.get_tracked("500A").tracked_at == clock.at


def test_events_and_intake_are_pruned_by_the_store_clock(db, clock):
    db.event_retention = timedelta(hours=1)
    assert db.claim_event("Ev1") is True
    claim = db.intake.record("Ev1", "U1", {"text": "hi"}, holder="r1", lease_seconds=10)
    assert claim is not None and claim.created_at == clock.at
    assert db.intake.finish("Ev1", claim.token)
    clock.advance(minutes=59)
    assert db.prune() == 0
    clock.advance(minutes=2)
    assert db.prune() == 2                                      # the event key and the finished intake row
    assert db.claim_event("Ev1") is True
