"""The first things every other area relies on: OAuth, CRUD, query with relationships, composite."""
from __future__ import annotations

import pytest
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceExpiredSession, SalesforceMalformedRequest


def test_oauth_token_and_user(sf, sf_integration):
    info = sf.info
    assert info["instance_url"].startswith("https://127.0.0.1:")
    assert set(info["clients"]) >= {"integration", "agent"}
    me = sf_integration.query("SELECT Id, Name FROM User WHERE Name = 'Concierge Integration'")
    assert me["records"][0]["Id"] == info["clients"]["integration"]["user_id"]


def test_create_get_update_and_query_case(sf, sf_integration, sf_agent):
    alice = sf_integration.query(format_soql("SELECT Id FROM Contact WHERE Email = {}", "alice@example.com"))
    contact_id = alice["records"][0]["Id"]
    created = sf_integration.Case.create({"ContactId": contact_id, "Subject": "Printer jams", "Status": "New",
                                          "Origin": "Concierge Slack", "Type": "Incident"})
    assert created["success"] and len(created["id"]) == 18 and created["id"].startswith("500")
    assert created == {"id": created["id"], "success": True, "errors": []}       # 201 {id, success, errors}
    case = sf_integration.Case.get(created["id"])
    assert case["attributes"] == {"type": "Case", "url": f"/services/data/v62.0/sobjects/Case/{created['id']}"}
    assert case["CaseNumber"].isdigit() and len(case["CaseNumber"]) == 8
    assert case["CreatedById"] == sf.user_id("integration")
    assert sf_agent.Case.update(created["id"], {"Status": "In Progress"}) == 204
    rows = sf_integration.query(format_soql(
        "SELECT Id, Status, Owner.Name, Case_Owner__c, Contact.Email, LastModifiedBy.Name FROM Case "
        "WHERE ContactId = {} AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50", contact_id))
    first = rows["records"][0]
    assert first["Id"] == created["id"]
    assert first["Status"] == "In Progress"
    assert first["Contact"]["Email"] == "alice@example.com"
    assert first["LastModifiedBy"]["Name"] == "Sam Rivera"
    assert first["Case_Owner__c"] == first["Owner"]["Name"]


def test_expired_token_is_401(sf, sf_integration):
    sf.expire_tokens()
    with pytest.raises(SalesforceExpiredSession) as err:
        sf_integration.query("SELECT Id FROM Case")
    assert err.value.content[0]["errorCode"] == "INVALID_SESSION_ID"


def test_bad_soql_is_malformed_query(sf_integration):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.query("SELECT Id FROM Case WHERE")
    assert err.value.content[0]["errorCode"] == "MALFORMED_QUERY"
