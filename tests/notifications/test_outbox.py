"""The outbox flusher against the emulator: queued while Salesforce is down, delivered once when it is back."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notifications import Messenger, OutboxFlusher
from tests.notifications.fakes import FakeSlack, SlackUser
from store.payloads import AddCommentPayload, CaseRefPayload, FileCasePayload, OutboxOp


@pytest.fixture
def env(store, desk, employee, sf):
    slack = FakeSlack([SlackUser("UEMP", employee.email, "UTC", employee.name)])
    flusher = OutboxFlusher(store=store, desk=desk, messenger=Messenger(slack.client(), per_conversation_interval=0),
                            holder="replica-a")
    yield store, desk, employee, sf, slack, flusher
    slack.close()


def due_now(store):
    """Skip the backoff wait (the test's clock)."""
    from sqlalchemy import update

    from store import schema
    with store.engine.begin() as conn:
        conn.execute(update(schema.outbox).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))


def test_queued_case_waits_for_salesforce_then_is_filed_once(env):
    store, desk, employee, sf, slack, flusher = env
    payload = FileCasePayload(contact_id=employee.id, slack_user_id="UEMP", text="Monitor flickers on and off",
                              case_type="Incident")
    entry = store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", payload, "ev:1")
    assert store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", payload, "ev:1") == entry      # a Slack retry
    sf.set_fault("unavailable")
    r = flusher.run_once()
    assert r.retry_later == 1 and r.delivered == 0 and slack.posts() == []
    assert store.get_outbox(entry).status == "queued"
    sf.clear_faults()
    assert flusher.run_once().claimed == 0                                          # backing off
    due_now(store)
    r = flusher.run_once()
    assert r.delivered == 1
    cases = desk.list_open_cases(employee.id)
    assert [c.subject for c in cases] == ["Monitor flickers on and off"]
    [msg] = slack.posts("UEMP")
    assert "Salesforce is back" in msg["text"] and cases[0].case_number in msg["text"]
    assert store.get_tracked(cases[0].id).slack_user_id == "UEMP"
    due_now(store)
    assert flusher.run_once().claimed == 0 and len(desk.list_open_cases(employee.id)) == 1


def test_cut_off_file_case_is_not_filed_twice(env):
    store, desk, employee, sf, slack, flusher = env
    payload = FileCasePayload(contact_id=employee.id, slack_user_id="UEMP", text="Laptop battery swells")
    entry = store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", payload, "ev:2")
    # A replica claimed it, filed the case, and died before recording it.
    [claimed] = store.claim_outbox("dead-replica", claim_seconds=0)
    assert store.note_outbox_send(claimed.id, "dead-replica")
    desk.file_case(employee.id, payload.text)
    r = flusher.run_once()
    assert r.delivered == 1 and store.get_outbox(entry).result.get("recovered") is True
    assert len(desk.list_open_cases(employee.id)) == 1


def test_a_claim_cut_off_before_its_write_was_sent_is_delivered_as_soon_as_it_expires(env):
    """A flusher claimed the entries and died before sending anything (while fetching files, or queued behind
    another entry of its batch): nothing of them can land, so they are not in doubt; they are delivered at the
    next flush, not after SF_IN_DOUBT_SECONDS (600 s here, the default)."""
    store, desk, employee, sf, slack, flusher = env
    assert flusher.in_doubt_seconds == 600
    texts = ["Headset crackles in calls", "Second monitor stays black"]
    for i, text in enumerate(texts):
        store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", FileCasePayload(employee.id, text, slack_user_id="UEMP"),
                             f"ev:unsent:{i}")
    claimed = store.claim_outbox("dead-replica", claim_seconds=0)      # claimed, then the replica died
    assert len(claimed) == 2
    r = flusher.run_once()
    assert (r.delivered, r.retry_later) == (2, 0)
    assert sorted(c.subject for c in desk.list_open_cases(employee.id)) == sorted(texts)
    assert all(e.settle_until is None and not e.result.get("recovered") for e in store.outbox_entries())


