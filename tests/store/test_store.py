"""The state store on SQLite and PostgreSQL (each test runs on both; PostgreSQL in a private schema)."""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from store import LeaseLost, Store
from store.notice import NoticeSent
from store.payloads import AddCommentPayload, CaseRefPayload, FileCasePayload, OutboxOp


@pytest.fixture
def db(any_store_url):
    """On the wall clock (tests/store/conftest.py's `db` runs on a clock the test moves)."""
    s = Store(any_store_url)
    yield s
    s.close()


def test_claim_event_once_across_store_instances(db, any_store_url):
    other = Store(any_store_url)           # a second replica on the same database
    try:
        assert db.claim_event("Ev01") is True
        assert other.claim_event("Ev01") is False
        assert db.claim_event("msg:D1:1700000000.000100") is True
        assert db.claim_event("Ev01") is False
    finally:
        other.close()


def test_claim_event_concurrent_threads_exactly_one_winner(db):
    keys = [f"Ev{i}" for i in range(20)]
    barrier = threading.Barrier(8)

    def worker(_: int) -> list[str]:
        barrier.wait()
        return [k for k in keys if db.claim_event(k)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(worker, range(8)))
    won = [k for r in results for k in r]
    assert sorted(won) == sorted(keys)      # every key claimed, none twice


def test_prune_forgets_old_event_keys(db):
    db.event_retention = timedelta(seconds=0)
    assert db.claim_event("old")
    time.sleep(0.01)
    assert db.prune() >= 1
    assert db.claim_event("old") is True      # forgotten after the retention


def test_user_directory(db):
    assert db.get_user("U1") is None
    rec = db.upsert_user("U1", email="Alice@Example.com", contact_id="003000000000001AAA",
                         contact_name="Alice Johnson")
    assert rec.email == "alice@example.com" and rec.tz is None
    first_refresh = rec.refreshed_at
    rec = db.upsert_user("U1", email="alice@example.com", tz="Europe/Paris")
    assert rec.contact_id == "003000000000001AAA"      # kept: None means "unchanged"
    assert rec.tz == "Europe/Paris" and rec.refreshed_at >= first_refresh
    assert db.user_by_email("ALICE@example.com").slack_user_id == "U1"
    assert db.user_by_contact("003000000000001AAA").slack_user_id == "U1"
    assert db.user_by_contact("003000000000009AAA") is None
    db.upsert_user("U2", email="bob@example.com", contact_id="003000000000002AAA")
    got = db.users_by_contacts(["003000000000001AAA", "003000000000002AAA", "nope"])
    assert {k: v.slack_user_id for k, v in got.items()} == {"003000000000001AAA": "U1", "003000000000002AAA": "U2"}
    assert rec.is_stale(timedelta(hours=1)) is False
    assert rec.is_stale(timedelta(hours=1), now=datetime.now(UTC) + timedelta(hours=2)) is True


def test_tracked_cases_mute_and_activity(db):
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="00001001", status="New",
                  state="NEW", subject="VPN")
    tc = db.get_tracked("500A")
    assert (tc.status, tc.state, tc.seen_state, tc.muted, tc.nudge_count) == ("New", "NEW", "NEW", False, 0)
    # The bot refreshing the status does not move the poller's last-seen state.
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="00001001",
                  status="Waiting for user response", state="WAITING_FOR_USER")
    tc = db.get_tracked("500A")
    assert (tc.state, tc.seen_state, tc.subject) == ("WAITING_FOR_USER", "NEW", "VPN")
    # Concierge's own status change (the user closed/reopened through the bot) moves it: seen=True.
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="00001001",
                  status="Closed - By User", state="CLOSED", seen=True)
    tc = db.get_tracked("500A")
    assert (tc.state, tc.seen_status, tc.seen_state) == ("CLOSED", "Closed - By User", "CLOSED")
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="00001001",
                  status="Waiting for user response", state="WAITING_FOR_USER")
    assert db.is_muted("500A") is False
    assert db.set_muted("500A", "U2", True) is False        # not U2's case
    assert db.set_muted("500A", "U1", True) is True
    assert db.is_muted("500A") is True
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="00001001", status="New", state="NEW")
    assert db.is_muted("500A") is True                      # re-tracking keeps the mute
    assert db.set_muted("500A", "U1", False) and not db.is_muted("500A")
    assert db.set_muted("500NEW", "U1", True) and db.is_muted("500NEW")   # untracked: recorded muted
    assert db.is_muted("500UNKNOWN") is False


