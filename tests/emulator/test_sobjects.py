"""sObject rows: Ids, system fields, field rules and their error codes, describe, attachments, rules."""
from __future__ import annotations

import base64

import pytest
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from sandbox.salesforce import ids
from sandbox.salesforce.seed import PROBLEM_RULE_MESSAGE

from .conftest import error_code


def test_id_checksum_matches_salesforce_example():
    # The example from Salesforce's documentation of 15- vs 18-character Ids.
    assert ids.to18("001D000000IqhSL") == "001D000000IqhSLIAZ"
    assert ids.normalize("001D000000IqhSL") == "001D000000IqhSLIAZ"
    assert ids.normalize("001d000000iqhsliaz") == "001D000000IqhSLIAZ"   # case restored from the suffix
    assert ids.normalize("001D000000IqhSL!!!") is None
    assert ids.normalize("short") is None


def test_ids_have_key_prefixes_and_valid_suffix(sf_integration, alice_id):
    case = sf_integration.Case.create({"ContactId": alice_id, "Subject": "Ids"})["id"]
    comment = sf_integration.CaseComment.create({"ParentId": case, "CommentBody": "x"})["id"]
    att = sf_integration.Attachment.create({"ParentId": case, "Name": "a.txt",
                                            "Body": base64.b64encode(b"hi").decode()})["id"]
    for value, prefix in ((case, "500"), (comment, "00a"), (att, "00P"), (alice_id, "003")):
        assert len(value) == 18 and value.startswith(prefix) and ids.to18(value[:15]) == value


def test_fifteen_character_ids_are_accepted(sf_integration, alice_id):
    case = sf_integration.Case.create({"ContactId": alice_id[:15], "Subject": "short id"})["id"]
    assert sf_integration.Case.get(case[:15])["ContactId"] == alice_id
    assert sf_integration.Case.update(case[:15], {"Priority": "2-High"}) == 204
    rows = sf_integration.query(format_soql("SELECT Id FROM Case WHERE Id = {}", case[:15]))["records"]
    assert [r["Id"] for r in rows] == [case]


def test_case_numbers_are_sequential_eight_digits(sf_integration):
    a = sf_integration.Case.get(sf_integration.Case.create({"Subject": "a"})["id"])["CaseNumber"]
    b = sf_integration.Case.get(sf_integration.Case.create({"Subject": "b"})["id"])["CaseNumber"]
    assert len(a) == len(b) == 8 and int(b) == int(a) + 1


def test_audit_fields_follow_the_acting_user(sf, sf_integration, sf_agent, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "audit"})["id"]
    created = sf_integration.Case.get(case_id)
    assert created["CreatedById"] == created["LastModifiedById"] == sf.user_id("integration")
    assert created["CreatedDate"] == created["LastModifiedDate"] == created["SystemModstamp"]
    assert created["CreatedDate"].endswith("+0000") and len(created["CreatedDate"]) == 28
    sf.advance_clock(5)
    sf_agent.Case.update(case_id, {"Status": "In Progress"})
    updated = sf_integration.Case.get(case_id)
    assert updated["LastModifiedById"] == sf.user_id("agent")
    assert updated["CreatedById"] == sf.user_id("integration")
    assert updated["SystemModstamp"] > created["SystemModstamp"]
    assert updated["LastModifiedDate"] == updated["SystemModstamp"]


def test_closing_and_reopening_maintain_isclosed_and_closeddate(sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "close me"})["id"]
    assert sf_integration.Case.get(case_id)["IsClosed"] is False
    sf_integration.Case.update(case_id, {"Status": "Closed - By User"})
    closed = sf_integration.Case.get(case_id)
    assert closed["IsClosed"] is True and closed["ClosedDate"] is not None
    sf_integration.Case.update(case_id, {"Status": "Reopened"})
    reopened = sf_integration.Case.get(case_id)
    assert reopened["IsClosed"] is False and reopened["ClosedDate"] is None


