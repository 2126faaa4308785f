"""Behaviours real orgs have that break integrations (issue 11): the emulator reproduces them, as options
where orgs differ."""
from __future__ import annotations

import pytest


def test_the_assignment_rule_runs_again_on_an_update_unless_told_false(sf, sf_integration, sf_agent):
    case_id = sf_integration.Case.create({"Subject": "who owns me"})["id"]
    sf_agent.Case.update(case_id, {"OwnerId": sf.user_id("agent2")})        # Priya takes it
    assert sf_integration.Case.get(case_id)["Case_Owner__c"] == "Priya Patel"
    # A REST update without the header runs the active rule again: the case goes back to Sam.
    sf_integration.Case.update(case_id, {"Status": "In Progress"})
    assert sf_integration.Case.get(case_id)["OwnerId"] == sf.user_id("agent")
    sf_agent.Case.update(case_id, {"OwnerId": sf.user_id("agent2")})
    sf_integration.Case.update(case_id, {"Status": "Closed - By User"}, headers={"Sforce-Auto-Assign": "false"})
    case = sf_integration.Case.get(case_id)
    assert case["OwnerId"] == sf.user_id("agent2") and case["Case_Owner__c"] == "Priya Patel"


def test_the_assignment_rule_on_update_follows_composite_subrequest_headers(sf, sf_integration, sf_agent):
    case_id = sf_integration.Case.create({"Subject": "composite owner"})["id"]
    sf_agent.Case.update(case_id, {"OwnerId": sf.user_id("agent2")})
    url = f"/services/data/v{sf.api_version}/sobjects/Case/{case_id}"
    sf_integration.restful("composite", method="POST", json={"allOrNone": True, "compositeRequest": [
        {"method": "PATCH", "url": url, "referenceId": "w", "body": {"Status": "On Hold"},
         "httpHeaders": {"Sforce-Auto-Assign": "FALSE"}}]})
    assert sf_integration.Case.get(case_id)["OwnerId"] == sf.user_id("agent2")
    sf_integration.restful("composite", method="POST", json={"allOrNone": True, "compositeRequest": [
        {"method": "PATCH", "url": url, "referenceId": "w", "body": {"Status": "In Progress"}}]})
    assert sf_integration.Case.get(case_id)["OwnerId"] == sf.user_id("agent")


@pytest.mark.parametrize("on_update", [True, False])
def test_the_rule_on_update_is_an_option(sf, sf_integration, sf_agent, on_update):
    sf.set_options(assignment_rule_on_update=on_update)
    case_id = sf_integration.Case.create({"Subject": "option"})["id"]
    sf_agent.Case.update(case_id, {"OwnerId": sf.user_id("agent2")})
    sf_integration.Case.update(case_id, {"Status": "In Progress"})
    owner = sf_integration.Case.get(case_id)["OwnerId"]
    assert owner == (sf.user_id("agent") if on_update else sf.user_id("agent2"))


def test_a_late_commit_is_stamped_before_changes_already_visible(sf, sf_integration, alice_id):
    first = sf_integration.Case.create({"ContactId": alice_id, "Subject": "first"})["id"]
    sf.advance_clock(30)
    seen = sf_integration.Case.create({"ContactId": alice_id, "Subject": "visible"})["id"]
    sf.late_commit(20)
    late = sf_integration.Case.create({"ContactId": alice_id, "Subject": "long transaction"})["id"]
    stamps = {r["Id"]: r["SystemModstamp"] for r in sf_integration.query(
        f"SELECT Id, SystemModstamp FROM Case WHERE Id IN ('{first}', '{seen}', '{late}')")["records"]}
    assert stamps[first] < stamps[late] < stamps[seen]
    again = sf_integration.Case.create({"ContactId": alice_id, "Subject": "normal again"})["id"]
    assert sf_integration.Case.get(again)["SystemModstamp"] >= stamps[seen]


def test_retired_api_versions_answer_410_gone_and_v66_is_served(sf, sf_session_factory):
    s = sf_session_factory()
    h = {"Authorization": "Bearer " + sf.token()}
    base = sf.info["instance_url"] + "/services/data/"
    for version in ("20.0", "29.0", "30.0"):
        assert s.get(base + f"v{version}/limits", headers=h).status_code == 410, version
    for version in ("31.0", "62.0", "66.0"):
        assert s.get(base + f"v{version}/limits", headers=h).status_code == 200, version
    assert s.get(base + "v67.0/limits", headers=h).status_code == 404


