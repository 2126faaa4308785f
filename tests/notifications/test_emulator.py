"""The poller against the Salesforce emulator: agents act with their own client (sf_agent), the bot's
CaseDesk (`desk`) is the integration user, Slack is a recording Web API server."""
from __future__ import annotations

import pytest

from slackui import ids
from slackui.values import CaseTarget
from notifications import Poller
from store import Store
from tests.notifications.world import World


@pytest.fixture(params=[False, True], ids=["comment-leaves-case", "comment-touches-case"])
def world(request, store, desk, employee, sf, sf_agent):
    """Every poller test runs on both kinds of org: a CaseComment leaves its Case as is, or touches it
    (LastModifiedById/SystemModstamp move to the comment's author, work notes by the bot included)."""
    sf.set_options(comment_touches_case=request.param)
    desk.on_status_write = store.record_status_write            # as the bot wires it (bot/app.py)
    w = World(store, desk, employee, sf, sf_agent)
    yield w
    w.slack.close()


def buttons(msg):
    return {e["action_id"] for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]}


def test_each_kind_fires_once_with_card_and_work_note(world):
    w = world
    case = w.file()
    p = w.poller()
    p.run_once()                                                 # starts the feed "from now"

    before = w.calls()
    assert p.run_once().api_calls == 1 and w.calls() - before == 1          # idle: one call

    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which VPN client version?",
                                "IsPublished": True})
    w.desk.add_comment(w.employee.id, case.case_number, "sent by the employee through the bot")
    before = w.calls()
    r = p.run_once()
    assert r.sent == 1 and w.calls() - before == 2               # change feed + one work-note batch
    [msg] = w.slack.posts("UEMP")
    assert "Which VPN client version?" in msg["blocks"][0]["text"]["text"] and "Sam Rivera" in msg["text"]
    assert buttons(msg) == {ids.ADD_COMMENT, ids.VIEW_CASE, ids.MUTE_CASE}
    assert len(w.notes(case.id)) == 1 and w.employee.name in w.notes(case.id)[0]

    w.agent.Case.update(case.id, {"Status": "Waiting for user response"})
    r = p.run_once()
    assert r.sent == 1 and "waiting for your reply" in w.slack.posts("UEMP")[-1]["text"]
    assert ids.ADD_COMMENT in buttons(w.slack.posts("UEMP")[-1])          # answer right from the card

    w.agent.Case.update(case.id, {"Status": "Resolved"})
    p.run_once()
    last = w.slack.posts("UEMP")[-1]
    assert "resolved" in last["text"] and buttons(last) == {ids.REOPEN_CASE, ids.LOOKS_GOOD, ids.VIEW_CASE}

    other = w.agent.Case.create({"Subject": "Phone call: monitor flickers", "ContactId": w.employee.id,
                                 "Origin": "Phone", "Status": "New"})
    p.run_once()
    last = w.slack.posts("UEMP")[-1]
    assert "by phone" in last["blocks"][0]["text"]["text"]
    assert {CaseTarget.from_json(e["value"]).case_id for b in last["blocks"] if b["type"] == "actions"
            for e in b["elements"]} == {other["id"]}                  # every button names the case

    for _ in range(3):                                           # overlaps and work-note echoes: nothing new
        assert p.run_once().sent == 0
    assert len(w.slack.posts("UEMP")) == 4
    assert len(w.notes(case.id)) == 3 and len(w.notes(other["id"])) == 1


def test_user_close_through_the_bot_does_not_notify(world):
    w = world
    case = w.file("Printer jam on floor 3")
    p = w.poller()
    p.run_once()
    w.desk.close_case(w.employee.id, case.case_number)
    r = p.run_once()
    assert r.sent == 0 and w.slack.posts() == []
    assert w.store.get_tracked(case.id).seen_state == "CLOSED"


def test_an_agents_close_is_announced_even_when_the_bot_wrote_to_the_case_last(world):
    """Issue 11, item 3: agent comments, agent closes (while the comment's DM goes out), the bot writes its
    work note: with comments touching the case, LastModifiedById now names the bot, and the close must still
    be announced. Then an employee's comment through the bot after another agent close: the same."""
    w = world
    case = w.file("Monitor flickers")
    p = w.poller()
    p.run_once()
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Try another cable", "IsPublished": True})
    w.slack.on_post = lambda msg: w.agent.Case.update(case.id, {"Status": "Closed"},
                                                      headers={"Sforce-Auto-Assign": "FALSE"})
    r = p.run_once()                                 # DM the comment; the agent closes; the work note
    w.slack.on_post = None
    assert r.sent == 1 and r.notes == 1
    touched = w.sf.org.options.comment_touches_case
    last = w.agent.Case.get(case.id)["LastModifiedById"]
    assert last == (w.sf.user_id("integration") if touched else w.sf.user_id("agent"))
    r = p.run_once()
    assert r.sent == 1 and "closed" in w.slack.posts("UEMP")[-1]["text"]

    second = w.file("Keyboard missing keys")
    p.run_once()
    w.agent.Case.update(second.id, {"Status": "Resolved"}, headers={"Sforce-Auto-Assign": "FALSE"})
    w.desk.add_comment(w.employee.id, second.case_number, "thanks, will check tomorrow")
    r = p.run_once()
    assert r.sent == 1 and "resolved" in w.slack.posts("UEMP")[-1]["text"]


