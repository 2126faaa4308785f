"""The org's set-up as SOQL sees it (CaseStatus, Organization, permission sets, assignment rules) and
field-level security for the integration user (the `hidden_fields` option)."""
from __future__ import annotations

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from sandbox.salesforce.schema import CASE_STATUSES, CLOSED_STATUSES

_VIEW_ALL = ("SELECT PermissionsViewAllRecords FROM ObjectPermissions WHERE SobjectType = 'Case' AND ParentId IN "
             "(SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '{}')")


def test_case_statuses_are_the_status_picklist_with_is_closed(sf_integration):
    rows = sf_integration.query("SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM CaseStatus "
                                "ORDER BY SortOrder")["records"]
    assert [r["ApiName"] for r in rows] == list(CASE_STATUSES)
    assert {r["ApiName"] for r in rows if r["IsClosed"]} == set(CLOSED_STATUSES)
    assert [r["MasterLabel"] for r in rows if r["IsDefault"]] == ["New"]
    picklist = next(f for f in sf_integration.Case.describe()["fields"] if f["name"] == "Status")
    assert [v["value"] for v in picklist["picklistValues"]] == [r["ApiName"] for r in rows]


def test_set_up_objects_are_read_only(sf_integration):
    status_id = sf_integration.query("SELECT Id FROM CaseStatus LIMIT 1")["records"][0]["Id"]
    for call in (lambda: sf_integration.CaseStatus.create({"ApiName": "Parked"}),
                 lambda: sf_integration.CaseStatus.update(status_id, {"MasterLabel": "x"}),
                 lambda: sf_integration.CaseStatus.delete(status_id)):
        with pytest.raises(SalesforceMalformedRequest) as err:
            call()
        assert err.value.content[0]["errorCode"] == "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY"
    assert sf_integration.CaseStatus.describe()["createable"] is False
    assert sf_integration.query("SELECT COUNT() FROM CaseStatus")["totalSize"] == len(CASE_STATUSES)


def test_sharing_and_view_all_follow_the_options(sf, sf_integration):
    view_all = _VIEW_ALL.format(sf.user_id("integration"))
    org = lambda: sf_integration.query("SELECT DefaultCaseAccess FROM Organization")["records"][0]  # noqa: E731
    assert org()["DefaultCaseAccess"] == "ReadEditTransfer"
    assert [r["PermissionsViewAllRecords"] for r in sf_integration.query(view_all)["records"]] == [True]
    sf.set_options(case_sharing="private", integration_view_all=False)
    assert org()["DefaultCaseAccess"] == "None"
    assert [r["PermissionsViewAllRecords"] for r in sf_integration.query(view_all)["records"]] == [False]
    # the agent holds no Concierge permission set
    assert sf_integration.query(_VIEW_ALL.format(sf.user_id("agent")))["totalSize"] == 0
    sf.reset()
    assert org()["DefaultCaseAccess"] == "ReadEditTransfer"


def test_the_assignment_rule_is_active_while_the_org_routes_new_cases(sf, sf_integration):
    soql = "SELECT Name, Active FROM AssignmentRule WHERE SobjectType = 'Case'"
    assert [r["Active"] for r in sf_integration.query(soql)["records"]] == [True]    # the seed routes to Sam
    sf.set_assignment_owner(None)
    assert [r["Active"] for r in sf_integration.query(soql)["records"]] == [False]


def test_a_field_hidden_by_fls_is_absent_for_the_integration_user_only(sf, sf_integration, sf_agent):
    case_id = sf_integration.query("SELECT Id FROM Case LIMIT 1")["records"][0]["Id"]
    sf.set_options(hidden_fields=("Case.Internal_Support_Category__c",))
    names = [f["name"] for f in sf_integration.Case.describe()["fields"]]
    assert "Internal_Support_Category__c" not in names and "Subject" in names
    assert "Internal_Support_Category__c" not in sf_integration.Case.get(case_id)
    # SOQL naming it fails exactly as for a field that does not exist
    for soql in ("SELECT Id, Internal_Support_Category__c FROM Case",
                 "SELECT Id FROM Case WHERE Internal_Support_Category__c = 'Hardware'",
                 "SELECT Id, (SELECT Id FROM Cases ORDER BY Internal_Support_Category__c) FROM Contact"):
        with pytest.raises(SalesforceMalformedRequest) as err:
            sf_integration.query(soql)
        [error] = err.value.content
        assert error["errorCode"] == "INVALID_FIELD"
        assert "No such column 'Internal_Support_Category__c' on entity 'Case'" in error["message"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Case.create({"Subject": "x", "Internal_Support_Category__c": "Hardware"})
    assert err.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceMalformedRequest):
        sf_integration.Case.update(case_id, {"Internal_Support_Category__c": "Hardware"})
    # the agent (an administrator) still sees and writes it
    assert sf_agent.Case.get(case_id)["Internal_Support_Category__c"] == "Concierge Uncategorized"
    assert "Internal_Support_Category__c" in [f["name"] for f in sf_agent.Case.describe()["fields"]]
    assert sf_agent.query("SELECT Internal_Support_Category__c FROM Case LIMIT 1")["totalSize"] == 1


def test_sosl_neither_searches_nor_returns_a_hidden_field(sf, sf_integration, sf_agent):
    sf.set_options(hidden_fields=("Case.Description", "Case.Type"))
    # "drops" is only in a seeded case's Description ("my VPN drops every few minutes"), not in any Subject
    assert sf_agent.search("FIND {drops} IN ALL FIELDS RETURNING Case(Id)")["searchRecords"]
    assert sf_integration.search("FIND {drops} IN ALL FIELDS RETURNING Case(Id)")["searchRecords"] == []
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.search("FIND {VPN} IN ALL FIELDS RETURNING Case(Id, Type)")
    assert err.value.content[0]["errorCode"] == "INVALID_FIELD"
