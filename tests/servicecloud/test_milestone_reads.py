"""With `milestones.enabled`, the case reads a status check and the read model use (get_case, list_recent_cases)
carry the case's open milestones and its stopped clock in the SAME query (a CaseMilestones child subquery): no
extra Salesforce call. Switched off (the default), nothing about milestones is asked (an org without Entitlement
Management would refuse the subquery)."""
from __future__ import annotations

import pytest

from servicecloud import OrgConfig
from servicecloud.config import MilestonesConfig

ON = OrgConfig(milestones=MilestonesConfig(enabled=True))


def milestone_case(desk, sf_agent, contact_id: str, subject: str = "VPN drops every hour") -> str:
    """A case of the contact with a first-response (60 min) and a resolution (8 h) milestone."""
    case = desk.file_case(contact_id, subject).id
    first = sf_agent.MilestoneType.create({"Name": "First Response"})["id"]
    fix = sf_agent.MilestoneType.create({"Name": "Resolution Time"})["id"]
    sf_agent.CaseMilestone.create({"CaseId": case, "MilestoneTypeId": first, "TargetResponseInMins": 60})
    sf_agent.CaseMilestone.create({"CaseId": case, "MilestoneTypeId": fix, "TargetResponseInMins": 480})
    return case


@pytest.mark.parametrize("enabled", [True, False])
def test_get_case_and_the_seed_read_milestones_in_the_same_call(make_desk, sf_agent, employee, desk_calls, enabled):
    desk = make_desk(ON if enabled else OrgConfig())
    case = milestone_case(desk, sf_agent, employee.id)

    before = desk_calls()
    view = desk.get_case(employee.id, case)
    assert desk_calls() - before == 1
    before = desk_calls()
    [listed] = desk.list_recent_cases(employee.id, description=True)
    assert desk_calls() - before == 1

    for v in (view, listed):
        if enabled:
            assert v.targets is not None and not v.targets.stopped
            assert [m.kind for m in v.targets.open] == ["first_response", "resolution"]
            assert all(m.target is not None for m in v.targets.open)
        else:
            assert v.targets is None


def test_a_stopped_case_and_a_completed_milestone(make_desk, sf_agent, employee):
    desk = make_desk(ON)
    case = milestone_case(desk, sf_agent, employee.id)
    sf_agent.Case.update(case, {"IsStopped": True})
    assert desk.get_case(employee.id, case).targets.stopped
    first = sf_agent.query(f"SELECT Id FROM CaseMilestone WHERE CaseId = '{case}' ORDER BY TargetDate")["records"][0]
    sf_agent.CaseMilestone.update(first["Id"], {"CompletionDate": "2026-01-01T00:00:00Z"})
    assert [m.kind for m in desk.get_case(employee.id, case).targets.open] == ["resolution"]


def test_no_milestone_reads_as_none_open(make_desk, employee):
    desk = make_desk(ON)
    case = desk.file_case(employee.id, "Printer jams").id
    targets = desk.get_case(employee.id, case).targets
    assert targets is not None and targets.open == ()


def test_the_change_feed_carries_them_in_its_one_call(make_desk, sf_agent, employee):
    """The poller's change feed (what keeps the read model and the App Home current) reads them too, in its one
    Composite call."""
    desk = make_desk(ON)
    start = desk.changes_since(None).watermark
    case = milestone_case(desk, sf_agent, employee.id)
    changes = desk.changes_since(start)
    [view] = [c for c in changes.cases if c.id == case]
    assert [m.kind for m in view.targets.open] == ["first_response", "resolution"]
    assert changes.api_calls == 1


def test_the_directory_seed_reads_them_in_its_one_call(make_desk, sf_agent, employee, desk_calls):
    """find_contact(cases_within_days=...) seeds the read model on first contact: its Contact-to-Cases subquery
    carries each case's milestones one level deeper (nested relationship subqueries, API 58.0+), in the same call."""
    desk = make_desk(ON)
    milestone_case(desk, sf_agent, employee.id)
    before = desk_calls()
    contact = desk.find_contact(employee.email, cases_within_days=30)
    assert desk_calls() - before == 1
    [case] = contact.cases
    assert [m.kind for m in case.targets.open] == ["first_response", "resolution"]