def test_new_case_goes_to_the_assignment_owner_and_formula_follows_owner(sf, sf_integration, sf_agent):
    case_id = sf_integration.Case.create({"Subject": "who owns me"})["id"]
    case = sf_integration.Case.get(case_id)
    assert case["OwnerId"] == sf.user_id("agent") and case["Case_Owner__c"] == "Sam Rivera"
    sf_agent.Case.update(case_id, {"OwnerId": sf.user_id("agent2")})
    assert sf_integration.Case.get(case_id)["Case_Owner__c"] == "Priya Patel"
    sf_agent.User.update(sf.user_id("agent2"), {"LastName": "Patel-Shah"})
    assert sf_integration.Case.get(case_id)["Case_Owner__c"] == "Priya Patel-Shah"


@pytest.mark.parametrize("sobject,data,code,field", [
    ("Case", {"Subject": "x" * 256}, "STRING_TOO_LONG", "Subject"),
    ("Case", {"Description": "x" * 32001}, "STRING_TOO_LONG", "Description"),
    ("Case", {"Status": "Done"}, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Status"),
    ("Case", {"Subject": "x", "Colour__c": "red"}, "INVALID_FIELD", None),
    ("Case", {"Case_Owner__c": "Me"}, "INVALID_FIELD_FOR_INSERT_UPDATE", "Case_Owner__c"),
    ("Case", {"CaseNumber": "00000001"}, "INVALID_FIELD_FOR_INSERT_UPDATE", "CaseNumber"),
    ("Case", {"ContactId": "not-an-id"}, "MALFORMED_ID", "ContactId"),
    ("Case", {"ContactId": "005EM0000000001YAA"}, "FIELD_INTEGRITY_EXCEPTION", "ContactId"),
    ("Case", {"ContactId": "003EM0000009999YAA"}, "INVALID_CROSS_REFERENCE_KEY", "ContactId"),
    ("Case", {"IsEscalated": "maybe"}, "JSON_PARSER_ERROR", None),
    ("CaseComment", {"CommentBody": "orphan"}, "REQUIRED_FIELD_MISSING", "ParentId"),
    ("Contact", {"LastName": "X", "Email": "not an email"}, "INVALID_EMAIL_ADDRESS", "Email"),
    ("User", {"LastName": "Dup", "Email": "d@example.com", "Username": "sam.rivera@example.com"},
     "DUPLICATE_USERNAME", "Username"),
])
def test_create_errors_use_salesforce_codes(sf_integration, sobject, data, code, field):
    with pytest.raises(SalesforceMalformedRequest) as err:
        getattr(sf_integration, sobject).create(data)
    body = err.value.content[0]
    assert body["errorCode"] == code and body["message"]
    assert set(body) == {"message", "errorCode", "fields"}
    if field:
        assert body["fields"] == [field]


def test_comment_body_limit(sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "long comment"})["id"]
    assert sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "y" * 4000})["success"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "y" * 4001})
    assert error_code(err) == "STRING_TOO_LONG" and "max length=4000" in err.value.content[0]["message"]


def test_not_found_and_deleted(sf_integration, alice_id):
    with pytest.raises(SalesforceResourceNotFound) as err:
        sf_integration.Case.get("500EM0000009999YAA")
    assert error_code(err) == "NOT_FOUND"
    with pytest.raises(SalesforceResourceNotFound):
        sf_integration.Case.get(alice_id)       # a Contact Id is no Case
    with pytest.raises(SalesforceResourceNotFound):
        sf_integration.Case.update("500EM0000009999YAA", {"Subject": "x"})
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "delete me"})["id"]
    comment = sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "c"})["id"]
    assert sf_integration.Case.delete(case_id) == 204
    with pytest.raises(SalesforceResourceNotFound):
        sf_integration.Case.get(case_id)
    with pytest.raises(SalesforceResourceNotFound) as err:
        sf_integration.Case.delete(case_id)
    assert error_code(err) == "ENTITY_IS_DELETED"
    with pytest.raises(SalesforceResourceNotFound):
        sf_integration.CaseComment.get(comment)   # cascaded
    q = format_soql("SELECT Id, IsDeleted FROM Case WHERE Id = {}", case_id)
    assert sf_integration.query(q)["totalSize"] == 0
    assert sf_integration.query_all(q, include_deleted=True)["records"][0]["IsDeleted"] is True
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "late"})
    assert error_code(err) == "INVALID_CROSS_REFERENCE_KEY"


