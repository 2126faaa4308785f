"""Typed contracts over stored strings and JSON: outbox ops and payloads, intents, notification kinds and
canonical states. Rows queued by earlier versions (literal JSON below, as the bot wrote them) still load, and
writing them back gives the same keys and values."""
from __future__ import annotations

import json

import pytest

from intents import INTENTS, Intent
from notifications.rules import KINDS, NotificationKind
from servicecloud.config import CanonicalState
from store import OUTBOX_OPS
from store.payloads import (AddCommentPayload, CaseRefPayload, FileCasePayload, OutboxOp, UpdateDescriptionPayload,
                            payload_from_json)

# As bot/conversation.py has queued them: a case while the Contact was unknown (first message in an outage),
# a case with a file, a comment, close/reopen, details added.
OLD_ROWS = [
    ("file_case", '{"contact_id": null, "email": "amy@example.com", "slack_user_id": "U0AMY", "text": "vpn down", '
                  '"subject": "VPN down", "priority": "High", "why": "says it is urgent", "description": null, '
                  '"case_type": "Incident", "channel": "dm", "files": []}', FileCasePayload),
    ("file_case", '{"contact_id": "003A", "text": "printer jams", "description": "since Monday", '
                  '"case_type": "Service Request", "channel": "modal", "files": [{"id": "F1", "name": "jam.png", '
                  '"size": 10, "mimetype": "image/png", "url": "https://files.example/F1"}], "subject": "Printer jams", '
                  '"priority": "Medium"}', FileCasePayload),
    ("add_comment", '{"contact_id": "003A", "case_ref": "00001001", "body": "still broken"}', AddCommentPayload),
    ("close_case", '{"contact_id": "003A", "case_ref": "500A"}', CaseRefPayload),
    ("reopen_case", '{"contact_id": "003A", "case_ref": "00001001"}', CaseRefPayload),
    ("update_description", '{"contact_id": "003A", "case_ref": "500A", "text": "also the dock"}',
     UpdateDescriptionPayload),
]


@pytest.mark.parametrize(("op", "row", "kind"), OLD_ROWS)
def test_rows_queued_by_earlier_versions_load_and_write_back_unchanged(op, row, kind):
    stored = json.loads(row)
    payload = payload_from_json(op, stored)
    assert type(payload) is kind
    assert payload.to_json() == stored
    assert json.loads(json.dumps(payload.to_json())) == stored


def test_typed_fields_read_from_the_old_keys():
    [file_case, with_file, comment, close, _, details] = [payload_from_json(op, json.loads(row))
                                                         for op, row, _ in OLD_ROWS]
    assert (file_case.contact_id, file_case.email, file_case.subject, file_case.priority) == (
        None, "amy@example.com", "VPN down", "High")
    assert with_file.files[0]["name"] == "jam.png" and with_file.channel == "modal"
    assert (comment.case_ref, comment.body) == ("00001001", "still broken")
    assert close.case_ref == "500A" and details.append is True
    assert UpdateDescriptionPayload("003A", "500A", "x", append=False).to_json()["append"] is False
    assert "email" not in AddCommentPayload("003A", "1", "b").to_json()


def test_an_unknown_op_is_refused_and_unknown_keys_are_ignored():
    with pytest.raises(ValueError):
        payload_from_json("delete_case", {"contact_id": "003A", "case_ref": "1"})
    assert payload_from_json("close_case", {"contact_id": "003A", "case_ref": "1", "later": 1}).to_json() == {
        "contact_id": "003A", "case_ref": "1"}


def test_enums_compare_equal_to_the_strings_already_stored():
    assert OutboxOp.FILE_CASE == "file_case" and set(OUTBOX_OPS) == set(OutboxOp)
    assert json.dumps({"op": OutboxOp.CLOSE_CASE}) == '{"op": "close_case"}'
    assert INTENTS == tuple(Intent) and Intent("close_case") is Intent.CLOSE_CASE
    assert NotificationKind("filed_elsewhere") is NotificationKind.FILED_ELSEWHERE and "nudge" in KINDS
    assert CanonicalState("WAITING_FOR_USER") == "WAITING_FOR_USER"


def test_old_rows_stored_in_the_outbox_table_are_claimed_and_read_typed(any_store_url):
    """The rows above as literal JSON in `concierge_outbox` (as an earlier version stored them), on SQLite and
    PostgreSQL: claimed, read as their payload type, and the same JSON comes back."""
    from sqlalchemy import text

    from store import Store
    from store import schema as t

    db = Store(any_store_url)
    try:
        now = db.now()
        with db.engine.begin() as conn:
            for i, (op, row, _) in enumerate(OLD_ROWS):
                conn.execute(t.outbox.insert().values(op=op, slack_user_id="U1", payload={}, dedupe_key=f"old:{i}",
                                                      status="queued", attempts=0, created_at=now,
                                                      next_attempt_at=now))
                literal = "CAST(:row AS JSON)" if db.dialect == "postgresql" else ":row"
                conn.execute(text(f"UPDATE concierge_outbox SET payload = {literal} WHERE dedupe_key = :k"),
                             {"row": row, "k": f"old:{i}"})
        claimed = db.claim_outbox("w1")
        assert [(e.op, e.payload) for e in claimed] == [(op, json.loads(row)) for op, row, _ in OLD_ROWS]
        for entry, (_, row, kind) in zip(claimed, OLD_ROWS, strict=True):
            payload = payload_from_json(entry.op, entry.payload)
            assert type(payload) is kind and payload.to_json() == json.loads(row)
    finally:
        db.close()


def test_the_bot_queues_typed_payloads_and_they_are_stored_as_the_old_json(any_store_url):
    from store import Store

    db = Store(any_store_url)
    try:
        for i, (op, row, _) in enumerate(OLD_ROWS):
            db.enqueue_outbox(OutboxOp(op), "U1", payload_from_json(op, json.loads(row)), f"new:{i}")
        assert [e.payload for e in db.outbox_entries()] == [json.loads(row) for _, row, _ in OLD_ROWS]
        with pytest.raises(TypeError):
            db.enqueue_outbox(OutboxOp.CLOSE_CASE, "U1", {"contact_id": "003A", "case_ref": "1"}, "dict")  # type: ignore[arg-type]
    finally:
        db.close()