def test_nudge_candidates_and_counters(db):
    now = datetime.now(UTC)
    db.track_case("500A", contact_id="003A", slack_user_id="U1", case_number="1", status="Waiting",
                  state="WAITING_FOR_USER")
    db.track_case("500B", contact_id="003A", slack_user_id="U1", case_number="2", status="Closed", state="CLOSED")
    db.touch_user_activity("500A", at=now - timedelta(days=5))
    db.touch_user_activity("500B", at=now - timedelta(days=5))
    kw = dict(states=["WAITING_FOR_USER", "NEW"], inactive_since=now - timedelta(days=3),
              nudged_before=now - timedelta(days=2), max_per_case=2)
    assert [c.case_id for c in db.nudge_candidates(**kw)] == ["500A"]
    with db.transaction() as tx:
        tx.record_nudge("500A", at=now)
    assert db.nudge_candidates(**kw) == []                             # nudged recently
    later = dict(kw, nudged_before=now + timedelta(seconds=1))
    assert [c.case_id for c in db.nudge_candidates(**later)] == ["500A"]
    with db.transaction() as tx:
        tx.record_nudge("500A", at=now)
    assert db.get_tracked("500A").nudge_count == 2
    assert db.nudge_candidates(**later) == []                          # max reached
    db.touch_user_activity("500A", at=now - timedelta(days=4))         # user acted: counter starts over
    assert db.get_tracked("500A").nudge_count == 0
    assert [c.case_id for c in db.nudge_candidates(**later)] == ["500A"]
    db.set_muted("500A", "U1", True)
    assert db.nudge_candidates(**later) == []


def test_outbox_dedupe_claim_backoff_and_delivery(db):
    with pytest.raises(ValueError):
        db.enqueue_outbox("delete_everything", "U1", CaseRefPayload("003A", "1"), "k0")
    with pytest.raises(TypeError):                           # a payload of another op
        db.enqueue_outbox(OutboxOp.ADD_COMMENT, "U1", CaseRefPayload("003A", "1"), "k0")
    a = db.enqueue_outbox(OutboxOp.ADD_COMMENT, "U1", AddCommentPayload("003A", "1", "hi"), "k1")
    assert db.enqueue_outbox(OutboxOp.ADD_COMMENT, "U1", AddCommentPayload("003A", "1", "again"), "k1") == a
    b = db.enqueue_outbox(OutboxOp.FILE_CASE, "U2", FileCasePayload("003B", "printer"), "k2")
    got = db.claim_outbox("w1")
    assert [e.id for e in got] == [a, b] and all(e.status == "delivering" and e.attempts == 1 for e in got)
    assert db.claim_outbox("w2") == []                       # claimed by w1
    assert db.mark_outbox_delivered(a, "w2") is False        # not w2's claim
    assert db.mark_outbox_delivered(a, "w1", {"comment_id": "00a1"}) is True
    assert db.get_outbox(a).status == "delivered" and db.get_outbox(a).result == {"comment_id": "00a1"}
    assert db.mark_outbox_failed(b, "w1", "Salesforce isn't answering") is True
    e = db.get_outbox(b)
    assert e.status == "queued" and e.last_error and e.next_attempt_at > datetime.now(UTC) + timedelta(seconds=20)
    assert db.claim_outbox("w1") == []                       # backing off
    assert [x.id for x in db.outbox_entries(status="queued")] == [b]


def test_outbox_cut_off_delivery_comes_back_in_doubt(db):
    a = db.enqueue_outbox(OutboxOp.CLOSE_CASE, "U1", CaseRefPayload("003A", "1"), "k1")
    assert [e.id for e in db.claim_outbox("dead", claim_seconds=0.05)] == [a]
    assert db.note_outbox_send(a, "dead")                   # it sent the write, then died
    time.sleep(0.1)
    again = db.claim_outbox("w2")
    assert [(e.id, e.in_doubt, e.attempts) for e in again] == [(a, True, 2)]
    assert db.mark_outbox_failed(a, "w2", "refused", retry=False)
    assert db.get_outbox(a).status == "failed"


def test_outbox_concurrent_claims_never_overlap(db):
    ids = {db.enqueue_outbox(OutboxOp.ADD_COMMENT, "U1", AddCommentPayload("003A", "1", f"{i}"), f"k{i}")
           for i in range(40)}
    barrier = threading.Barrier(4)

    def worker(n: int) -> list[int]:
        barrier.wait()
        got: list[int] = []
        while batch := db.claim_outbox(f"w{n}", limit=3):
            got += [e.id for e in batch]
        return got

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(worker, range(4)))
    flat = [i for r in results for i in r]
    assert sorted(flat) == sorted(ids)