def test_get_with_fields_parameter(sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "fields"})["id"]
    got = sf_integration.Case.get(case_id, params={"fields": "Subject,Status"})
    assert set(got) == {"attributes", "Subject", "Status"}


def test_describe_case(sf_integration):
    d = sf_integration.Case.describe()
    fields = {f["name"]: f for f in d["fields"]}
    assert d["keyPrefix"] == "500"
    status = fields["Status"]
    assert status["restrictedPicklist"] is True
    assert [p["value"] for p in status["picklistValues"]][:2] == ["New", "In Progress"]
    assert "Closed - By User" in [p["value"] for p in status["picklistValues"]]
    assert fields["Case_Owner__c"]["calculated"] is True and fields["Case_Owner__c"]["updateable"] is False
    assert fields["Subject"]["length"] == 255 and fields["Description"]["length"] == 32000
    assert fields["OwnerId"]["relationshipName"] == "Owner"
    assert {"CaseComments", "Attachments"} <= {c["relationshipName"] for c in d["childRelationships"]}
    ticket = sf_integration.query("SELECT Id FROM RecordType WHERE DeveloperName = 'Ticket'")["records"][0]["Id"]
    infos = d["recordTypeInfos"]
    assert [(i["name"], i["recordTypeId"], i["defaultRecordTypeMapping"]) for i in infos] == [
        ("Ticket", ticket, True), ("Master", "012000000000000AAA", False)]
    assert sf_integration.CaseComment.describe()["keyPrefix"] == "00a"
    names = {o["name"] for o in sf_integration.describe()["sobjects"]}
    assert {"Case", "CaseComment", "Attachment", "Contact", "User", "RecordType"} <= names


def test_attachment_body_length_and_download(sf, sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "with file"})["id"]
    payload = bytes(range(256)) * 10
    att = sf_integration.Attachment.create({"ParentId": case_id, "Name": "dump.bin",
                                            "ContentType": "application/octet-stream",
                                            "Body": base64.b64encode(payload).decode()})["id"]
    got = sf_integration.Attachment.get(att)
    assert got["BodyLength"] == len(payload)
    assert got["Body"] == f"/services/data/v62.0/sobjects/Attachment/{att}/Body"
    assert sf_integration.Attachment.get_base64(att) == payload
    rows = sf_integration.query(format_soql(
        "SELECT Id, (SELECT Name, BodyLength FROM Attachments) FROM Case WHERE Id = {}", case_id))
    assert rows["records"][0]["Attachments"]["records"][0]["BodyLength"] == len(payload)


