"""Composite API, sObject Collections and SOSL search, through simple-salesforce."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceMalformedRequest

from .conftest import error_code

V = "/services/data/v62.0"


def composite(sf_client, subrequests, all_or_none=False):
    return sf_client.restful("composite", method="POST",
                             json={"allOrNone": all_or_none, "compositeRequest": subrequests})["compositeResponse"]


def q(soql: str) -> str:
    return f"{V}/query/?q={quote(soql)}"


def test_composite_create_with_references_counts_one_call(sf, sf_integration, alice_id):
    before = sf.api_usage()[0]
    res = composite(sf_integration, [
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "new",
         "body": {"ContactId": alice_id, "Subject": "via composite", "Origin": "Concierge Slack"}},
        {"method": "POST", "url": f"{V}/sobjects/CaseComment/", "referenceId": "note",
         "body": {"ParentId": "@{new.id}", "CommentBody": "first words", "IsPublished": True}},
        {"method": "PATCH", "url": f"{V}/sobjects/Case/@{{new.id}}", "referenceId": "upd",
         "body": {"Priority": "2-High"}},
        {"method": "GET", "url": f"{V}/query/?q=SELECT+Id,CaseNumber,Priority,(SELECT+CommentBody+FROM+CaseComments)"
                                 "+FROM+Case+WHERE+Id='@{new.id}'", "referenceId": "read"},
        {"method": "GET", "url": f"{V}/sobjects/Case/@{{read.records[0].Id}}?fields=CaseNumber",
         "referenceId": "get"},
    ])
    assert [r["httpStatusCode"] for r in res] == [201, 201, 204, 200, 200]
    assert res[0]["httpHeaders"]["Location"].endswith(res[0]["body"]["id"])
    read = res[3]["body"]["records"][0]
    assert read["Priority"] == "2-High" and read["CaseComments"]["records"][0]["CommentBody"] == "first words"
    assert res[4]["body"]["CaseNumber"] == read["CaseNumber"]
    assert sf.api_usage()[0] == before + 1


def test_composite_missing_reference_fails_only_dependents(sf_integration, alice_id):
    res = composite(sf_integration, [
        {"method": "GET", "url": q("SELECT Id FROM Case WHERE CaseNumber = '99999999'"), "referenceId": "c"},
        {"method": "POST", "url": f"{V}/sobjects/CaseComment/", "referenceId": "cc",
         "body": {"ParentId": "@{c.records[0].Id}", "CommentBody": "lost"}},
        {"method": "GET", "url": q("SELECT COUNT() FROM CaseComment WHERE CommentBody = 'lost'"),
         "referenceId": "after"},
    ])
    assert res[0]["httpStatusCode"] == 200 and res[0]["body"]["totalSize"] == 0
    assert res[1]["httpStatusCode"] == 400
    err = res[1]["body"][0]
    assert err["errorCode"] == "PROCESSING_HALTED"
    assert err["message"].startswith("Invalid reference specified. No value for c.records[0].Id found in c.")
    assert res[2]["httpStatusCode"] == 200 and res[2]["body"]["totalSize"] == 0


def test_composite_all_or_none_rolls_back(sf_integration, alice_id):
    res = composite(sf_integration, [
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "ok",
         "body": {"ContactId": alice_id, "Subject": "should vanish"}},
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "bad",
         "body": {"ContactId": alice_id, "Status": "Nope"}},
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "later",
         "body": {"ContactId": alice_id, "Subject": "also vanishes"}},
    ], all_or_none=True)
    assert [r["httpStatusCode"] for r in res] == [400, 400, 400]
    assert res[1]["body"][0]["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert res[0]["body"][0]["errorCode"] == res[2]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Subject LIKE '%vanish%'")["totalSize"] == 0


def test_composite_without_all_or_none_keeps_successes(sf_integration, alice_id):
    res = composite(sf_integration, [
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "ok",
         "body": {"ContactId": alice_id, "Subject": "keeps"}},
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": "bad",
         "body": {"ContactId": alice_id, "Subject": "x" * 300}},
    ])
    assert [r["httpStatusCode"] for r in res] == [201, 400]
    assert res[1]["body"][0]["errorCode"] == "STRING_TOO_LONG"
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Subject = 'keeps'")["totalSize"] == 1


def test_composite_takes_exactly_twenty_five_subrequests_as_one_call(sf, sf_integration, alice_id):
    """25 subrequests are served and counted as one API call; a 26th refuses the whole request."""
    before = sf.api_usage()[0]
    res = composite(sf_integration, [
        {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": f"c{i}",
         "body": {"ContactId": alice_id, "Subject": f"batch {i}"}} for i in range(25)])
    assert [r["httpStatusCode"] for r in res] == [201] * 25
    assert sf.api_usage()[0] == before + 1
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Subject LIKE 'batch %'")["totalSize"] == 25
    with pytest.raises(SalesforceMalformedRequest):
        composite(sf_integration, [
            {"method": "POST", "url": f"{V}/sobjects/Case/", "referenceId": f"d{i}",
             "body": {"ContactId": alice_id, "Subject": f"over {i}"}} for i in range(26)])
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Subject LIKE 'over %'")["totalSize"] == 0


def test_composite_validation_of_the_envelope(sf_integration):
    too_many = [{"method": "GET", "url": f"{V}/limits", "referenceId": f"r{i}"} for i in range(26)]
    with pytest.raises(SalesforceMalformedRequest):
        composite(sf_integration, too_many)
    with pytest.raises(SalesforceMalformedRequest):
        composite(sf_integration, [{"method": "GET", "url": f"{V}/limits", "referenceId": "bad-id"}])
    with pytest.raises(SalesforceMalformedRequest):
        composite(sf_integration, [{"method": "GET", "url": f"{V}/limits", "referenceId": "a"},
                                   {"method": "GET", "url": f"{V}/limits", "referenceId": "a"}])


def test_collections_create_two_hundred_in_one_call(sf, sf_integration):
    case_ids = [r["Id"] for r in sf_integration.query("SELECT Id FROM Case")["records"]]
    records = [{"attributes": {"type": "CaseComment"}, "ParentId": case_ids[i % len(case_ids)],
                "CommentBody": f"work note {i}", "IsPublished": False} for i in range(200)]
    before = sf.api_usage()[0]
    res = sf_integration.restful("composite/sobjects", method="POST", json={"allOrNone": False, "records": records})
    assert sf.api_usage()[0] == before + 1
    assert len(res) == 200 and all(r["success"] and r["id"].startswith("00a") for r in res)
    assert sf_integration.query("SELECT COUNT() FROM CaseComment WHERE CommentBody LIKE 'work note%'")[
        "totalSize"] == 200
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.restful("composite/sobjects", method="POST",
                               json={"allOrNone": False, "records": records + records[:1]})
    assert error_code(err) == "EXCEEDED_ID_LIMIT"


def test_collections_partial_and_all_or_none(sf_integration):
    case_id = sf_integration.query("SELECT Id FROM Case LIMIT 1")["records"][0]["Id"]
    good = {"attributes": {"type": "CaseComment"}, "ParentId": case_id, "CommentBody": "fine"}
    bad = {"attributes": {"type": "CaseComment"}, "ParentId": case_id, "CommentBody": "z" * 4001}
    res = sf_integration.restful("composite/sobjects", method="POST", json={"allOrNone": False,
                                                                           "records": [good, bad]})
    assert res[0]["success"] is True
    assert res[1] == {"id": None, "success": False, "errors": [
        {"statusCode": "STRING_TOO_LONG", "message": res[1]["errors"][0]["message"], "fields": ["CommentBody"]}]}
    res = sf_integration.restful("composite/sobjects", method="POST", json={"allOrNone": True,
                                                                           "records": [good, bad]})
    assert res[0]["success"] is False
    assert res[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert sf_integration.query("SELECT COUNT() FROM CaseComment WHERE CommentBody = 'fine'")["totalSize"] == 1
    upd = sf_integration.restful("composite/sobjects", method="PATCH", json={"records": [
        {"attributes": {"type": "Case"}, "Id": case_id, "Priority": "4-Low"}]})
    assert upd[0]["success"] and sf_integration.Case.get(case_id)["Priority"] == "4-Low"


def test_sosl_search_scoped_to_contact(sf_integration, alice_id, bob_id):
    sosl = format_soql('FIND {{"vpn" OR "battery"}} IN ALL FIELDS RETURNING Case(Id, CaseNumber, Subject, Status, '
                       'Owner.Name WHERE ContactId = {} LIMIT 10)', alice_id)
    res = sf_integration.search(sosl)
    assert [r["Subject"] for r in res["searchRecords"]] == ["VPN disconnects every few minutes"]
    assert res["searchRecords"][0]["Owner"]["Name"] == "Sam Rivera"
    sosl_bob = sosl.replace(alice_id, bob_id)
    assert [r["Subject"] for r in sf_integration.search(sosl_bob)["searchRecords"]] == ["Laptop battery drains fast"]


def test_sosl_matches_description_stems_phrases_and_new_records(sf_integration, alice_id):
    def subjects(sosl):
        return [r["Subject"] for r in sf_integration.search(sosl)["searchRecords"]]

    assert subjects("FIND {payroll} RETURNING Case(Subject)") == ["Password reset for payroll portal"]
    assert subjects("FIND {disconnect} RETURNING Case(Subject)") == ["VPN disconnects every few minutes"]
    assert subjects('FIND {"second monitor"} RETURNING Case(Subject)') == ["Request a second monitor"]
    assert subjects('FIND {"monitor second"} RETURNING Case(Subject)') == []
    assert subjects("FIND {vpn AND NOT gateway} RETURNING Case(Subject)") == ["VPN disconnects every few minutes"]
    assert set(subjects("FIND {pass*} RETURNING Case(Subject)")) == {"Password reset for payroll portal",
                                                                     "Outlook keeps asking for my password"}
    sf_integration.Case.create({"ContactId": alice_id, "Subject": "Lap-top hinge broken"})
    assert subjects(r'FIND {"lap\-top"} RETURNING Case(Subject WHERE IsClosed = false)') == ["Lap-top hinge broken"]


def test_sosl_ranks_subject_over_description(sf_integration, alice_id):
    sf_integration.Case.create({"ContactId": alice_id, "Subject": "Other thing", "Description": "the wifi is bad"})
    sf_integration.Case.create({"ContactId": alice_id, "Subject": "Wifi down", "Description": "nothing works"})
    res = sf_integration.search("FIND {wifi} RETURNING Case(Subject)")["searchRecords"]
    assert [r["Subject"] for r in res] == ["Wifi down", "Other thing"]
    ordered = sf_integration.search("FIND {wifi} RETURNING Case(Subject ORDER BY Subject)")["searchRecords"]
    assert [r["Subject"] for r in ordered] == ["Other thing", "Wifi down"]


@pytest.mark.parametrize("sosl,code", [
    ("FIND {a} RETURNING Case(Id)", "MALFORMED_SEARCH"),
    ("FIND {vpn", "MALFORMED_SEARCH"),
    ("FIND {vpn {x}} RETURNING Case(Id)", "MALFORMED_SEARCH"),
    ("SEARCH {vpn}", "MALFORMED_SEARCH"),
    ("FIND {vpn} RETURNING Ticket(Id)", "INVALID_TYPE"),
    ("FIND {vpn} RETURNING Case(Nope__c)", "INVALID_FIELD"),
    ("FIND {vpn} RETURNING Case(Id WHERE Description = 'x')", "INVALID_FIELD"),
    ("FIND {vpn} RETURNING Case(Id WHERE)", "MALFORMED_SEARCH"),
])
def test_sosl_errors(sf_integration, sosl, code):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.search(sosl)
    assert error_code(err) == code, err.value.content


def test_collections_inside_composite_and_no_nesting(sf_integration):
    case_id = sf_integration.query("SELECT Id FROM Case LIMIT 1")["records"][0]["Id"]
    res = composite(sf_integration, [
        {"method": "POST", "url": f"{V}/composite/sobjects", "referenceId": "notes", "httpHeaders": "ignored",
         "body": {"allOrNone": False, "records": [
             {"attributes": {"type": "CaseComment"}, "ParentId": case_id, "CommentBody": "batched"}]}},
        {"method": "POST", "url": f"{V}/composite", "referenceId": "nested", "body": {"compositeRequest": []}},
    ])
    assert res[0]["httpStatusCode"] == 200 and res[0]["body"][0]["success"] is True
    assert res[1]["httpStatusCode"] == 400 and res[1]["body"][0]["errorCode"] == "INVALID_API_INPUT"
