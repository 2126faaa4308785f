"""Decision rules and cards with plain values (no network, no database)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from slackui import ids
from slackui.values import CaseTarget
from notifications import cards, rules
from servicecloud.config import NudgeConfig, OrgConfig, StatusMap
from servicecloud.models import CaseComment, CaseView

ORG = OrgConfig()
BOT, AGENT = "005BOT", "005AGENT"
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


class Case:
    """A CaseView with the audit fields the change feed adds."""

    def __init__(self, status="New", *, id="500A", contact="003A", origin="Concierge Slack", by=AGENT,
                 created=T0 - timedelta(days=3), closed=None, created_by=BOT):
        self._v = CaseView(id=id, case_number="00001001", subject="VPN <drops>", status=status,
                           state=ORG.statuses.state_of(status), assignee="Sam Rivera", contact_id=contact,
                           origin=origin, created_date=created, last_modified_date=T0, system_modstamp=T0,
                           closed_date=closed, is_closed=closed is not None)
        self.last_modified_by_id, self.last_modified_by_name, self.created_by_id = by, "Sam Rivera", created_by

    def __getattr__(self, name):
        return getattr(self._v, name)


def comment(body="hi", *, by=AGENT, published=True, case_id="500A", contact="003A", cid="00a1"):
    return CaseComment(cid, case_id, body, published, by, "Sam Rivera", T0, T0, case_number="00001001",
                       case_subject="VPN", contact_id=contact)


def decide(cases=(), comments=(), known=None, users=None, window=T0 - timedelta(minutes=1), org=ORG, own=None):
    return rules.decide_changes(cases=list(cases), comments=list(comments), users_by_contact=users or {"003A": "U1"},
                                known=known or {}, integration_user_id=BOT, org=org, window_start=window,
                                own_statuses=own)


def kinds(outcome):
    return [(d.kind, d.slack_user_id) for d in outcome.decisions]


def test_comments_agent_public_only():
    out = decide(comments=[comment(), comment(by=BOT, cid="00a2"), comment(published=False, cid="00a3"),
                           comment(contact="003NOBODY", cid="00a4", case_id="500Z")])
    assert kinds(out) == [("comment", "U1")]
    assert out.decisions[0].source_id == "00a1" and out.skipped_own_comments == 1 and out.skipped_unknown_user == 1
    assert out.decisions[0].payload["body"] == "hi"


def test_status_transitions_against_last_seen_state():
    known = {"500A": rules.KnownCase("U1", "NEW")}
    assert kinds(decide([Case("Waiting for customer response")], known=known)) == [("waiting", "U1")]
    assert kinds(decide([Case("Resolved")], known=known)) == [("resolved", "U1")]
    assert kinds(decide([Case("Closed", closed=T0)], known=known)) == [("closed", "U1")]
    assert kinds(decide([Case("In Progress")], known=known)) == []
    # Same state as last seen: nothing (another field changed, or the overlap re-read it)
    assert kinds(decide([Case("Waiting for user response")],
                        known={"500A": rules.KnownCase("U1", "WAITING_FOR_USER")})) == []
    # Closed by the user through the bot (Concierge's own record of its write): nothing
    assert kinds(decide([Case("Closed - By User", closed=T0)], known=known,
                        own={"500A": "Closed - By User"})) == []
    # Closed by an agent, then the integration user wrote to the case (a work note, a comment through the
    # bot, a flow): LastModifiedById names the bot, but the close is the agent's and is announced
    assert kinds(decide([Case("Closed", by=BOT, closed=T0)], known=known)) == [("closed", "U1")]
    assert kinds(decide([Case("Closed", by=BOT, closed=T0)], known=known, own={"500A": "Reopened"})) == [
        ("closed", "U1")]
    # Resolved -> Closed by an agent: the user heard about the resolution already
    assert kinds(decide([Case("Closed", closed=T0)], known={"500A": rules.KnownCase("U1", "RESOLVED")})) == []
    # The poller updates what it saw, for every case of a known user
    assert [u.state for u in decide([Case("In Progress")], known=known).updates] == ["IN_PROGRESS"]


def test_rules_use_the_configured_status_map():
    org = OrgConfig(statuses=StatusMap(waiting_for_user=["Pending Employee"]))
    known = {"500A": rules.KnownCase("U1", "NEW")}
    assert kinds(decide([Case("Pending Employee")], known=known, org=org)) == [("waiting", "U1")]
    assert kinds(decide([Case("Waiting for user response")], known=known, org=org)) == []


def test_filed_elsewhere_only_for_new_cases_from_other_origins():
    new = T0 - timedelta(seconds=10)
    assert kinds(decide([Case(origin="Email", created=new, created_by=AGENT)])) == [("filed_elsewhere", "U1")]
    assert kinds(decide([Case(origin="Concierge Slack", created=new)])) == []
    assert kinds(decide([Case(origin="Email", created=T0 - timedelta(days=9))])) == []     # old case
    assert kinds(decide([Case(origin="Email", created=new)], window=None)) == []           # first run
    assert kinds(decide([Case(origin="Email", created=new)], users={})) == []              # no Slack user


def test_muted_cases_are_decided_muted():
    out = decide(comments=[comment()], known={"500A": rules.KnownCase("U1", "NEW", muted=True)})
    assert [d.muted for d in out.decisions] == [True]


def test_sending_window_in_user_time_zone():
    org = OrgConfig(nudge=NudgeConfig(window_start_hour=9, window_end_hour=17, weekdays=[0, 1, 2, 3, 4]))
    monday_0830_utc = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert rules.in_sending_window(monday_0830_utc, "Europe/Paris", org) is True       # 09:30
    assert rules.in_sending_window(monday_0830_utc, "America/New_York", org) is False  # 03:30
    assert rules.in_sending_window(monday_0830_utc, None, org) is False               # UTC 08:30
    assert rules.in_sending_window(monday_0830_utc, "Not/AZone", org) is False
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert rules.in_sending_window(saturday, "UTC", org) is False
    night = OrgConfig(nudge=NudgeConfig(window_start_hour=22, window_end_hour=6, weekdays=list(range(7))))
    assert rules.in_sending_window(datetime(2026, 11, 23, 23, 0, tzinfo=UTC), "UTC", night) is True
    assert rules.in_sending_window(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "UTC", night) is False


def test_nudge_key_changes_with_each_activity_epoch():
    a = rules.nudge_decision(case_id="500A", slack_user_id="U1", case_number="1", subject="s", status="New",
                             state="NEW", last_user_activity=T0, nudge_count=0, now=T0 + timedelta(days=4), org=ORG)
    b = rules.nudge_decision(case_id="500A", slack_user_id="U1", case_number="1", subject="s", status="New",
                             state="NEW", last_user_activity=T0 + timedelta(days=1), nudge_count=0,
                             now=T0 + timedelta(days=4), org=ORG)
    assert a.source_id != b.source_id and a.payload["idle_days"] == 4 and a.payload["nudge_number"] == 1


@pytest.mark.parametrize("kind", ["comment", "waiting", "resolved", "closed", "filed_elsewhere", "nudge"])
def test_every_card_has_buttons_with_the_case_id_and_valid_sizes(kind):
    payload = {"case_id": "500A", "case_number": "00001001", "subject": "<!channel> VPN", "status": "New",
               "state": "NEW", "assignee": "Sam", "url": None, "origin": "Email", "body": "x" * 5000,
               "author": "Sam Rivera", "agent": "Sam Rivera", "nudge_number": 1, "idle_days": 3}
    text, blocks = cards.render(kind, payload)
    assert text and "<!channel>" not in json.dumps(blocks)
    actions = [b for b in blocks if b["type"] == "actions"]
    assert actions and all(CaseTarget.from_json(e["value"]).case_id == "500A" for e in actions[0]["elements"])
    assert {e["action_id"] for e in actions[0]["elements"]} <= set(ids.CASE_ACTIONS)
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
    assert cards.work_note(kind, payload, recipient="Alice").startswith("Concierge notified Alice in Slack")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        cards.render("bogus", {"case_id": "500A"})