def test_attachment_size_limit_and_bad_base64(sf, sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "too big"})["id"]
    sf.set_options(max_attachment_bytes=1000)        # restored by the next reset
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Attachment.create({"ParentId": case_id, "Name": "big.bin",
                                          "Body": base64.b64encode(b"z" * 1001).decode()})
    assert error_code(err) == "MAXIMUM_SIZE_OF_ATTACHMENT"
    assert sf_integration.Attachment.create({"ParentId": case_id, "Name": "ok.bin",
                                             "Body": base64.b64encode(b"z" * 1000).decode()})["success"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Attachment.create({"ParentId": case_id, "Name": "bad", "Body": "%%%not base64"})
    assert error_code(err) == "JSON_PARSER_ERROR"
    sf.reset()
    assert sf.org.options.max_attachment_bytes == 25 * 1024 * 1024


def test_request_body_size_limit(sf, sf_integration):
    sf.set_options(max_request_bytes=2000)
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Case.create({"Description": "d" * 3000})
    assert error_code(err) == "JSON_PARSER_ERROR"
    assert "Maximum size of request reached" in err.value.content[0]["message"]


def _problem_case(sf_integration) -> str:
    return sf_integration.query("SELECT Id FROM Case WHERE Type = 'Problem' LIMIT 1")["records"][0]["Id"]


def test_seed_rule_refuses_user_closing_a_problem_case(sf_integration, sf_agent):
    case_id = _problem_case(sf_integration)
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Case.update(case_id, {"Status": "Closed - By User"})
    assert err.value.content == [{"message": PROBLEM_RULE_MESSAGE, "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                  "fields": []}]
    assert sf_integration.Case.get(case_id)["IsClosed"] is False
    # Other edits by the user, and closing by an agent, are fine.
    assert sf_integration.Case.update(case_id, {"Description": "more detail"}) == 204
    assert sf_agent.Case.update(case_id, {"Status": "Closed"}) == 204


def test_custom_validation_rule(sf, sf_integration, alice_id):
    sf.add_validation_rule("No_Critical_From_Bot", "Critical cases must be phoned in",
                           when={"Priority": "1-Critical"}, users=[sf.user_id("integration")],
                           error_field="Priority")
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Case.create({"ContactId": alice_id, "Subject": "fire", "Priority": "1-Critical"})
    assert err.value.content[0] == {"message": "Critical cases must be phoned in",
                                    "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "fields": ["Priority"]}
    sf.clear_validation_rules()
    assert sf_integration.Case.create({"ContactId": alice_id, "Subject": "fire", "Priority": "1-Critical"})["success"]


def test_method_not_allowed(sf, sf_session_factory):
    s = sf_session_factory()
    r = s.put(sf.info["instance_url"] + "/services/data/v62.0/sobjects/Case/500EM0000000001YAA",
              headers={"Authorization": "Bearer " + sf.token()}, json={})
    assert r.status_code == 405 and r.json()[0]["errorCode"] == "METHOD_NOT_ALLOWED"


def test_unknown_resource_and_version(sf, sf_session_factory):
    s = sf_session_factory()
    h = {"Authorization": "Bearer " + sf.token()}
    for path in ("/services/data/v99.0/limits", "/services/data/v62.0/nothing", "/services/data/v62.0/sobjects/Nope"):
        r = s.get(sf.info["instance_url"] + path, headers=h)
        assert r.status_code == 404 and r.json()[0]["errorCode"] == "NOT_FOUND", path
    versions = s.get(sf.info["instance_url"] + "/services/data").json()
    assert versions[0]["version"] == "31.0" and versions[-1]["version"] == "66.0"


def test_empty_strings_nulls_and_checkboxes(sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "", "Type": ""})["id"]
    case = sf_integration.Case.get(case_id)
    assert case["Subject"] is None and case["Type"] is None           # "" is saved as null
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Case.update(case_id, {"Status": None})
    assert error_code(err) == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    comment = sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "c", "IsPublished": None})
    assert sf_integration.CaseComment.get(comment["id"])["IsPublished"] is False
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.Contact.create({"FirstName": "No", "LastName": ""})
    assert error_code(err) == "REQUIRED_FIELD_MISSING"


def test_deleting_a_contact_clears_case_lookups(sf_integration):
    contact = sf_integration.Contact.create({"LastName": "Temp", "Email": "temp@example.com"})["id"]
    case_id = sf_integration.Case.create({"ContactId": contact, "Subject": "orphaned"})["id"]
    sf_integration.Contact.delete(contact)
    assert sf_integration.Case.get(case_id)["ContactId"] is None


def test_comment_body_limit_counts_bytes(sf_integration, alice_id):
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "accents"})["id"]
    assert sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "é" * 2000})["success"]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "é" * 2001})   # 4,002 bytes
    assert error_code(err) == "STRING_TOO_LONG"


def test_sforce_auto_assign_false_skips_the_assignment_rule(sf, sf_integration):
    plain = sf_integration.Case.create({"Subject": "assigned"})["id"]
    skipped = sf_integration.Case.create({"Subject": "mine"}, headers={"Sforce-Auto-Assign": "FALSE"})["id"]
    assert sf_integration.Case.get(plain)["OwnerId"] == sf.user_id("agent")
    assert sf_integration.Case.get(skipped)["OwnerId"] == sf.user_id("integration")
    res = sf_integration.restful("composite", method="POST", json={"compositeRequest": [
        {"method": "POST", "url": "/services/data/v62.0/sobjects/Case", "referenceId": "c",
         "httpHeaders": {"Sforce-Auto-Assign": "false"}, "body": {"Subject": "composite mine"}}]})
    new_id = res["compositeResponse"][0]["body"]["id"]
    assert sf_integration.Case.get(new_id)["OwnerId"] == sf.user_id("integration")