def test_restart_killed_between_send_and_record(world, monkeypatch):
    w = world
    case = w.file()
    p = w.poller()
    p.run_once()
    for text in ("one", "two"):
        w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": text, "IsPublished": True})
    monkeypatch.setattr(w.store, "mark_ledger_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit("kill -9")))
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.undo()
    w.store.release_lease("poller", p.holder)
    fresh = Poller(store=Store(w.store.url), desk=w.desk, client=w.slack.client(), overlap_seconds=5,
                   per_conversation_interval=0)
    r = fresh.run_once()
    assert r.recovered_found == 1 and r.sent == 1
    texts = [m["blocks"][0]["text"]["text"] for m in w.slack.posts("UEMP")]
    assert len(texts) == 2 and "one" in texts[0] and "two" in texts[1]
    assert fresh.run_once().sent == 0 and len(w.notes(case.id)) == 2
    fresh.store.close()


def test_crash_recovery_through_the_slack_stand_in(store, desk, employee, sf_agent, monkeypatch):
    """The same kill-between-send-and-record, with the sandbox's Slack stand-in (history with metadata)."""
    from slack_sdk import WebClient

    from sandbox.slack.standin import SlackStandIn
    from sandbox.slack.standin import SlackUser as StandInUser

    slack = SlackStandIn("secret", "xoxb-standin", users=[StandInUser("UEMP", "emp", employee.name,
                                                                       employee.email, tz="Europe/Paris")]).start()
    try:
        store.upsert_user("UEMP", email=employee.email, contact_id=employee.id, contact_name=employee.name)
        case = desk.file_case(employee.id, "Badge does not open door 4")
        store.track_case(case.id, contact_id=employee.id, slack_user_id="UEMP", case_number=case.case_number,
                         status=case.status, state=str(case.state))
        make = lambda: Poller(store=store, desk=desk, client=WebClient(token="xoxb-standin",  # noqa: E731
                                                                        base_url=slack.api_url),
                              overlap_seconds=5, per_conversation_interval=0)
        p = make()
        p.run_once()
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Try again now", "IsPublished": True})
        monkeypatch.setattr(store, "mark_ledger_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit("kill")))
        with pytest.raises(SystemExit):
            p.run_once()
        monkeypatch.undo()
        store.release_lease("poller", p.holder)
        r = make().run_once()
        assert r.recovered_found == 1 and r.sent == 0
        msgs = slack.bot_messages("UEMP")
        assert len(msgs) == 1 and "Try again now" in msgs[0]["blocks"][0]["text"]["text"]
        assert {e["action_id"] for e in msgs[0]["blocks"][-1]["elements"]} == {ids.ADD_COMMENT, ids.VIEW_CASE,
                                                                               ids.MUTE_CASE}
    finally:
        slack.stop()


def test_agent_change_right_after_the_users_own_change_is_not_missed(world):
    """The user reopens a resolved case through Concierge and an agent closes it again before the next
    poll: the poller compares with the user's change (tracked with seen=True), so the user hears of it.
    Showing a case (seen=False) does not swallow the transition the poller has yet to report."""
    w = world
    case = w.file("Headset crackles")
    p = w.poller()
    p.run_once()
    w.agent.Case.update(case.id, {"Status": "Resolved"})
    assert p.run_once().sent == 1

    reopened = w.desk.reopen_case(w.employee.id, case.case_number)       # what the bot does on "Reopen"
    w.store.track_case(case.id, contact_id=w.employee.id, slack_user_id="UEMP", case_number=case.case_number,
                       status=reopened.status, state=str(reopened.state), seen=True)
    w.agent.Case.update(case.id, {"Status": "Closed"})                    # before the poller looked again
    r = p.run_once()
    assert r.sent == 1 and "closed" in w.slack.posts("UEMP")[-1]["text"]

    second = w.file("Dock does not charge")
    p.run_once()
    w.agent.Case.update(second.id, {"Status": "Waiting for user response"})
    shown = w.desk.get_case(w.employee.id, second.case_number)           # the user looks before the poll
    w.store.track_case(second.id, contact_id=w.employee.id, slack_user_id="UEMP",
                       case_number=second.case_number, status=shown.status, state=str(shown.state))
    assert p.run_once().sent == 1 and "waiting for your reply" in w.slack.posts("UEMP")[-1]["text"]


def _clock():
    from datetime import UTC, datetime
    now = {"t": datetime.now(UTC)}
    return now, (lambda: now["t"])


def _stamp_of(sf, comment_id):
    from datetime import datetime
    with sf.org.lock:
        text = sf.org.conn.execute('SELECT "SystemModstamp" FROM "CaseComment" WHERE "Id" = ?',
                                   (comment_id,)).fetchone()[0]
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def test_a_comment_in_the_watermarks_second_survives_a_long_gap_in_polling(world):
    """Issue 12, bug 2: a comment written in the watermark's second, after the fetch that set it, and then
    no successful poll for more than twice the overlap (a lease takeover, an outage): it is still DMed."""
    from datetime import timedelta
    w = world
    case = w.file()
    now, clock = _clock()
    p = w.poller(now=clock)
    p.run_once()
    first = w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "first", "IsPublished": True})
    assert p.run_once().sent == 1
    mark = _stamp_of(w.sf, first["id"])
    assert w.store.get_watermark("cases") == mark
    # Committed after that fetch, stamped in the watermark's own second.
    w.sf.late_commit((w.sf.org.now() - mark).total_seconds())
    late = w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "second", "IsPublished": True})
    assert _stamp_of(w.sf, late["id"]) == mark
    w.sf.set_fault("unavailable")
    now["t"] += timedelta(seconds=25)
    assert p.run_once().errors                                   # Salesforce down: no successful poll
    w.sf.clear_faults()
    now["t"] += timedelta(seconds=25)
    assert p.run_once().sent == 1
    assert "second" in w.slack.posts("UEMP")[-1]["blocks"][0]["text"]["text"]
    assert p.run_once().sent == 0                                # re-read by the overlap, deduplicated


