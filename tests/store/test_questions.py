"""The bot's questions, one row each (store/questions.py), on SQLite and PostgreSQL, by the store's clock: the rules
docs/reliability.md relies on (taken by the answering message, taken again by it on resume, put once per asking
message, an earlier message resumed late neither answers nor closes a later message's question), the case in
focus, and rows written before revision 0008 moved so that a question asked before the upgrade is answered
after it."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import create_engine, text

from store import Store, migrate

EARLY, LATE, LATER = "msg:D1:1700000000.000100", "msg:D1:1700000000.000200", "msg:D1:1700000000.000300"


def _duplicate(db, asker: str, text: str = "outlook frozen", user: str = "U1") -> str:
    return db.questions.ask(user, "duplicate", "file_case", candidates=[{"id": "500A", "number": "1001"}],
                            target="500A", carried={"text": text}, asked_by=asker, key=f"{asker}:duplicate")


def test_a_question_is_one_row_read_back_whole(db):
    qid = db.questions.ask("U1", "pick", "close_case", candidates=[{"id": "500A", "number": "1001", "subject": "VPN"}],
                           carried={"op": "close_case"}, asked_by=EARLY, key=f"{EARLY}:pick")
    got = db.questions.open_question("U1")
    assert (got.id, got.kind, got.op, got.candidates, got.target, got.carried, got.asked_by) == (
        qid, "pick", "close_case", ({"id": "500A", "number": "1001", "subject": "VPN"},), None,
        {"op": "close_case"}, EARLY)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM concierge_questions")).scalar_one() == 1


def test_taken_by_the_answering_message_and_again_by_it_only(db):
    qid = _duplicate(db, EARLY)
    assert db.questions.take(qid, "U2", taker=LATE) is None                 # another person: not consumed
    assert db.questions.take(qid, "U1", taker=LATE).carried == {"text": "outlook frozen"}
    assert db.questions.take(qid, "U1", taker=LATE).carried == {"text": "outlook frozen"}   # resumed: again
    assert db.questions.take(qid, "U1", taker=LATER) is None                # another message or click
    assert db.questions.open_question("U1") is None                          # answered: closed
    assert db.questions.open_question("U1", taker=LATE).id == qid            # ... but its taker reads it again
    assert not db.questions.is_open(qid, "U1")


def test_put_once_per_asking_message_whatever_happened_since(db):
    qid = _duplicate(db, EARLY, "a")
    assert _duplicate(db, EARLY, "b") == qid                                 # resumed: the same question
    assert db.questions.open_question("U1").carried == {"text": "a"}
    db.questions.take(qid, "U1", taker=LATE)
    assert _duplicate(db, EARLY, "a") == qid                                 # answered meanwhile: not re-opened
    assert db.questions.open_question("U1") is None and not db.questions.is_open(qid, "U1")
    assert _duplicate(db, LATER, "c") != qid
    resumed = db.questions.ask("U1", "confirm", "close_case", target="500A", carried={"op": "close_case"},
                               asked_by=EARLY, key=f"{EARLY}:confirm")     # what it would ask now differs:
    assert resumed == qid                                                    # still the one question it asked


def test_a_new_request_closes_it_for_typing_but_its_buttons_still_work(db):
    qid = _duplicate(db, EARLY)
    db.questions.close(qid, "U1", taker=LATE)
    assert db.questions.open_question("U1") is None
    assert db.questions.open_question("U1", taker=LATE).id == qid           # the closing message, resumed
    assert db.questions.is_open(qid, "U1")
    assert db.questions.take(qid, "U1", taker="click:1").carried == {"text": "outlook frozen"}


def test_one_open_question_per_person_the_later_message_s(db):
    first = _duplicate(db, EARLY)
    second = _duplicate(db, LATE, "second")
    assert db.questions.open_question("U1").id == second                     # replaced for typed answers
    assert db.questions.is_open(first, "U1")                                 # its buttons still answer it
    late = _duplicate(db, "msg:D1:1700000000.000150", "resumed late")        # an earlier message resumed late
    assert db.questions.open_question("U1").id == second                     # does not replace the later one
    assert db.questions.is_open(late, "U1")
    assert db.questions.open_question("U1", taker=EARLY) is None             # nor reads it (so cannot close it)
    assert db.questions.open_question("U1", taker=LATER).id == second
    assert db.questions.open_question("U2") is None


def test_buttons_only_questions_leave_the_open_question_alone(db):
    typed = _duplicate(db, EARLY)
    buttons = db.questions.ask("U1", "pick", "add_comment", carried={"op": "add_comment"}, asked_by=LATE,
                               key=f"{LATE}:pick", typed=False)
    assert db.questions.open_question("U1").id == typed
    assert db.questions.take(buttons, "U1", taker="click:1").carried == {"op": "add_comment"}


def test_typed_answers_count_ten_minutes_buttons_an_hour_then_pruned(db, clock):
    qid = _duplicate(db, EARLY)
    clock.advance(seconds=601)
    assert db.questions.open_question("U1") is None
    assert db.questions.is_open(qid, "U1")
    clock.advance(seconds=3000)
    assert db.questions.take(qid, "U1", taker=LATE) is None and not db.questions.is_open(qid, "U1")
    assert db.prune() == 1


def test_two_takers_at_once_one_wins(db):
    from concurrent.futures import ThreadPoolExecutor
    qid = _duplicate(db, EARLY)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda i: db.questions.take(qid, "U1", taker=f"click:{i}"), range(8)))
    assert sum(g is not None for g in got) == 1


def test_the_case_in_focus_is_replaced_owner_keyed_and_expires(db, clock):
    db.case_focus.set("U1", "500A", "00001001", "VPN", ttl_seconds=60)
    db.case_focus.set("U1", "500B", "00001002", "Printer", ttl_seconds=60)     # replaced, not added
    got = db.case_focus.get("U1")
    assert (got.case_id, got.case_number, got.subject, got.set_at) == ("500B", "00001002", "Printer", clock.at)
    assert db.case_focus.get("U2") is None
    clock.advance(seconds=61)
    assert db.case_focus.get("U1") is None
    db.case_focus.set("U1", "500A", "00001001", "VPN", ttl_seconds=60)
    db.case_focus.clear("U1")
    assert db.case_focus.get("U1") is None


# -- rows written before revision 0008, exactly as the code of that time wrote them
def _hashed(value: str) -> str:
    return "taken:" + hashlib.sha256(value.encode()).hexdigest()[:48]


def _keyed(key: str) -> str:
    return "q" + hashlib.sha256(key.encode()).hexdigest()[:40]


def test_rows_of_revision_0007_are_moved_and_still_answer(any_store_url):
    engine = create_engine(any_store_url)
    with engine.begin() as conn:
        command.upgrade(migrate.config(conn), "0007")
    now = datetime.now(UTC).replace(tzinfo=None)
    hour, ten = now + timedelta(hours=1), now + timedelta(minutes=10)
    open_dup, taken_dup, clicked = _keyed(f"{EARLY}:duplicate"), _keyed(f"{LATE}:duplicate"), "rAnd0m-pick"
    legacy = [
        # U1: "Is this about case 1001?" open (one-use row + typed-answer row): answered after the upgrade
        (open_dup, "U1", "file_case", {"text": "outlook frozen", "case_type": "Incident", "dedupe_key": EARLY}, hour),
        ("ask:U1", "U1", "question", {"pending": open_dup, "op": "duplicate", "target": "500A",
                                      "cases": [{"id": "500A", "number": "1001", "subject": "Outlook"}],
                                      "asked_by": EARLY}, ten),
        # U2: a "no" (message LATER) had taken the question and its row when its replica died
        (_hashed(taken_dup), "U2", _hashed(LATER), {"text": "printer jams", "case_type": "Incident"}, hour),
        (_hashed("ask:U2"), "U2", _hashed(LATER), {"pending": taken_dup, "op": "duplicate", "target": "500B",
                                                   "cases": [{"id": "500B", "number": "1002"}], "asked_by": LATE}, ten),
        # U3: a "Which case?" taken by a click whose work was cut; and a confirm still open for its buttons
        (_hashed(clicked), "U3", _hashed("click:9"), {"op": "close_case"}, hour),
        ("cOnfirm", "U3", "pick_case", {"op": "reopen_case", "declined": "500C", "others": False}, hour),
        ("focus:U3", "U3", "focus", {"case_id": "500C", "case_number": "00001003", "subject": "Dock"}, ten),
    ]
    pending = _pending_table()
    with engine.begin() as conn:
        for rid, user, kind, payload, expires in legacy:
            conn.execute(pending.insert().values(id=rid, slack_user_id=user, kind=kind, payload=payload,
                                                 created_at=now, expires_at=expires))
    engine.dispose()
    with Store(any_store_url) as db:
        assert db.schema_version() == migrate.head()
        q = db.questions.open_question("U1")                                   # typed "no" still answers it
        assert (q.id, q.kind, q.op, q.target, q.asked_by) == (open_dup, "duplicate", "file_case", "500A", EARLY)
        assert q.candidates == ({"id": "500A", "number": "1001", "subject": "Outlook"},)
        assert db.questions.take(open_dup, "U1", taker=LATE).carried["text"] == "outlook frozen"
        assert _duplicate(db, EARLY) == open_dup                                # still put once per message
        assert db.questions.open_question("U2") is None                          # U2's: taken by LATER...
        resumed = db.questions.open_question("U2", taker=LATER)                 # ... which reads it on resume
        assert (resumed.id, resumed.kind, resumed.target) == (taken_dup, "duplicate", "500B")
        assert db.questions.take(taken_dup, "U2", taker=LATER).carried["text"] == "printer jams"
        assert db.questions.take(taken_dup, "U2", taker="msg:D1:9.9") is None
        assert db.questions.take(clicked, "U3", taker="click:9").carried == {"op": "close_case"}   # resumed click
        assert db.questions.take(clicked, "U3", taker="click:10") is None
        assert db.questions.take("cOnfirm", "U3", taker="click:11").carried["op"] == "reopen_case"
        assert db.case_focus.get("U3").case_number == "00001003"
        with db.engine.connect() as conn:
            assert "concierge_pending" not in {r[0] for r in conn.execute(text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                if db.dialect == "postgresql" else "SELECT name FROM sqlite_master WHERE type = 'table'"))}


def _pending_table():  # noqa: ANN202
    from sqlalchemy import JSON, Column, DateTime, MetaData, String, Table
    return Table("concierge_pending", MetaData(), Column("id", String(64), primary_key=True),
                 Column("slack_user_id", String(64)), Column("kind", String(64)), Column("payload", JSON),
                 Column("created_at", DateTime()), Column("expires_at", DateTime()))


def test_a_downgrade_moves_open_questions_and_the_focus_back_and_an_upgrade_again_keeps_them(any_store_url):
    with Store(any_store_url) as db:
        qid = _duplicate(db, EARLY)
        db.case_focus.set("U1", "500A", "00001001", "VPN", ttl_seconds=600)
    engine = create_engine(any_store_url)
    with engine.begin() as conn:
        command.downgrade(migrate.config(conn), "0007")
    with engine.connect() as conn:
        assert {r.id for r in conn.execute(text("SELECT id FROM concierge_pending"))} == {qid, "ask:U1", "focus:U1"}
    engine.dispose()
    with Store(any_store_url) as db:
        q = db.questions.open_question("U1")
        assert (q.id, q.kind, q.carried, q.asked_by) == (qid, "duplicate", {"text": "outlook frozen"}, EARLY)
        assert db.case_focus.get("U1").case_id == "500A"
