"""Ledger payloads as typed snapshots: rows as the poller has always stored them load, render and write back
unchanged; the rules write exactly those keys."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from notifications import cards, rules
from notifications.snapshots import CaseSnapshot, CommentSnapshot, FileRef, NudgeSnapshot, StatusSnapshot
from servicecloud.models import AgentReply, FileLink
from store.notice import NoticeSent

from tests.notifications.test_rules_cards import ORG, T0, Case, comment, decide

CASE = {"case_id": "500A", "case_number": "00001001", "subject": "VPN <drops>", "status": "Resolved",
        "state": "RESOLVED", "assignee": "Sam Rivera", "url": None, "origin": "Concierge Slack", "type": None}
# Rows as stored by the poller (JSON from the ledger's payload column).
WAITING = json.loads('{"case_id": "500A", "case_number": "00001001", "subject": "VPN <drops>", '
                     '"status": "Waiting for customer response", "state": "WAITING_FOR_USER", "assignee": "Sam Rivera", '
                     '"url": null, "origin": "Concierge Slack", "type": null, "agent": "Sam Rivera", '
                     '"question": "What\'s your laptop\'s model?", "asked_by": "Sam Rivera"}')
RESOLVED = {**CASE, "agent": "Sam Rivera"}
FILED = {**CASE, "status": "New", "state": "NEW", "origin": "Email"}
COMMENT = json.loads('{"case_id": "500A", "case_number": "00001001", "subject": "VPN <drops>", "status": "New", '
                     '"state": "NEW", "assignee": "Sam Rivera", "url": null, "origin": "Concierge Slack", "type": null, '
                     '"comment_id": "00a1", "body": "hi", "author": "Sam Rivera", '
                     '"commented_at": "2026-11-24T10:00:00.000+00:00"}')
EMAIL = json.loads('{"case_id": "500A", "case_number": "00001001", "subject": "VPN", "status": null, "state": null, '
                   '"assignee": null, "url": null, "origin": null, "type": null, "comment_id": "02sE", '
                   '"body": "Please reboot", "author": "Sam Rivera", "commented_at": "2026-11-24T10:00:00.000+00:00", '
                   '"channel": "email", "files": [{"name": "log.txt", "url": "https://x/log"}]}')
NUDGE = json.loads('{"case_id": "500A", "case_number": "00001001", "subject": "s", "status": "New", "state": "NEW", '
                   '"assignee": null, "url": null, "nudge_number": 1, "idle_days": 4, "max_nudges": 3}')

ROWS = [("waiting", WAITING, StatusSnapshot), ("resolved", RESOLVED, StatusSnapshot),
        ("closed", RESOLVED, StatusSnapshot), ("filed_elsewhere", FILED, CaseSnapshot),
        ("comment", COMMENT, CommentSnapshot), ("comment", EMAIL, CommentSnapshot), ("nudge", NUDGE, NudgeSnapshot)]


@pytest.mark.parametrize(("kind", "row", "shape"), ROWS)
def test_a_stored_row_loads_as_its_snapshot_and_writes_back_unchanged(kind, row, shape):
    snap = rules.snapshot_from_json(kind, row)
    assert type(snap) is shape and snap.case_id == "500A"
    assert snap.to_json() == row
    assert json.loads(json.dumps(snap.to_json())) == row        # JSON-safe (files as objects, not FileRefs)


def test_typed_fields_read_from_the_row():
    email = rules.snapshot_from_json("comment", EMAIL)
    assert isinstance(email, CommentSnapshot) and email.files == (FileRef("log.txt", "https://x/log"),)
    assert email.channel == "email" and email.status is None
    waiting = rules.snapshot_from_json("waiting", WAITING)
    assert isinstance(waiting, StatusSnapshot) and waiting.question == "What's your laptop's model?"
    nudge = rules.snapshot_from_json("nudge", NUDGE)
    assert isinstance(nudge, NudgeSnapshot) and (nudge.nudge_number, nudge.idle_days, nudge.max_nudges) == (1, 4, 3)


def test_a_waiting_row_without_a_question_keeps_its_keys():
    row = {**CASE, "status": "Waiting", "state": "WAITING_FOR_USER", "agent": None}
    assert rules.snapshot_from_json("waiting", row).to_json() == row


def test_old_or_partial_rows_still_load_and_render():
    """Unknown keys are ignored and missing ones take their default: a row is never refused."""
    snap = rules.snapshot_from_json("nudge", {"case_id": "500A", "nudge_number": 2, "extra": "x"})
    assert snap == NudgeSnapshot(case_id="500A", nudge_number=2)
    assert "reminder 2 of ?" in cards.work_note("nudge", {"case_id": "500A", "nudge_number": 2}, recipient=None)
    text, _ = cards.render("comment", {"case_id": "500A"})
    assert text == "New comment on case your case from an agent"


def test_rules_write_the_stored_keys():
    known = {"500A": rules.KnownCase("U1", "NEW")}
    waiting = decide([Case("Waiting for customer response")], comments=[comment("What's your laptop's model?")],
                     known=known)
    by_kind = {d.kind: d.payload for d in waiting.decisions}
    assert by_kind["waiting"] == WAITING
    assert by_kind["comment"] == {**COMMENT, "status": WAITING["status"], "state": WAITING["state"],
                                  "body": "What's your laptop's model?"}
    assert decide([Case("Resolved")], known=known).decisions[0].payload == RESOLVED
    filed = decide([Case(origin="Email", created=T0 - timedelta(seconds=10), created_by="005AGENT")])
    assert filed.decisions[0].payload == FILED
    reply = AgentReply("02sE", "500A", "email", "Please reboot", True, "005AGENT", "Sam Rivera", T0, T0,
                       files=(FileLink("log.txt", "https://x/log"),), case_number="00001001", case_subject="VPN",
                       contact_id="003A")
    out = rules.decide_changes(cases=[], comments=[], users_by_contact={"003A": "U1"}, known={},
                               integration_user_id="005BOT", org=ORG, window_start=T0, replies=[reply])
    assert out.decisions[0].payload == EMAIL
    nudge = rules.nudge_decision(case_id="500A", slack_user_id="U1", case_number="00001001", subject="s",
                                 status="New", state="NEW", last_user_activity=T0, nudge_count=0,
                                 now=T0 + timedelta(days=4), org=ORG)
    assert nudge.payload == NUDGE


def test_stored_rows_render_their_cards():
    text, blocks = cards.render("waiting", WAITING)
    assert text == "Case 00001001 is waiting for your reply"
    assert "What's your laptop's model?" in json.dumps(blocks) and "&lt;drops&gt;" in json.dumps(blocks)
    text, blocks = cards.render("comment", EMAIL)
    assert text == "New email on case 00001001 from Sam Rivera" and "<https://x/log|log.txt>" in json.dumps(blocks)
    text, _ = cards.render("nudge", NUDGE)
    assert text == "Reminder: case 00001001 is still open"
    assert cards.work_note("nudge", NUDGE, recipient="Amy") == (
        "Concierge notified Amy in Slack: reminder 1 of 3: no activity from them on this case.")
    assert cards.work_note("comment", EMAIL, recipient=None).endswith("the new email from Sam Rivera.")


@pytest.mark.parametrize(("kind", "row", "shape"), ROWS)
def test_the_bots_view_of_a_sent_notice_reads_what_the_snapshots_write(kind, row, shape):
    """The bot reads the latest notice through store/notice.py (it may not import the notifications): the keys
    it reads are the ones the snapshots write, for every kind."""
    snap = rules.snapshot_from_json(kind, row)
    notice = NoticeSent.from_row(snap.case_id, snap.to_json())
    assert (notice.case_number, notice.subject) == (snap.case_number, snap.subject)
    if isinstance(snap, StatusSnapshot):
        assert (notice.agent_words, notice.agent) == (snap.question, snap.asked_by)
    elif isinstance(snap, CommentSnapshot):
        assert (notice.agent_words, notice.agent) == (snap.body, snap.author)
    else:
        assert (notice.agent_words, notice.agent) == (None, None)