def test_watermarks_and_ledger_in_one_transaction(db):
    t0 = datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)
    assert db.get_watermark("cases") is None
    with db.transaction() as tx:
        first = tx.add_ledger(case_id="500A", kind="comment", source_id="00aX", slack_user_id="U1",
                              payload={"body": "hello"})
        dup = tx.add_ledger(case_id="500A", kind="comment", source_id="00aX", slack_user_id="U1", payload={})
        tx.set_watermark("cases", t0)
    assert first is not None and dup is None
    assert db.get_watermark("cases") == t0
    entry = db.ledger_entry("500A", "comment", "00aX")
    assert entry.status == "pending" and entry.payload == {"body": "hello"} and entry.note_status == "pending"

    with pytest.raises(RuntimeError), db.transaction() as tx:   # a failure rolls everything back
        tx.add_ledger(case_id="500B", kind="comment", source_id="00aY", slack_user_id="U1", payload={})
        tx.set_watermark("cases", t0 + timedelta(hours=1))
        raise RuntimeError("crash before commit")
    assert db.get_watermark("cases") == t0
    assert db.ledger_entry("500B", "comment", "00aY") is None


def test_lease_takeover_and_fencing(db):
    a = db.acquire_lease("poller", "replica-a", ttl_seconds=0.3)
    assert a is not None and a.token == 1
    assert db.acquire_lease("poller", "replica-b", ttl_seconds=0.3) is None
    renewed = db.acquire_lease("poller", "replica-a", ttl_seconds=0.3)
    assert renewed.token == 1 and renewed.expires_at > a.expires_at
    time.sleep(0.4)                                         # replica-a dies: its lease runs out
    b = db.acquire_lease("poller", "replica-b", ttl_seconds=5)
    assert b is not None and b.holder == "replica-b" and b.token == 2
    assert db.check_lease(a) is False and db.check_lease(b) is True
    with pytest.raises(LeaseLost), db.transaction() as tx:  # the old holder can no longer commit
        tx.require_lease("poller", "replica-a", a.token)
        tx.set_watermark("cases", datetime.now(UTC))
    assert db.get_watermark("cases") is None
    # A ledger row can only be claimed for sending under a held lease, and only once.
    with db.transaction() as tx:
        rid = tx.add_ledger(case_id="500A", kind="comment", source_id="00a1", slack_user_id="U1", payload={})
    assert db.claim_ledger_send(rid, lease=a) is False
    assert db.claim_ledger_send(rid, lease=b) is True
    assert db.claim_ledger_send(rid, lease=b) is False
    assert db.release_lease("poller", "replica-b")
    c = db.acquire_lease("poller", "replica-a", ttl_seconds=5)
    assert c is not None and c.token == 3


def test_lease_race_has_one_winner(db):
    barrier = threading.Barrier(6)

    def contend(n: int):
        barrier.wait()
        return db.acquire_lease("poller", f"r{n}", ttl_seconds=30)

    with ThreadPoolExecutor(6) as pool:
        got = [x for x in pool.map(contend, range(6)) if x is not None]
    assert len(got) == 1


