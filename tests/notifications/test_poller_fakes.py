"""The poller cycle against an in-memory desk and a recording Slack server (real slack_sdk client)."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from slackui import ids
from slackui.values import CaseTarget
from notifications import Poller
from notifications.poller import STREAM
from tests.notifications.conftest import ALICE_CONTACT, BOB_CONTACT
from tests.notifications.fakes import AGENT, INTEGRATION


def make_poller(store, desk, slack, **kw) -> Poller:
    kw.setdefault("overlap_seconds", 2.0)
    kw.setdefault("per_conversation_interval", 0.0)
    return Poller(store=store, desk=desk, client=slack.client(), **kw)


def buttons(msg) -> dict[str, str]:
    """action_id -> the case a button names (a button that opens a modal carries a CaseTarget)."""
    return {e["action_id"]: CaseTarget.from_json(e["value"]).case_id if e["action_id"] in ids.OPENS_MODAL
            else e["value"] for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]}


@pytest.fixture
def alice(store):
    store.upsert_user("UALICE", email="alice@example.com", contact_id=ALICE_CONTACT, contact_name="Alice Johnson")
    return "UALICE"


def filed(store, desk, contact=ALICE_CONTACT, user="UALICE", subject="VPN drops every hour"):
    case = desk.new_case(contact, subject)
    store.track_case(case.id, contact_id=contact, slack_user_id=user, case_number=case.case_number,
                     status=case.status, state="NEW", subject=subject)
    return case


def test_first_cycle_sets_the_watermark_and_idle_cycles_cost_one_call(store, fake_desk, fake_slack, alice):
    p = make_poller(store, fake_desk, fake_slack)
    r = p.run_once()
    assert not r.standby and r.api_calls == 1 and r.sent == 0
    assert store.get_watermark(STREAM) is not None
    r = p.run_once()
    assert r.api_calls == 1 and r.decided == 0 and fake_slack.posts() == []


def test_agent_comment_notifies_once_with_card_and_work_note(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "Please try the new VPN profile <https://evil|here> & tell me")
    fake_desk.comment(case.id, "my own comment via the bot", by=INTEGRATION)
    fake_desk.comment(case.id, "internal: user seems confused", published=False)
    r = p.run_once()
    assert r.sent == 1 and r.notes == 1 and r.api_calls == 2         # change feed + one work-note batch
    [msg] = fake_slack.posts("UALICE")
    assert "Sam Rivera" in msg["text"]
    body = msg["blocks"][0]["text"]["text"]
    assert "&lt;https://evil|here&gt; &amp; tell me" in body           # escaped, never a live link
    assert buttons(msg) == {ids.ADD_COMMENT: case.id, ids.VIEW_CASE: case.id, ids.MUTE_CASE: case.id}
    assert msg["metadata"]["event_type"] == "concierge_notification"
    assert [cid for cid, _ in fake_desk.work_notes] == [case.id]
    assert "Alice Johnson" in fake_desk.work_notes[0][1]
    # The overlap re-reads the same comment; the work note (by the integration user) does not notify.
    for _ in range(2):
        r = p.run_once()
        assert r.sent == 0
    assert len(fake_slack.posts("UALICE")) == 1 and len(fake_desk.work_notes) == 1


def test_waiting_resolved_and_user_close_rules(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    other = filed(store, fake_desk, subject="Printer")
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.set_status(case.id, "Waiting for user response")
    # The user closes `other` through Concierge: its own record of the write (CaseDesk.on_status_write)
    store.record_status_write(other.id[:15], "Closed - By User")
    fake_desk.set_status(other.id, "Closed - By User", by=INTEGRATION, name="Concierge Integration")
    p.run_once()
    msgs = fake_slack.posts("UALICE")
    assert len(msgs) == 1 and "waiting for your reply" in msgs[0]["text"]
    assert ids.ADD_COMMENT in buttons(msgs[0])
    fake_desk.set_status(case.id, "Resolved", name="Priya Patel")
    p.run_once()
    msgs = fake_slack.posts("UALICE")
    assert len(msgs) == 2 and "resolved" in msgs[1]["text"]
    assert "Priya Patel" in msgs[1]["blocks"][0]["text"]["text"]
    assert set(buttons(msgs[1])) == {ids.REOPEN_CASE, ids.LOOKS_GOOD, ids.VIEW_CASE}
    assert store.get_tracked(case.id).seen_state == "RESOLVED"
    assert len(fake_desk.work_notes) == 2


def test_case_filed_elsewhere_found_by_email_and_cached(store, fake_desk, fake_slack):
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    case = fake_desk.new_case(BOB_CONTACT, "Laptop screen cracked", origin="Email", by=AGENT,
                              email="bob@example.com")
    fake_desk.new_case("003NOSLACK0000001", "From a contractor", origin="Phone", by=AGENT,
                       email="contractor@elsewhere.com")
    fake_desk.new_case("003CUSTOMER000001", "Nothing to tell anyone", origin="Concierge Slack",
                       email="customer@elsewhere.com")
    r = p.run_once()
    assert r.sent == 1
    [msg] = fake_slack.posts("UBOB")
    assert "by email" in msg["blocks"][0]["text"]["text"] and case.case_number in msg["text"]
    assert store.user_by_contact(BOB_CONTACT).slack_user_id == "UBOB"
    assert store.get_user("UBOB").tz == "America/New_York"
    assert store.get_tracked(case.id).slack_user_id == "UBOB"
    lookups = [a for m, a in fake_slack.calls if m == "users.lookupByEmail"]
    assert sorted(a["email"] for a in lookups) == ["bob@example.com", "contractor@elsewhere.com"]
    p.run_once()          # the overlap re-reads both cases: no second lookup (store / negative cache)
    assert [a for m, a in fake_slack.calls if m == "users.lookupByEmail"] == lookups
    assert len(fake_slack.posts("UBOB")) == 1


def test_muted_case_is_recorded_but_not_sent(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    assert store.set_muted(case.id, "UALICE", True)
    fake_desk.comment(case.id, "Any news?")
    r = p.run_once()
    assert r.muted == 1 and r.sent == 0 and fake_slack.posts() == [] and fake_desk.work_notes == []
    store.set_muted(case.id, "UALICE", False)
    fake_desk.comment(case.id, "Second question")
    p.run_once()
    assert len(fake_slack.posts("UALICE")) == 1      # only the one after unmuting, not the muted one


def test_crash_between_post_and_record_neither_repeats_nor_loses(store, fake_desk, fake_slack, alice,
                                                                  monkeypatch):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "first")
    fake_desk.comment(case.id, "second")
    # Kill the process right after Slack accepted the first DM, before the ledger says `sent`.
    original = store.mark_ledger_sent
    monkeypatch.setattr(store, "mark_ledger_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.setattr(store, "mark_ledger_sent", original)
    assert len(fake_slack.posts("UALICE")) == 1
    assert [e.status for e in store.ledger_entries()] == ["sending", "pending"]
    # A new process (new holder) after the lease expired.
    store.release_lease("poller", p.holder)
    p2 = make_poller(store, fake_desk, fake_slack)
    r = p2.run_once()
    assert r.recovered_found == 1 and r.sent == 1
    bodies = [m["blocks"][0]["text"]["text"] for m in fake_slack.posts("UALICE")]
    assert len(bodies) == 2 and "first" in bodies[0] and "second" in bodies[1]
    assert {e.status for e in store.ledger_entries()} == {"sent"}


@pytest.mark.parametrize("kill_at", ["add_work_notes", "mark_notes_done"])
def test_crash_around_the_work_notes_loses_no_note_and_repeats_no_dm(store, fake_desk, fake_slack, alice,
                                                                     monkeypatch, kill_at):
    """Killed after the DM went out, before (or right after) the work notes were written: a restart writes
    the work note (at least once) and never DMs again."""
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "please try again")
    target = fake_desk if kill_at == "add_work_notes" else store
    original = getattr(target, kill_at)

    def killed(*a, **k):
        raise SystemExit("killed")

    monkeypatch.setattr(target, kill_at, killed)
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.setattr(target, kill_at, original)
    assert len(fake_slack.posts("UALICE")) == 1
    store.release_lease("poller", p.holder)
    p2 = make_poller(store, fake_desk, fake_slack)
    p2.run_once()
    assert len(fake_slack.posts("UALICE")) == 1                         # no DM twice
    # the note is there: once when killed before writing it, twice when killed after writing it but before
    # recording that (work notes are at-least-once; DMs exactly once)
    assert [cid for cid, _ in fake_desk.work_notes] == [case.id] * (1 if kill_at == "add_work_notes" else 2)
    assert p2.run_once().notes == 0                                     # and then settled


def test_crash_before_post_resends_after_checking(store, fake_desk, fake_slack, alice, monkeypatch):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "hello")
    monkeypatch.setattr(p.messenger, "post", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        p.run_once()
    assert fake_slack.posts() == [] and [e.status for e in store.ledger_entries()] == ["sending"]
    store.release_lease("poller", p.holder)
    r = make_poller(store, fake_desk, fake_slack).run_once()
    assert r.recovered_resent == 1 and r.sent == 1 and len(fake_slack.posts("UALICE")) == 1


def test_crash_before_the_decision_commits_loses_nothing(store, fake_desk, fake_slack, alice, monkeypatch):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    mark = store.get_watermark(STREAM)
    fake_desk.comment(case.id, "hello")
    monkeypatch.setattr("notifications.rules.decide_changes",
                        lambda **k: (_ for _ in ()).throw(SystemExit("killed while deciding")))
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.undo()
    assert store.get_watermark(STREAM) == mark and store.ledger_entries() == []
    r = p.run_once()
    assert r.sent == 1


def test_slack_rate_limit_is_respected(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "hello")
    fake_slack.rate_limit_next, fake_slack.retry_after = 1, 1
    t = time.monotonic()
    r = p.run_once()
    assert r.sent == 1 and time.monotonic() - t >= 1.0
    assert [m for m, _ in fake_slack.calls].count("chat.postMessage") == 2


def test_per_conversation_pacing(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack, per_conversation_interval=0.3)
    p.run_once()
    for i in range(3):
        fake_desk.comment(case.id, f"c{i}")
    p.run_once()
    times = [m["at"] for m in fake_slack.posts("UALICE")]
    # 3 DMs to one person: >= 2 intervals apart (the wait is the messenger's, or the process-wide per-channel pacer's,
    # slackui/pace.py, when an earlier post to the same channel already holds that channel: whichever is longer)
    assert len(times) == 3 and times[-1] - times[0] >= 0.5


def test_default_pace_is_one_message_per_second_per_conversation(fake_slack):
    """By default (as `notifications.start` builds it) a second DM to the same person waits out 1 s from the
    first; a DM to someone else does not wait."""
    from notifications import Messenger
    now = {"t": 100.0}
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now["t"] += seconds

    m = Messenger(fake_slack.client(), sleep=sleep, clock=lambda: now["t"])
    m.post("UALICE", "one", [], key="k1")
    now["t"] += 0.25
    m.post("UBOB", "other person", [], key="k2")
    assert slept == []
    m.post("UALICE", "two", [], key="k3")
    assert slept == [0.75]
    m.post("UALICE", "three", [], key="k4")
    assert slept == [0.75, 1.0]
    assert Poller.__init__.__kwdefaults__["per_conversation_interval"] == 1.0


def _comment_while_slack(store, fake_desk, fake_slack, body: str, **slack_behaviour):
    """An agent comments on a tracked case while Slack behaves as told; one poller cycle. (case, result)"""
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, body)
    for name, value in slack_behaviour.items():
        setattr(fake_slack, name, value)
    return case, p.run_once()


def test_permanent_slack_error_fails_the_row_without_work_note(store, fake_desk, fake_slack, alice):
    _, r = _comment_while_slack(store, fake_desk, fake_slack, "hello", fail_post_with="account_inactive")
    assert r.failed == 1 and "account_inactive" in r.errors[0]
    assert store.ledger_entries()[0].status == "failed" and fake_desk.work_notes == []


def test_salesforce_down_keeps_watermark_and_still_sends_decided(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    mark = store.get_watermark(STREAM)
    fake_desk.down = True
    r = p.run_once()
    assert r.errors and store.get_watermark(STREAM) == mark
    fake_desk.down = False
    fake_desk.comment(case.id, "back")
    assert p.run_once().sent == 1


def test_nudges_follow_threshold_frequency_max_and_window(store, fake_desk, fake_slack, alice):
    from servicecloud.config import NudgeConfig, OrgConfig
    org = OrgConfig(nudge=NudgeConfig(after_days=3, every_days=2, max_per_case=2, window_start_hour=9,
                                      window_end_hour=17, weekdays=[0, 1, 2, 3, 4]))
    case = filed(store, fake_desk)
    clock = {"now": datetime(2026, 11, 23, 8, 30, tzinfo=UTC)}        # Monday 09:30 in Paris
    p = make_poller(store, fake_desk, fake_slack, org=org, now=lambda: clock["now"])
    store.touch_user_activity(case.id, at=clock["now"] - timedelta(days=1))
    p.run_once()
    assert p.run_once().nudges == 0                                     # not idle long enough
    store.touch_user_activity(case.id, at=clock["now"] - timedelta(days=4))
    clock["now"] = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)              # 07:00 in Paris: outside window
    assert p.run_once().nudges == 0
    clock["now"] = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    r = p.run_once()
    assert r.nudges == 1 and r.sent == 1
    assert "Reminder" in fake_slack.posts("UALICE")[0]["text"]
    clock["now"] += timedelta(days=1)
    assert p.run_once().nudges == 0                                     # frequency: every 2 days
    clock["now"] += timedelta(days=1, hours=1)                          # Wednesday
    assert p.run_once().nudges == 1
    clock["now"] += timedelta(days=2)                                   # Friday
    assert p.run_once().nudges == 0                                     # max 2 per case
    clock["now"] += timedelta(days=1)                                   # Saturday; then the user acts
    store.touch_user_activity(case.id, at=clock["now"] - timedelta(days=4))
    assert p.run_once().nudges == 0                                     # weekend
    assert len(fake_slack.posts("UALICE")) == 2


def test_nudge_window_is_the_users_own_time_zone_from_slack(store, fake_desk, fake_slack, alice):
    """The same instant is office hours for Alice (Paris) and night for Bob (New York): the tz comes from
    each one's Slack profile (the store knows none), not from the server's clock."""
    from servicecloud.config import NudgeConfig, OrgConfig
    org = OrgConfig(nudge=NudgeConfig(after_days=3, every_days=2, max_per_case=3, window_start_hour=9,
                                      window_end_hour=17, weekdays=[0, 1, 2, 3, 4]))
    store.upsert_user("UBOB", email="bob@example.com", contact_id=BOB_CONTACT, contact_name="Bob Smith")
    assert store.get_user("UALICE").tz is None and store.get_user("UBOB").tz is None
    alices = filed(store, fake_desk)
    bobs = filed(store, fake_desk, contact=BOB_CONTACT, user="UBOB", subject="Monitor flickers")
    clock = {"now": datetime(2026, 11, 23, 8, 30, tzinfo=UTC)}     # Monday: 09:30 Paris, 03:30 New York
    p = make_poller(store, fake_desk, fake_slack, org=org, now=lambda: clock["now"])
    for case in (alices, bobs):
        store.touch_user_activity(case.id, at=clock["now"] - timedelta(days=4))
    assert p.run_once().nudges == 1
    assert len(fake_slack.posts("UALICE")) == 1 and fake_slack.posts("UBOB") == []
    clock["now"] = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)       # 15:30 Paris, 09:30 New York
    r = p.run_once()
    assert r.nudges == 1 and len(fake_slack.posts("UBOB")) == 1 and len(fake_slack.posts("UALICE")) == 1
    assert "Reminder" in fake_slack.posts("UBOB")[0]["text"]


def test_standby_replica_does_nothing_and_takes_over(store, fake_desk, fake_slack, alice):
    case = filed(store, fake_desk)
    a = make_poller(store, fake_desk, fake_slack, holder="a", lease_ttl_seconds=0.5)
    b = make_poller(store, fake_desk, fake_slack, holder="b", lease_ttl_seconds=0.5)
    assert not a.run_once().standby
    assert b.run_once().standby
    fake_desk.comment(case.id, "hello")
    time.sleep(0.6)                       # a dies: no renewal
    r = b.run_once()
    assert not r.standby and r.sent == 1
    assert a.run_once().standby


def test_overlap_applies_until_a_fetch_has_covered_the_late_commits(store, fake_desk, fake_slack):
    clock = {"now": datetime(2026, 11, 24, 12, 0, tzinfo=UTC)}
    p = make_poller(store, fake_desk, fake_slack, overlap_seconds=10, now=lambda: clock["now"])
    mark = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    early = mark - timedelta(seconds=1)
    assert p.changes._since(None, None) is None                                       # first run: from now
    assert p.changes._since(mark, None) == mark - timedelta(seconds=10)
    assert p.changes._since(mark, early) == mark - timedelta(seconds=10)              # an older watermark settled
    assert p.changes._since(mark, mark) == mark                                       # settled: no re-reading
    reached = clock["now"] - timedelta(seconds=5)
    overlapped = mark - timedelta(seconds=10)
    assert not p.changes._covers_late_commits(mark, reached, None, overlapped, clock["now"])   # too soon
    later = clock["now"] + timedelta(seconds=6)
    assert p.changes._covers_late_commits(mark, reached, None, overlapped, later)
    assert not p.changes._covers_late_commits(mark, reached, None, mark, later)                 # did not overlap
    assert not p.changes._covers_late_commits(mark, reached, mark, overlapped, later)           # already settled


def test_a_card_slack_refuses_is_sent_again_as_text_and_counts_as_sent(store, fake_desk, fake_slack, alice):
    case, r = _comment_while_slack(store, fake_desk, fake_slack, "Which VPN client & version do you use?",
                                   refuse_blocks_with="invalid_blocks")
    assert r.sent == 1 and r.failed == 0
    [msg] = fake_slack.posts("UALICE")
    assert not msg["blocks"] and case.case_number in msg["text"]
    assert "Which VPN client &amp; version" in msg["text"]            # the comment itself, escaped
    assert msg["metadata"]["event_payload"]["key"]                     # still tagged with its ledger key
    assert store.ledger_entries()[0].status == "sent" and len(fake_desk.work_notes) == 1


def test_no_nudge_for_someone_who_switched_nudges_off(store, fake_desk, fake_slack, alice):
    """'stop nudging me' (store.preferences): an idle case of that person is not nudged, until switched on."""
    from servicecloud.config import NudgeConfig, OrgConfig
    org = OrgConfig(nudge=NudgeConfig(after_days=3, every_days=2, max_per_case=2, window_start_hour=0,
                                      window_end_hour=24, weekdays=list(range(7))))
    case = filed(store, fake_desk)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    p = make_poller(store, fake_desk, fake_slack, org=org, now=lambda: now)
    store.touch_user_activity(case.id, at=now - timedelta(days=4))
    store.preferences.set("UALICE", {"nudges": False})
    p.run_once()
    assert p.run_once().nudges == 0 and fake_slack.posts("UALICE") == []
    store.preferences.set("UALICE", {"nudges": True})
    assert p.run_once().nudges == 1


def test_a_notice_cut_off_in_its_case_thread_is_found_there_not_sent_again(store, fake_desk, fake_slack, alice,
                                                                           monkeypatch):
    """The first notice starts the case's thread; the next goes into it, and the process dies right after Slack
    took it. The DM's history does not hold thread replies: the restart finds it among the thread's replies."""
    case = filed(store, fake_desk)
    p = make_poller(store, fake_desk, fake_slack)
    p.run_once()
    fake_desk.comment(case.id, "first")
    assert p.run_once().sent == 1
    [first] = fake_slack.posts("UALICE")
    assert "thread_ts" not in first and store.threads.of("UALICE", case.id).thread_ts == first["ts"]
    fake_desk.comment(case.id, "second")
    original = store.mark_ledger_sent
    monkeypatch.setattr(store, "mark_ledger_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.setattr(store, "mark_ledger_sent", original)
    store.release_lease("poller", p.holder)
    r = make_poller(store, fake_desk, fake_slack).run_once()
    assert r.recovered_found == 1 and r.recovered_resent == 0 and r.sent == 0
    posts = fake_slack.posts("UALICE")
    assert len(posts) == 2 and posts[1]["thread_ts"] == first["ts"] and "second" in posts[1]["blocks"][0]["text"]["text"]
    assert {e.status for e in store.ledger_entries()} == {"sent"}


def test_waiting_and_resolved_in_a_thread_also_show_in_the_dm_as_the_org_says(store, fake_desk, fake_slack, alice):
    from servicecloud.config import OrgConfig
    case = filed(store, fake_desk)
    org = OrgConfig.model_validate({"notifications": {"also_in_dm": ["agent_replies"]}})
    p = make_poller(store, fake_desk, fake_slack, org=org)
    p.run_once()
    fake_desk.comment(case.id, "first")
    p.run_once()
    fake_desk.comment(case.id, "second")
    fake_desk.set_status(case.id, "Resolved")
    p.run_once()
    first, *rest = fake_slack.posts("UALICE")
    by_kind = {("resolved" if "resolved" in m["text"] else "comment"): m for m in rest}
    assert by_kind["comment"]["broadcast"] and not by_kind["resolved"]["broadcast"]   # the org's choice, not ours
    assert {m["thread_ts"] for m in rest} == {first["ts"]}
