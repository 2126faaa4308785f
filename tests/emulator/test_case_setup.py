"""Orgs set up differently from the sandbox's (case_setup.py): their own statuses and which are closed,
restricted picklists, required custom fields, no owner-name formula, several record types."""
from __future__ import annotations

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from sandbox.salesforce import CaseSetup, EmulatorServer
from sandbox.salesforce.fields import PICKLIST, STRING, Field

SETUP = CaseSetup(
    statuses=(("Triage", False), ("Working", False), ("Awaiting Customer", False), ("Solved", True),
              ("Closed - Confirmed", True)),
    default_status="Triage", priorities=("P1", "P2", "P3", "P4"), default_priority="P3",
    origins=("Slack", "Email"), restricted=frozenset({"Priority", "Origin"}), assignee_field=None,
    category_field="Support_Area__c", categories=("General", "Laptops"),
    custom_fields=(Field("Slack_User_Id__c", STRING, "Slack User Id", 32),
                   Field("Business_Unit__c", PICKLIST, "Business Unit", 255, picklist=("IT", "HR"), nillable=False,
                         restricted=True)),
    record_types=("IT Support", "HR Request", "Facilities"), inactive_record_types=("Ticket",),
    unavailable_record_types=("IT Support",))


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory):
    server = EmulatorServer(tmp_path_factory.mktemp("setup") / "org.db", case_setup=SETUP).start()
    client = server.salesforce("integration")
    contact = server.create_contact("Ann", "Other", "ann@example.com")
    yield server, client, contact
    client.session.close()
    server.close()


def _error(exc: SalesforceMalformedRequest) -> dict:
    return exc.content[0]


def test_its_statuses_are_the_case_statuses_with_their_is_closed(org):
    _, sf, contact = org
    rows = sf.query("SELECT ApiName, IsClosed, IsDefault FROM CaseStatus ORDER BY SortOrder")["records"]
    assert [(r["ApiName"], r["IsClosed"]) for r in rows] == list(SETUP.statuses)
    assert [r["ApiName"] for r in rows if r["IsDefault"]] == ["Triage"]
    case_id = sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "IT"})["id"]
    row = sf.Case.get(case_id)
    assert (row["Status"], row["Priority"], row["IsClosed"]) == ("Triage", "P3", False)
    sf.Case.update(case_id, {"Status": "Solved"})
    row = sf.Case.get(case_id)
    assert row["IsClosed"] is True and row["ClosedDate"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.Case.update(case_id, {"Status": "Closed - By User"})
    assert _error(err.value)["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"


def test_restricted_picklists_refuse_other_values_and_unrestricted_ones_keep_them(org):
    _, sf, contact = org
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "IT", "Priority": "3-Standard"})
    assert _error(err.value) == {"errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "fields": ["Priority"],
                                 "message": "Priority: bad value for restricted picklist field: 3-Standard"}
    case_id = sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "IT",
                              "Type": "Not In The List"})["id"]
    assert sf.Case.get(case_id)["Type"] == "Not In The List"
    described = {f["name"]: f for f in sf.Case.describe()["fields"]}
    assert described["Priority"]["restrictedPicklist"] and not described["Type"]["restrictedPicklist"]


def test_a_universally_required_custom_field_is_refused_when_empty(org):
    _, sf, contact = org
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.Case.create({"ContactId": contact, "Subject": "x"})
    assert _error(err.value)["errorCode"] == "REQUIRED_FIELD_MISSING"
    assert _error(err.value)["fields"] == ["Business_Unit__c"]
    described = {f["name"]: f for f in sf.Case.describe()["fields"]}
    assert described["Business_Unit__c"]["nillable"] is False
    assert described["Slack_User_Id__c"]["nillable"] is True


def test_custom_field_names_replace_the_sandbox_ones(org):
    _, sf, contact = org
    described = {f["name"] for f in sf.Case.describe()["fields"]}
    assert {"Support_Area__c", "Slack_User_Id__c"} <= described
    assert not {"Case_Owner__c", "Internal_Support_Category__c"} & described
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.query("SELECT Case_Owner__c FROM Case")
    assert _error(err.value)["errorCode"] == "INVALID_FIELD"


def test_new_cases_get_the_user_s_default_record_type_and_inactive_ones_are_not_listed(org):
    server, sf, contact = org
    infos = sf.Case.describe()["recordTypeInfos"]
    assert [(i["name"], i["available"], i["defaultRecordTypeMapping"]) for i in infos] == [
        ("IT Support", False, False), ("HR Request", True, True), ("Facilities", True, False),
        ("Master", True, False)]
    case_id = sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "HR"})["id"]
    assert sf.Case.get(case_id)["RecordTypeId"] == infos[1]["recordTypeId"]
    agent = server.salesforce("agent")                       # the record type is only withheld from Concierge
    try:
        agent_infos = agent.Case.describe()["recordTypeInfos"]
        assert agent_infos[0]["available"] and agent_infos[0]["defaultRecordTypeMapping"]
    finally:
        agent.session.close()


def test_a_record_type_the_user_is_not_given_is_refused(org):
    _, sf, contact = org
    it_support = sf.Case.describe()["recordTypeInfos"][0]["recordTypeId"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "IT", "RecordTypeId": it_support})
    assert _error(err.value) == {"errorCode": "INVALID_CROSS_REFERENCE_KEY", "fields": ["RecordTypeId"],
                                 "message": f"Record Type ID: this ID value isn't valid for the user: {it_support}"}
    case_id = sf.Case.create({"ContactId": contact, "Subject": "x", "Business_Unit__c": "IT"})["id"]
    with pytest.raises(SalesforceMalformedRequest):
        sf.Case.update(case_id, {"RecordTypeId": it_support})


def test_seed_data_needs_the_default_set_up(tmp_path):
    with pytest.raises(ValueError, match="seed"):
        EmulatorServer(tmp_path / "x.db", seed=True, case_setup=SETUP)