def test_a_claim_cut_off_after_its_write_was_sent_is_only_looked_for_until_it_settles(env):
    """The dead flusher had sent the write (recorded just before): it may still land, so it is looked for, never
    redone, until the in-doubt window has passed; found meanwhile, it is confirmed at once."""
    store, desk, employee, sf, slack, flusher = env
    payload = FileCasePayload(employee.id, "Docking station resets USB", slack_user_id="UEMP")
    entry = store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", payload, "ev:sent")
    [claimed] = store.claim_outbox("dead-replica", claim_seconds=0)
    assert store.note_outbox_send(claimed.id, "dead-replica")          # sent, then the replica died
    r = flusher.run_once()
    assert (r.delivered, r.retry_later) == (0, 1) and desk.list_open_cases(employee.id) == []
    assert store.get_outbox(entry).settle_until is not None
    desk.file_case(employee.id, payload.text)                         # the dead flusher's write lands late
    due_now(store)
    r = flusher.run_once()
    assert r.delivered == 1 and store.get_outbox(entry).result.get("recovered") is True
    assert len(desk.list_open_cases(employee.id)) == 1


def test_a_stalled_flusher_whose_claim_was_taken_over_does_not_send(env):
    store, desk, employee, sf, slack, flusher = env
    store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", FileCasePayload(employee.id, "Pager app", slack_user_id="UEMP"),
                         "ev:stalled")
    [claimed] = store.claim_outbox("stalled-replica", claim_seconds=0)
    assert flusher.run_once().delivered == 1                          # taken over (never sent: at once)
    assert not store.note_outbox_send(claimed.id, "stalled-replica")  # the stalled one may not send now


def test_comment_close_and_a_refusal(env):
    store, desk, employee, sf, slack, flusher = env
    case = desk.file_case(employee.id, "VPN drops")
    store.track_case(case.id, contact_id=employee.id, slack_user_id="UEMP", case_number=case.case_number,
                     status=case.status, state=str(case.state))          # as the bot does when filing
    store.enqueue_outbox(OutboxOp.ADD_COMMENT, "UEMP", AddCommentPayload(employee.id, case.case_number,
                                                                         "It happened again at 10:00"), "ev:3")
    store.enqueue_outbox(OutboxOp.CLOSE_CASE, "UEMP", CaseRefPayload(employee.id, case.id), "ev:4")
    store.enqueue_outbox(OutboxOp.ADD_COMMENT, "UEMP", AddCommentPayload(employee.id, "99999999", "wrong case"),
                         "ev:5")
    r = flusher.run_once()
    assert (r.delivered, r.failed) == (2, 1)
    assert desk.get_case(employee.id, case.id).is_closed
    texts = [m["text"] for m in slack.posts("UEMP")]
    assert any("added your comment" in t for t in texts) and any("closed case" in t for t in texts)
    assert any(t.startswith("I couldn't add your comment") for t in texts)
    assert [e.status for e in store.outbox_entries()] == ["delivered", "delivered", "failed"]
    # the queued close is Concierge's own change: the poller compares later agent changes with it
    tracked = store.get_tracked(case.id)
    assert (tracked.seen_status, tracked.seen_state) == ("Closed - By User", "CLOSED")


def test_a_queued_case_that_sharing_hides_is_delivered_once(env):
    """Case OWD Private without View All: the filed case cannot be read back; the outbox still counts it
    delivered (no retry, so no duplicate) and tells the employee."""
    store, desk, employee, sf, slack, flusher = env
    sf.set_options(case_sharing="private", integration_view_all=False)
    payload = FileCasePayload(contact_id=employee.id, slack_user_id="UEMP", text="Docking station is dead",
                              case_type="Incident")
    entry = store.enqueue_outbox(OutboxOp.FILE_CASE, "UEMP", payload, "ev:hidden")
    r = flusher.run_once()
    assert r.delivered == 1 and store.get_outbox(entry).status == "delivered"
    due_now(store)
    assert flusher.run_once().claimed == 0
    with sf.org.lock:
        n = sf.org.conn.execute('SELECT COUNT(*) FROM "Case" WHERE "ContactId" = ?', (employee.id,)).fetchone()[0]
    assert n == 1 and len(slack.posts("UEMP")) == 1
    assert "I filed your case: Docking station is dead" in slack.posts("UEMP")[0]["text"]