def test_store_is_usable_from_many_threads(db):
    def work(n: int) -> None:
        for i in range(15):
            db.upsert_user(f"U{n}", email=f"u{n}@example.com", contact_id=f"003{n}")
            db.track_case(f"500{n}-{i}", contact_id=f"003{n}", slack_user_id=f"U{n}", case_number=str(i),
                          status="New", state="NEW")
            db.get_user(f"U{n}")
            db.claim_event(f"e{n}-{i}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(8)))
    assert db.count_tracked() == 8 * 15


def test_unsupported_url_is_a_clear_error():
    with pytest.raises(ValueError, match="unsupported DATABASE_URL"):
        Store("mysql://x@localhost/db")


def test_latest_notification_is_the_newest_sent_to_that_user(db):
    lease = db.acquire_lease("poller", "r1", ttl_seconds=30)
    before = datetime.now(UTC) - timedelta(seconds=1)
    ids = {}
    with db.transaction() as tx:
        for case_id, user in (("500A", "U1"), ("500B", "U1"), ("500C", "U2"), ("500D", "U1")):
            ids[case_id] = tx.add_ledger(case_id=case_id, kind="comment", source_id="00a" + case_id,
                                         slack_user_id=user, payload={"case_number": case_id[-1]})
    for case_id in ("500A", "500B", "500C"):                  # 500D is decided but never sent
        assert db.claim_ledger_send(ids[case_id], lease=lease)
        db.mark_ledger_sent(ids[case_id], channel="D1", message_ts="1.1")
        time.sleep(0.01)
    assert db.latest_notification("U1", before) == NoticeSent(case_id="500B", case_number="B")
    assert db.latest_notification("U2", before) == NoticeSent(case_id="500C", case_number="C")
    assert db.latest_notification("U1", datetime.now(UTC) + timedelta(seconds=1)) is None



# Ledger payloads exactly as the poller stores them (the JSON of notifications/snapshots.py), and an old row.
WAITING_ROW = ('{"case_id": "500W", "case_number": "00001001", "subject": "VPN drops", "status": "Waiting", '
               '"state": "WAITING_FOR_USER", "assignee": "Sam Rivera", "url": null, "origin": "Concierge Slack", '
               '"type": null, "agent": "Sam Rivera", "question": "Which laptop model?", "asked_by": "Sam Rivera"}')
COMMENT_ROW = ('{"case_id": "500C", "case_number": "00001002", "subject": "Printer", "status": null, "state": null, '
               '"assignee": null, "url": null, "origin": null, "type": null, "comment_id": "02sE", '
               '"body": "Please reboot", "author": "Ana Ruiz", "commented_at": "2026-11-24T10:00:00.000+00:00", '
               '"channel": "email", "files": [{"name": "log.txt", "url": "https://x/log"}]}')
RESOLVED_ROW = ('{"case_id": "500R", "case_number": "00001003", "subject": "Mail", "status": "Resolved", '
                '"state": "RESOLVED", "assignee": "Sam Rivera", "url": null, "origin": null, "type": null, '
                '"agent": "Sam Rivera"}')
OLD_ROW = '{"case_number": 1004, "subject": ""}'


@pytest.mark.parametrize(("kind", "row", "expected", "agent_said"), [
    ("waiting", WAITING_ROW, NoticeSent(case_id="500W", case_number="00001001", subject="VPN drops",
                                        question="Which laptop model?", asked_by="Sam Rivera"),
     ("Which laptop model?", "Sam Rivera")),
    ("comment", COMMENT_ROW, NoticeSent(case_id="500C", case_number="00001002", subject="Printer",
                                        body="Please reboot", author="Ana Ruiz"), ("Please reboot", "Ana Ruiz")),
    ("resolved", RESOLVED_ROW, NoticeSent(case_id="500R", case_number="00001003", subject="Mail"), (None, None)),
    ("comment", OLD_ROW, NoticeSent(case_id="500O", case_number="1004"), (None, None)),
])
def test_the_latest_notification_reads_typed_from_rows_as_stored(db, kind, row, expected, agent_said):
    lease = db.acquire_lease("poller", "r1", ttl_seconds=30)
    before = datetime.now(UTC) - timedelta(seconds=1)
    with db.transaction() as tx:
        entry = tx.add_ledger(case_id=expected.case_id, kind=kind, source_id="src", slack_user_id="U1",
                              payload=json.loads(row))
    assert db.claim_ledger_send(entry, lease=lease)
    db.mark_ledger_sent(entry, channel="D1", message_ts="1.1")
    notice = db.latest_notification("U1", before)
    assert notice == expected
    assert (notice.agent_words, notice.agent) == agent_said

def test_preferences_are_per_person_and_kind_and_replaced_in_place(db):
    assert db.preferences.of(["U1"]) == {}
    db.preferences.set("U1", {"nudges": False, "resolved": True})
    db.preferences.set("U1", {"nudges": True})
    db.preferences.set("U2", {"agent_replies": False})
    assert db.preferences.of(["U1", "U2", "U3", ""]) == {"U1": {"nudges": True, "resolved": True},
                                                        "U2": {"agent_replies": False}}


def test_case_threads_first_one_wins_and_belong_to_one_person(db):
    case_18, case_15 = "500EM0000000001YAA", "500EM0000000001"
    assert db.threads.of("UAMY", case_18) is None
    first = db.threads.start("UAMY", case_18, "D0AMY", "100.000001")
    assert (first.case_id, first.channel, first.thread_ts) == (case_18, "D0AMY", "100.000001")
    assert db.threads.start("UAMY", case_15, "D0AMY", "100.000009") == first     # the same case, another form
    assert db.threads.of("UAMY", case_15) == first
    assert db.threads.at("UAMY", "D0AMY", "100.000001") == first
    assert db.threads.at("UBEN", "D0AMY", "100.000001") is None                   # not Ben's
    assert db.threads.at("UAMY", "D0AMY", "100.000009") is None                   # not a case thread
    assert db.threads.of("UBEN", case_18) is None
    db.threads.start("UBEN", case_18, "D0BEN", "200.000001")                      # each person's own thread
    assert db.threads.of("UBEN", case_18).thread_ts == "200.000001"
