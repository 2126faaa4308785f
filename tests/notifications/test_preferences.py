"""The poller honours each person's notification settings (issue 16, item 1): a kind switched off is recorded
as muted (never sent, never replayed when switched back on) unless the org keeps it always on."""
from __future__ import annotations

from notifications import rules
from notifications.snapshots import NudgeSnapshot, StatusSnapshot
from servicecloud.config import NotificationsConfig, OrgConfig, Preference


def test_a_kind_switched_off_is_not_sent_nor_replayed_when_switched_back_on(world):
    w = world
    case = w.file("Keyboard missing keys")
    p = w.poller()
    p.run_once()
    w.store.preferences.set("UEMP", {"agent_replies": False})
    w.agent.FeedItem.create({"ParentId": case.id, "Body": "Ordered a new keyboard."})
    r = p.run_once()
    assert r.sent == 0 and r.muted == 1 and w.slack.posts("UEMP") == []
    w.store.preferences.set("UEMP", {"agent_replies": True})
    w.agent.FeedItem.create({"ParentId": case.id, "Body": "It arrives tomorrow."})
    assert p.run_once().sent == 1 and p.run_once().sent == 0
    [msg] = w.slack.posts("UEMP")
    assert "arrives tomorrow" in msg["blocks"][0]["text"]["text"]


def test_a_kind_the_org_keeps_on_is_sent_whatever_the_person_chose(world):
    w = world
    case = w.file("Monitor flickers")
    p = w.poller(org=OrgConfig(notifications=NotificationsConfig(always_on=[Preference.AGENT_REPLIES])))
    p.run_once()
    w.store.preferences.set("UEMP", {"agent_replies": False})
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "New cable on its way", "IsPublished": True})
    assert p.run_once().sent == 1


def test_every_kind_answers_to_one_switch():
    org = OrgConfig()
    off = {p.value: False for p in Preference}
    assert all(not rules.wanted(kind, off, org) for kind in rules.KINDS)
    assert all(rules.wanted(kind, {}, org) for kind in rules.KINDS)            # never set: on
    assert not rules.wanted(rules.CLOSED, {"resolved": False}, org) and rules.wanted(rules.NUDGE, {"resolved": False}, org)
    decisions = [rules.Decision("c1", rules.NUDGE, "s", "U1", NudgeSnapshot(case_id="c1")),
                 rules.Decision("c1", rules.WAITING, "t", "U2", StatusSnapshot(case_id="c1"))]
    kept = rules.honour_preferences(decisions, {"U1": {"nudges": False}}, org)
    assert [d.muted for d in kept] == [True, False]