def _query(sf, n: int) -> dict:
    return {"method": "GET", "url": f"/services/data/v{sf.api_version}/query/?q=SELECT+Id+FROM+User+LIMIT+1",
            "referenceId": f"q{n}"}


def test_a_composite_holds_at_most_five_queries(sf, sf_integration):
    ok = sf_integration.restful("composite", method="POST", json={"compositeRequest": [_query(sf, i)
                                                                                      for i in range(5)]})
    assert all(r["httpStatusCode"] == 200 for r in ok["compositeResponse"])
    from simple_salesforce.exceptions import SalesforceMalformedRequest
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.restful("composite", method="POST", json={"compositeRequest": [_query(sf, i)
                                                                                      for i in range(6)]})
    assert err.value.content[0]["errorCode"] == "LIMIT_EXCEEDED"


def test_a_base64_body_over_the_cap_is_refused(sf, sf_integration, alice_id):
    import base64

    from simple_salesforce.exceptions import SalesforceMalformedRequest
    sf.set_options(max_base64_bytes=1000)
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "files"})["id"]
    fits = base64.b64encode(b"x" * 750).decode()
    sf_integration.Attachment.create({"ParentId": case_id, "Name": "a.txt", "Body": fits})
    with pytest.raises(SalesforceMalformedRequest):
        sf_integration.Attachment.create({"ParentId": case_id, "Name": "b.txt",
                                          "Body": base64.b64encode(b"x" * 751).decode()})


def test_comment_body_counts_utf8_bytes(sf_integration, alice_id):
    from simple_salesforce.exceptions import SalesforceMalformedRequest
    case_id = sf_integration.Case.create({"ContactId": alice_id, "Subject": "bytes"})["id"]
    sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "漢" * 1333})      # 3,999 bytes
    with pytest.raises(SalesforceMalformedRequest):
        sf_integration.CaseComment.create({"ParentId": case_id, "CommentBody": "漢" * 1334})  # 4,002 bytes


def test_search_does_not_see_records_saved_within_the_index_delay(sf, sf_integration, alice_id):
    sf.set_options(search_index_delay_seconds=900)
    sf_integration.Case.create({"ContactId": alice_id, "Subject": "Zeppelin dock broken"})
    sosl = "FIND {zeppelin} IN ALL FIELDS RETURNING Case(Id, Subject)"
    assert sf_integration.search(sosl)["searchRecords"] == []
    assert sf_integration.query("SELECT Id FROM Case WHERE Subject = 'Zeppelin dock broken'")["totalSize"] == 1
    sf.advance_clock(901)
    assert [r["Subject"] for r in sf_integration.search(sosl)["searchRecords"]] == ["Zeppelin dock broken"]


def test_private_case_sharing_hides_cases_the_integration_user_does_not_own(sf, sf_integration, sf_agent,
                                                                            alice_id):
    sf.set_options(case_sharing="private", integration_view_all=False)
    mine = sf_integration.Case.create({"ContactId": alice_id, "Subject": "Quasar mine",
                                       "OwnerId": sf.user_id("integration")})["id"]
    queued = sf_integration.Case.create({"ContactId": alice_id, "Subject": "Quasar routed"})["id"]   # rule: Sam
    sf_agent.CaseComment.create({"ParentId": queued, "CommentBody": "agent note", "IsPublished": True})
    rows = sf_integration.query(f"SELECT Id FROM Case WHERE Id IN ('{mine}', '{queued}')")["records"]
    assert [r["Id"] for r in rows] == [mine]
    assert sf_integration.query(f"SELECT Id FROM CaseComment WHERE ParentId = '{queued}'")["totalSize"] == 0
    assert [r["Id"] for r in sf_integration.search("FIND {quasar} RETURNING Case(Id)")["searchRecords"]] == [mine]
    from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound
    with pytest.raises(SalesforceResourceNotFound):
        sf_integration.Case.get(queued)
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.CaseComment.create({"ParentId": queued, "CommentBody": "hello"})
    assert err.value.content[0]["errorCode"] == "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY"
    sf_integration.CaseComment.create({"ParentId": mine, "CommentBody": "on my own case"})
    assert sf_agent.query(f"SELECT Id FROM Case WHERE Id = '{queued}'")["totalSize"] == 1   # agents see all
    sf.set_options(integration_view_all=True)                                             # View All on Case
    assert sf_integration.query(f"SELECT Id FROM Case WHERE Id = '{queued}'")["totalSize"] == 1
