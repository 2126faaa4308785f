"""The read model's tables (store/casebook.py) on SQLite and PostgreSQL: a row is never replaced by an older
version, a seed replaces a contact's rows, the change feed keeps only the contacts the read model holds."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import CaseRow, Store

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
ALICE, BOB = "003000000000001AAA", "003000000000002AAA"


def _row(case_id: str, contact: str = ALICE, *, status: str = "New", at: datetime = T0, **kw) -> CaseRow:
    return CaseRow(case_id=case_id, contact_id=contact, case_number=case_id[-8:], subject=f"Subject {case_id}",
                   status=status, state="NEW", is_closed=False, created_date=T0, system_modstamp=at, **kw)


@pytest.fixture
def book(any_store_url):
    s = Store(any_store_url)
    yield s.casebook
    s.close()


def test_a_read_back_never_undoes_a_newer_change(book):
    book.put([_row("500000000000001", status="Waiting", at=T0 + timedelta(minutes=2), description="details")])
    book.put([_row("500000000000001", status="New", at=T0)])                    # older: ignored
    assert book.get(ALICE, "500000000000001").status == "Waiting"
    book.put([_row("500000000000001", status="Closed", at=T0 + timedelta(minutes=3))])   # newer, no description
    row = book.get(ALICE, "500000000000001")
    assert (row.status, row.description) == ("Closed", "details")               # a list read keeps the details


def test_a_seed_replaces_the_contacts_rows_and_marks_them_synced(book):
    book.put([_row("500000000000001"), _row("500000000000002"), _row("500000000000003", BOB)])
    assert book.synced(ALICE) == (None, None)
    book.seed(ALICE, [_row("500000000000002", status="Working")], T0)
    assert [(r.case_id, r.status) for r in book.cases(ALICE)] == [("500000000000002", "Working")]
    assert [r.case_id for r in book.cases(BOB)] == ["500000000000003"]           # other contacts untouched
    assert book.synced(ALICE) == (T0, None)


def test_the_feed_keeps_seeded_contacts_cases_and_drops_cases_moved_away(book):
    book.seed(ALICE, [_row("500000000000001")], T0)
    later = T0 + timedelta(minutes=1)
    stored = book.feed([_row("500000000000001", status="Working", at=later),
                        _row("500000000000009", at=later),                      # filed elsewhere: appears
                        _row("500000000000005", BOB, at=later)], later)         # not held: not stored
    assert stored == 2
    assert {r.case_id: r.status for r in book.cases(ALICE)} == {"500000000000001": "Working",
                                                                "500000000000009": "New"}
    assert book.cases(BOB) == []
    moved = T0 + timedelta(minutes=2)
    book.feed([_row("500000000000009", BOB, at=moved)], moved)                  # now someone else's case
    assert [r.case_id for r in book.cases(ALICE)] == ["500000000000001"]
    assert book.synced(ALICE) == (T0, moved)


def test_a_change_sharing_the_stamp_of_the_read_before_it_is_stored(book):
    book.put([_row("500000000000001", status="New")])
    book.put([_row("500000000000001", status="Closed")])                       # same SystemModstamp, other values
    assert book.get(ALICE, "500000000000001").status == "Closed"


def test_reading_the_read_model_waits_for_no_writer(tmp_path):
    """The App Home and the duplicate check read the read model on every message: on SQLite those reads must
    not queue for the write lock (a `BEGIN IMMEDIATE` would wait out another thread's write, then time out)."""
    import sqlite3
    url = f"sqlite:///{tmp_path / 'book.sqlite'}"
    s = Store(url, busy_timeout_ms=50)
    try:
        s.casebook.seed(ALICE, [_row("500000000000001")], T0)
        s.preferences.set("U1", {"waiting": False})
        writer = sqlite3.connect(str(tmp_path / "book.sqlite"), isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")                       # another thread is writing
        try:
            assert [r.case_id for r in s.casebook.cases(ALICE)] == ["500000000000001"]
            assert s.casebook.get(ALICE, "500000000000001") is not None
            assert s.casebook.synced(ALICE) == (T0, None)
            assert s.preferences.of(["U1"]) == {"U1": {"waiting": False}}
            assert s.preferences.timing_of(["U1"]) == {}
            s.casebook.put([_row("500000000000001")])           # nothing new: no write needed either
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        s.close()


def test_a_seed_with_no_cases_empties_the_contacts_rows(book):
    book.put([_row("500000000000001"), _row("500000000000003", BOB)])
    book.seed(ALICE, [], T0)
    assert book.cases(ALICE) == []
    assert [r.case_id for r in book.cases(BOB)] == ["500000000000003"]
    assert book.synced(ALICE) == (T0, None)


def test_seeding_again_rewrites_only_the_rows_that_changed(any_store_url):
    """A contact seeded again (the daily refresh, a second Slack account of the same person) holds the write
    lock only for what changed: rows already held as returned are left as stored."""
    from sqlalchemy import select

    from store import schema
    clock = {"t": T0}
    s = Store(any_store_url, now=lambda: clock["t"])
    try:
        s.casebook.seed(ALICE, [_row("500000000000001"), _row("500000000000002")], T0)
        clock["t"] = T0 + timedelta(hours=1)
        later = T0 + timedelta(minutes=5)
        s.casebook.seed(ALICE, [_row("500000000000001"), _row("500000000000002", status="Working", at=later)],
                        later)
        with s.engine.connect() as conn:
            stored = dict(conn.execute(select(schema.case_book.c.case_id, schema.case_book.c.stored_at)).all())
        assert stored["500000000000001"].replace(tzinfo=UTC) == T0                   # unchanged: not written
        assert stored["500000000000002"].replace(tzinfo=UTC) == T0 + timedelta(hours=1)
        assert s.casebook.get(ALICE, "500000000000002").status == "Working"
        assert s.casebook.synced(ALICE) == (later, None)
    finally:
        s.close()


def test_drop_removes_only_the_contacts_rows_stored_before_the_question(any_store_url):
    clock = {"t": T0}
    with Store(any_store_url, now=lambda: clock["t"]) as store:
        book = store.casebook
        book.put([_row("500000000000001"), _row("500000000000002"), _row("500000000000003", BOB)])
        asked = T0 + timedelta(seconds=1)
        clock["t"] = T0 + timedelta(seconds=2)                  # written after the question was sent: kept
        book.put([_row("500000000000002", status="Working", at=T0 + timedelta(seconds=2))])
        assert book.drop(ALICE, ["500000000000001", "500000000000002", "500000000000003"], stored_before=asked) == 1
        assert [r.case_id for r in book.cases(ALICE)] == ["500000000000002"]
        assert [r.case_id for r in book.cases(BOB)] == ["500000000000003"]     # another contact's: untouched
        assert book.drop(ALICE, [], stored_before=asked) == 0


def test_milestones_are_kept_by_a_list_read_of_the_same_version_and_forgotten_by_a_newer_one(book):
    """`targets` (the open milestones, JSON): a read without them (a list, the feed with milestones off) keeps
    those read with the same version of the case; a newer version read without them leaves them unknown (never
    out of date); a newer one read with them replaces them."""
    cid = "500000000000001"
    book.put([_row(cid, targets='{"stopped":false,"milestones":[]}')])
    book.put([_row(cid)])                                                        # same stamp, not read: kept
    assert book.get(ALICE, cid).targets == '{"stopped":false,"milestones":[]}'
    book.put([_row(cid, status="Working", at=T0 + timedelta(minutes=1))])      # newer, not read: unknown
    assert book.get(ALICE, cid).targets is None
    book.put([_row(cid, status="Working", at=T0 + timedelta(minutes=2), targets='{"stopped":true,"milestones":[]}')])
    assert book.get(ALICE, cid).targets == '{"stopped":true,"milestones":[]}'
    book.seed(ALICE, [_row(cid, status="Working", at=T0 + timedelta(minutes=2))], T0 + timedelta(minutes=3))
    assert book.get(ALICE, cid).targets == '{"stopped":true,"milestones":[]}'   # a seed of the same version too
