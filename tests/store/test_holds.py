"""Held notices and digests in the store (store/holds.py), on SQLite and PostgreSQL: a digest claims its held
rows all or none, fenced by the poller lease, so two replicas (or two cycles) can never both send one; and
what the store knows of a person talking to the bot."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import LeaseLost, Store

T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def held(store: Store, n: int, due: datetime, user: str = "U1") -> list[int]:
    with store.transaction() as tx:
        return [tx.add_ledger(case_id=f"500C{i:014d}", kind="comment", source_id=f"s{i}", slack_user_id=user,
                              payload={"case_id": f"500C{i:014d}"}, status="held", due_at=due) for i in range(n)]


def test_a_digest_claims_its_rows_all_or_none_and_only_under_the_lease(any_store_url):
    with Store(any_store_url) as store:
        ids = held(store, 3, T0)
        held(store, 1, T0 + timedelta(hours=1), user="U2")
        assert [e.id for e in store.holds.due_held(T0)] == ids            # only what is due
        lease = store.acquire_lease("poller", "a", 30)
        assert lease is not None
        assert store.holds.claim_digest(ids[:2], "digest:one", lease=lease)
        # a second claim overlapping the first takes nothing, not even the free row
        assert not store.holds.claim_digest(ids, "digest:two", lease=lease)
        assert [e.status for e in store.ledger_entries()][:3] == ["digesting", "digesting", "held"]
        # a holder that lost the lease claims nothing
        store.release_lease("poller", "a")
        assert store.acquire_lease("poller", "b", 30) is not None
        assert not store.holds.claim_digest(ids[2:], "digest:three", lease=lease)
        assert store.holds.mark_digest_sent("digest:one", channel="D1", message_ts="1.0") == 2
        assert store.holds.mark_digest_sent("digest:one", channel="D1", message_ts="1.0") == 0   # once
        sent = [e for e in store.ledger_entries() if e.status == "sent"]
        assert {e.digest_key for e in sent} == {"digest:one"} and {e.note_status for e in sent} == {"pending"}
        assert store.ledger_notes_due() == sent                      # their work notes are due now, not before


def test_a_released_digest_is_held_again_and_a_failed_one_writes_no_note(any_store_url):
    with Store(any_store_url) as store:
        ids = held(store, 2, T0)
        lease = store.acquire_lease("poller", "a", 30)
        assert lease is not None and store.holds.claim_digest(ids, "digest:x", lease=lease)
        assert [e.id for e in store.holds.digests_in_doubt()] == ids
        store.holds.release_digest("digest:x", error="ratelimited")
        assert [e.id for e in store.holds.due_held(T0)] == ids
        assert store.holds.claim_digest(ids, "digest:x", lease=lease)
        store.holds.release_digest("digest:x", error="account_inactive", failed=True)
        assert {(e.status, e.note_status) for e in store.ledger_entries()} == {("failed", "none")}


def test_talk_activity_reads_messages_work_in_progress_and_open_questions(any_store_url):
    clock = {"t": T0}
    with Store(any_store_url, now=lambda: clock["t"]) as store:
        claim = store.intake.record("msg:D1:1", "U1", {"text": "hi"}, holder="bot", lease_seconds=30)
        assert store.holds.talk_activity(["U1", "U2"]) == {
            "U1": store.holds.talk_activity(["U1"])["U1"]}
        talk = store.holds.talk_activity(["U1"])["U1"]
        assert talk.working and talk.last_message_at == T0 and not talk.question_open
        store.intake.finish("msg:D1:1", claim.token)
        qid = store.questions.ask("U1", "pick", "close_case", carried={"op": "close_case"}, asked_by="msg:D1:2")
        talk = store.holds.talk_activity(["U1"])["U1"]
        assert not talk.working and talk.question_open
        store.questions.take(qid, "U1", taker="msg:D1:3")             # answered
        assert not store.holds.talk_activity(["U1"])["U1"].question_open
        store.questions.ask("U1", "pick", "close_case", carried={"op": "close_case"}, asked_by="msg:D1:4")
        assert store.holds.talk_activity(["U1"])["U1"].question_open
        clock["t"] = T0 + timedelta(minutes=11)                      # the question expired
        assert not store.holds.talk_activity(["U1"])["U1"].question_open


def test_held_rows_are_out_of_date_once_their_person_changes_their_timing_and_retimed_under_the_lease(any_store_url):
    with Store(any_store_url) as store:
        assert store.preferences.set_timing("U1", quiet=True, end="07:00").version == 1
        with store.transaction() as tx:           # held under version 1, and one held before versions existed
            mine = tx.add_ledger(case_id="500C1", kind="comment", source_id="a", slack_user_id="U1", payload={},
                                 status="held", due_at=T0, timing_version=1)
            old = tx.add_ledger(case_id="500C2", kind="comment", source_id="b", slack_user_id="U1", payload={},
                                status="held", due_at=T0)
        held(store, 1, T0, user="U2")             # U2 never changed their settings: never out of date
        assert [e.id for e in store.holds.out_of_date()] == [old]
        assert store.preferences.set_timing("U1", quiet=False).version == 2
        assert [e.id for e in store.holds.out_of_date()] == [mine, old]

        lease = store.acquire_lease("poller", "a", 30)
        assert lease is not None
        later = T0 + timedelta(hours=2)
        assert store.holds.claim_digest([old], "digest:old", lease=lease)      # already in a digest: left alone
        assert store.holds.retime({mine: (later, 2), old: (later, 2)}, lease=lease) == 1
        entry = next(e for e in store.ledger_entries() if e.id == mine)
        assert (entry.status, entry.due_at, entry.timing_version) == ("held", later, 2)
        assert store.holds.out_of_date() == []

        store.preferences.set_timing("U1", digest_hour=9)
        store.release_lease("poller", "a")
        assert store.acquire_lease("poller", "b", 30) is not None
        with pytest.raises(LeaseLost):                                       # fenced: an old holder writes nothing
            store.holds.retime({mine: (T0, 3)}, lease=lease)
        assert [e.id for e in store.holds.out_of_date()] == [mine]