def test_a_late_commit_minutes_old_is_not_lost_and_the_overlap_ends_once_covered(store, desk, employee, sf,
                                                                                  sf_agent):
    """Issue 11, item 5: a long transaction commits a comment stamped two minutes before changes already
    visible and fetched. The default standing overlap (minutes) reads it; once a fetch has covered the
    watermark's late commits, the idle cycle starts at the watermark again (still one call)."""
    from datetime import timedelta

    from tests.notifications.fakes import FakeSlack, SlackUser
    slack = FakeSlack([SlackUser("UEMP", employee.email, "Europe/Paris", employee.name)])
    try:
        store.upsert_user("UEMP", email=employee.email, contact_id=employee.id, contact_name=employee.name)
        case = desk.file_case(employee.id, "Laptop fan is loud")
        store.track_case(case.id, contact_id=employee.id, slack_user_id="UEMP", case_number=case.case_number,
                         status=case.status, state=str(case.state))
        now, clock = _clock()
        p = Poller(store=store, desk=desk, client=slack.client(), per_conversation_interval=0, now=clock)
        assert p.overlap >= timedelta(minutes=2)
        p.run_once()
        sf.advance_clock(150)
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "visible", "IsPublished": True})
        assert p.run_once().sent == 1
        sf.late_commit(120)                                      # began two minutes ago, commits now
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "long transaction", "IsPublished": True})
        assert p.run_once().sent == 1
        assert "long transaction" in slack.posts("UEMP")[-1]["blocks"][0]["text"]["text"]
        assert p.run_once().sent == 0                            # reads the bot's own work notes
        now["t"] += p.overlap + timedelta(seconds=1)
        p.run_once()                                             # covers the watermark's late commits
        before = sf.api_usage()[0]
        r = p.run_once()
        assert r.sent == 0 and r.cases == 0 and r.comments == 0 and sf.api_usage()[0] - before == 1
    finally:
        slack.close()


def test_the_change_feeds_blindness_is_reported_by_the_missing_permission(world):
    w = world
    w.sf.set_options(case_sharing="private", integration_view_all=False)
    p = w.poller()
    first = p.run_once()
    assert p.blind_spot and "View All" in p.blind_spot
    assert any("View All" in e for e in first.errors)
    before = w.calls()
    assert p.run_once().api_calls == 1 and w.calls() - before == 1          # checked once: idle is one call
