"""The emulator's Entitlement Management (sandbox/salesforce/milestone_objects.py): CaseMilestone's TargetDate from
its target minutes, IsViolated turning true when the target passes (the emulator's clock), TimeRemainingInMins a
"Min:Sec" string, a stopped case's clock, completion; read with the case in ONE query (child subquery)."""
from __future__ import annotations

from datetime import datetime

from simple_salesforce import format_soql

from servicecloud.milestones import SUBQUERY, targets_from


def _case_with_milestones(sf, sf_agent):
    case = sf_agent.Case.create({"Subject": "VPN drops", "Status": "New"})["id"]
    first = sf_agent.MilestoneType.create({"Name": "First Response"})["id"]
    fix = sf_agent.MilestoneType.create({"Name": "Resolution Time"})["id"]
    sf_agent.CaseMilestone.create({"CaseId": case, "MilestoneTypeId": first, "TargetResponseInMins": 60})
    sf_agent.CaseMilestone.create({"CaseId": case, "MilestoneTypeId": fix, "TargetResponseInMins": 480})
    return case


def _read(sf_agent, case):
    return sf_agent.query(format_soql("SELECT Id, IsStopped, " + SUBQUERY + " FROM Case WHERE Id = {}",
                                      case))["records"][0]


def _ms(sf_agent, case):
    return sf_agent.query(format_soql("SELECT MilestoneType.Name, TargetDate, IsViolated, TimeRemainingInMins, "
                                      "CompletionDate, IsCompleted FROM CaseMilestone WHERE CaseId = {} "
                                      "ORDER BY TargetDate", case))["records"]


def test_targets_violation_stop_and_completion(sf, sf_agent):
    case = _case_with_milestones(sf, sf_agent)
    targets = targets_from(_read(sf_agent, case))
    assert [m.kind for m in targets.open] == ["first_response", "resolution"]
    first_target = targets.open[0].target
    assert (targets.open[1].target - first_target).total_seconds() == 7 * 3600
    rows = _ms(sf_agent, case)
    assert rows[0]["TimeRemainingInMins"] in ("60:00", "59:59") and isinstance(rows[0]["TimeRemainingInMins"], str)
    assert not any(r["IsViolated"] for r in rows)

    sf.advance_clock(61 * 60)                                  # the first-response target passes
    rows = _ms(sf_agent, case)
    assert [r["IsViolated"] for r in rows] == [True, False]

    sf_agent.Case.update(case, {"IsStopped": True})            # stopped for two hours: the resolution waits
    sf.advance_clock(2 * 3600)
    sf_agent.Case.update(case, {"IsStopped": False})
    moved = targets_from(_read(sf_agent, case)).open[1].target
    assert (moved - targets.open[1].target).total_seconds() >= 2 * 3600

    sf_agent.CaseMilestone.update(rows[0]["attributes"]["url"].rsplit("/", 1)[1],
                                  {"CompletionDate": datetime.now().astimezone().isoformat()})
    assert [m.name for m in targets_from(_read(sf_agent, case)).open] == ["Resolution Time"]


def test_nested_relationship_subqueries_read_a_contacts_cases_and_their_milestones(sf, sf_agent):
    """API 58.0+: relationship subqueries nest (up to five levels in all); the directory's one call reads an
    employee's cases and their open milestones. A subquery in a semi-join's SELECT stays refused."""
    import pytest
    from simple_salesforce.exceptions import SalesforceMalformedRequest

    contact = sf_agent.Contact.create({"LastName": "Nested", "Email": "nested.ms@example.com"})["id"]
    case = _case_with_milestones(sf, sf_agent)
    sf_agent.Case.update(case, {"ContactId": contact})
    other = sf_agent.Case.create({"Subject": "No targets", "Status": "New", "ContactId": contact})["id"]
    [row] = sf_agent.query(format_soql("SELECT Id, (SELECT Id, IsStopped, " + SUBQUERY + " FROM Cases ORDER BY "
                                       "CreatedDate) FROM Contact WHERE Id = {}", contact))["records"]
    cases = {c["Id"]: targets_from(c) for c in row["Cases"]["records"]}
    assert [m.kind for m in cases[case].open] == ["first_response", "resolution"]
    assert cases[other].open == ()
    with pytest.raises(SalesforceMalformedRequest):
        sf_agent.query("SELECT Id FROM Contact WHERE Id IN (SELECT ContactId, (SELECT Id FROM CaseMilestones) "
                       "FROM Case)")
