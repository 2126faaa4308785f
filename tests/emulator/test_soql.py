"""SOQL through simple-salesforce: the subset the bot uses, its semantics, pagination and its errors."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceMalformedRequest

from .conftest import error_code


def ids(result) -> list[str]:
    return [r["Id"] for r in result["records"]]


def test_relationship_fields_and_child_subquery(sf_integration, alice_id):
    rows = sf_integration.query(format_soql(
        "SELECT Id, Subject, Owner.Name, CreatedBy.Name, Contact.Email, Contact.Name, RecordType.Name, "
        "(SELECT CommentBody, IsPublished, CreatedBy.Name FROM CaseComments WHERE IsPublished = true "
        "ORDER BY CreatedDate DESC LIMIT 1) FROM Case WHERE ContactId = {} ORDER BY CreatedDate DESC", alice_id))
    recs = rows["records"]
    assert rows["totalSize"] == 4 and rows["done"] is True
    assert all(r["Contact"]["Email"] == "alice@example.com" and r["Contact"]["Name"] == "Alice Johnson"
               for r in recs)
    assert all(r["RecordType"]["Name"] == "Ticket" for r in recs)
    assert list(recs[0].keys())[:3] == ["attributes", "Id", "Subject"]
    shared = next(r for r in recs if r["Subject"] == "Shared drive not accessible")
    comments = shared["CaseComments"]
    assert comments["totalSize"] == 1 and comments["done"] is True          # private one filtered, LIMIT 1
    assert comments["records"][0]["IsPublished"] is True
    assert comments["records"][0]["CreatedBy"]["Name"] == "Sam Rivera"
    monitor = next(r for r in recs if r["Subject"] == "Request a second monitor")
    assert monitor["CaseComments"] is None                                    # no children: null, as in SF


def test_null_parent_relationship_is_null(sf_integration):
    case_id = sf_integration.Case.create({"Subject": "no contact"})["id"]
    rec = sf_integration.query(format_soql("SELECT Contact.Email FROM Case WHERE Id = {}", case_id))["records"][0]
    assert rec["Contact"] is None


def test_comment_parent_fields(sf_integration):
    rows = sf_integration.query("SELECT Id, ParentId, Parent.CaseNumber, Parent.Contact.Email FROM CaseComment "
                                "WHERE Parent.Contact.Email = 'alice@example.com' ORDER BY CreatedDate")
    assert rows["totalSize"] == 4
    assert all(r["Parent"]["Contact"]["Email"] == "alice@example.com" for r in rows["records"])


def test_where_operators(sf_integration, alice_id):
    def count(where: str, *args) -> int:
        return sf_integration.query(format_soql("SELECT COUNT() FROM Case WHERE " + where, *args))["totalSize"]

    assert count("Status = {}", "new") == 2                     # string comparison is case-insensitive
    assert count("Status != {}", "New") == 5
    assert count("Status IN {}", ["New", "In Progress"]) == 3
    assert count("Status NOT IN {}", ["New", "In Progress"]) == 4
    assert count("Subject LIKE {}", "%drive%") == 1
    assert count("Subject LIKE {}", "vpn%") == 1
    assert count("Subject LIKE {}", "_utlook%") == 1
    assert count("IsClosed = true") == 2
    assert count("IsClosed = false AND ContactId = {}", alice_id) == 3
    assert count("(Status = 'New' OR Status = 'Closed') AND ContactId = {}", alice_id) == 2
    assert count("NOT (Status = 'New')") == 5
    assert count("CaseNumber >= '00001004' AND CaseNumber < '00001006'") == 2
    assert count("CaseNumber <= '00001002' OR CaseNumber > '00001006'") == 3
    assert count("Owner.Name = 'Priya Patel'") == 3
    assert count("Contact.Email = {}", "BOB@example.com") == 3


def test_not_equal_and_not_in_match_nulls(sf_integration):
    sf_integration.Case.create({"Subject": "untyped"})            # Type is null
    total = sf_integration.query("SELECT COUNT() FROM Case")["totalSize"]
    problem = sf_integration.query("SELECT COUNT() FROM Case WHERE Type = 'Problem'")["totalSize"]
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Type != 'Problem'")["totalSize"] == total - problem
    not_in = sf_integration.query("SELECT COUNT() FROM Case WHERE Type NOT IN ('Problem')")["totalSize"]
    assert not_in == total - problem
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Type = null")["totalSize"] == 1
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE Type != null")["totalSize"] == total - 1


def test_string_literal_escapes_round_trip(sf_integration):
    tricky = "It's a \"quoted\" back\\slash 100%_done\nnew line"
    case_id = sf_integration.Case.create({"Subject": tricky})["id"]
    assert ids(sf_integration.query(format_soql("SELECT Id FROM Case WHERE Subject = {}", tricky))) == [case_id]
    like = format_soql("SELECT Id FROM Case WHERE Subject LIKE '%{:like}%'", "100%_")
    assert ids(sf_integration.query(like)) == [case_id]
    # an escaped wildcard is literal: "100%_" must not match "100 percent"
    sf_integration.Case.create({"Subject": "100 and done"})
    assert ids(sf_integration.query(like)) == [case_id]


def test_datetime_literals_and_date_functions(sf, sf_integration):
    now = datetime.now(timezone.utc)
    recent = sf_integration.query(format_soql("SELECT COUNT() FROM Case WHERE CreatedDate > {}",
                                              now - timedelta(days=5)))["totalSize"]
    assert recent == 3                                          # seed cases 2, 3 and 4 days old
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:5")["totalSize"] == 3
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE CreatedDate < LAST_N_DAYS:10")["totalSize"] == 2
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE CreatedDate = TODAY")["totalSize"] == 0
    sf_integration.Case.create({"Subject": "today"})
    assert sf_integration.query("SELECT COUNT() FROM Case WHERE CreatedDate = TODAY")["totalSize"] == 1
    stamp = sf_integration.query("SELECT SystemModstamp FROM Case ORDER BY SystemModstamp DESC LIMIT 1")[
        "records"][0]["SystemModstamp"]
    literal = stamp[:19] + "Z"   # to the second, as format_soql sends it
    newer = sf_integration.query(f"SELECT COUNT() FROM Case WHERE SystemModstamp >= {literal}")["totalSize"]
    assert newer == 1
    offset_form = stamp[:19] + "+02:00"                         # the same instant two hours earlier in UTC
    assert sf_integration.query(f"SELECT COUNT() FROM Case WHERE SystemModstamp > {offset_form}")["totalSize"] >= 1


def test_order_by_nulls_limit_offset(sf_integration):
    sf_integration.Case.create({"Subject": "no type"})
    asc = sf_integration.query("SELECT Type FROM Case ORDER BY Type ASC")["records"]
    assert asc[0]["Type"] is None                               # ASC: nulls first by default
    desc = sf_integration.query("SELECT Type FROM Case ORDER BY Type DESC")["records"]
    assert desc[-1]["Type"] is None                             # DESC: nulls last by default
    nl = sf_integration.query("SELECT Type FROM Case ORDER BY Type ASC NULLS LAST")["records"]
    assert nl[-1]["Type"] is None
    multi = sf_integration.query("SELECT Type, CaseNumber FROM Case WHERE Type != null "
                                 "ORDER BY Type DESC, CaseNumber ASC")["records"]
    keys = [(r["Type"], r["CaseNumber"]) for r in multi]
    assert keys == sorted(keys, key=lambda k: (k[0] or ""), reverse=True) or \
        [k[0] for k in keys] == sorted([k[0] for k in keys], reverse=True)
    for t in {k[0] for k in keys}:
        numbers = [k[1] for k in keys if k[0] == t]
        assert numbers == sorted(numbers)
    all_numbers = [r["CaseNumber"] for r in sf_integration.query(
        "SELECT CaseNumber FROM Case ORDER BY CaseNumber")["records"]]
    page = sf_integration.query("SELECT CaseNumber FROM Case ORDER BY CaseNumber LIMIT 3 OFFSET 2")
    assert [r["CaseNumber"] for r in page["records"]] == all_numbers[2:5] and page["totalSize"] == 3


def test_count_forms(sf_integration):
    assert sf_integration.query("SELECT COUNT() FROM Case") == {"totalSize": 7, "done": True, "records": []}
    assert sf_integration.query("SELECT COUNT() FROM Case LIMIT 3")["totalSize"] == 3
    agg = sf_integration.query("SELECT COUNT(Id) n FROM Case WHERE IsClosed = false")["records"][0]
    assert agg["attributes"]["type"] == "AggregateResult" and agg["n"] == 5
    assert sf_integration.query("SELECT COUNT(Type) FROM Case")["records"][0]["expr0"] == 7


def test_semi_join(sf_integration):
    rows = sf_integration.query("SELECT Id FROM Case WHERE Id IN (SELECT ParentId FROM CaseComment "
                                "WHERE IsPublished = false)")
    assert rows["totalSize"] == 1
    rows = sf_integration.query("SELECT COUNT() FROM Case WHERE Id NOT IN (SELECT ParentId FROM CaseComment)")
    assert rows["totalSize"] == 3


def test_pagination_query_more_and_query_all(sf, sf_integration):
    org = sf.org
    integ = sf.user_id("integration")
    with org.transaction():
        for i in range(2600):
            org.create("Case", {"Subject": f"bulk {i}", "Origin": "Chat"}, integ)
    first = sf_integration.query("SELECT Id, Subject FROM Case WHERE Origin = 'Chat' ORDER BY CaseNumber")
    assert first["totalSize"] == 2600 and first["done"] is False and len(first["records"]) == 2000
    assert first["nextRecordsUrl"].startswith("/services/data/v62.0/query/")
    second = sf_integration.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert second["done"] is True and len(second["records"]) == 600 and "nextRecordsUrl" not in second
    everything = sf_integration.query_all("SELECT Id FROM Case WHERE Origin = 'Chat'")
    assert len({r["Id"] for r in everything["records"]}) == 2600
    # a smaller batch on request, and the locator form (identifier without the URL)
    small = sf_integration.query("SELECT Id FROM Case WHERE Origin = 'Chat'",
                                 headers={"Sforce-Query-Options": "batchSize=500"})
    assert len(small["records"]) == 500
    locator = small["nextRecordsUrl"].rsplit("/", 1)[1]
    assert len(sf_integration.query_more(locator)["records"]) == 500
    # queryAll sees deleted rows and pages as queryAll
    victim = first["records"][0]["Id"]
    sf_integration.Case.delete(victim)
    deleted = sf_integration.query_all("SELECT Id FROM Case WHERE IsDeleted = true", include_deleted=True)
    assert ids(deleted) == [victim]
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.query_more("01gEM0000000999AAA-2000")
    assert error_code(err) == "INVALID_QUERY_LOCATOR"


@pytest.mark.parametrize("soql", [
    "SELECT",
    "SELECT Id",
    "SELECT Id FROM",
    "SELECT Id, FROM Case",
    "SELECT Id FROM Case WHERE",
    "SELECT Id FROM Case WHERE Subject = 'unterminated",
    "SELECT Id FROM Case WHERE Subject = 'a' AND Status = 'New' OR Type = 'x'",
    "SELECT Id FROM Case WHERE Subject 'x'",
    "SELECT Id FROM Case WHERE Subject = 'bad \\q escape'",
    "SELECT Id FROM Case ORDER BY",
    "SELECT Id FROM Case LIMIT many",
    "SELECT Id FROM Case WHERE Status IN ()",
    "SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS",
    "SELECT Id FROM Case WHERE ContactId = :contactId",
    "SELECT Id FROM Case GROUP BY Status",
    "SELECT Id, Id FROM Case",
    "SELECT Id FROM Case extra tokens",
    "DELETE FROM Case",
    "SELECT COUNT(), Id FROM Case",
])
def test_malformed_query(sf_integration, soql):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.query(soql)
    assert error_code(err) == "MALFORMED_QUERY", err.value.content


@pytest.mark.parametrize("soql,code", [
    ("SELECT Id, Colour__c FROM Case", "INVALID_FIELD"),
    ("SELECT Owner.Shoe FROM Case", "INVALID_FIELD"),
    ("SELECT Boss.Name FROM Case", "INVALID_FIELD"),
    ("SELECT Owner FROM Case", "INVALID_FIELD"),
    ("SELECT Id FROM Case WHERE Description = 'x'", "INVALID_FIELD"),
    ("SELECT Id FROM Case ORDER BY Description", "INVALID_FIELD"),
    ("SELECT Id FROM Case WHERE IsClosed = 'false'", "INVALID_FIELD"),
    ("SELECT Id FROM Case WHERE CreatedDate > 2026-01-01", "INVALID_FIELD"),
    ("SELECT Id FROM Case WHERE CreatedDate > '2026-01-01T00:00:00Z'", "INVALID_FIELD"),
    ("SELECT Id FROM Case WHERE Subject = 5", "INVALID_FIELD"),
    ("SELECT Id FROM Ticket", "INVALID_TYPE"),
    ("SELECT Id, (SELECT Id FROM Comments) FROM Case", "INVALID_TYPE"),
    ("SELECT Id FROM Case WHERE ContactId = 'abc'", "INVALID_QUERY_FILTER_OPERATOR"),
    ("SELECT Id FROM Case OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE"),
])
def test_semantic_errors(sf_integration, soql, code):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.query(soql)
    assert error_code(err) == code, err.value.content


def test_error_message_points_at_the_problem(sf_integration):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf_integration.query("SELECT Id, Colour__c FROM Case")
    message = err.value.content[0]["message"]
    assert "ERROR at Row:1:Column:12" in message and "No such column 'Colour__c' on entity 'Case'" in message


def test_names_are_case_insensitive(sf_integration):
    rows = sf_integration.query("select id, subject, owner.name from CASE where STATUS = 'New' order by casenumber")
    assert rows["totalSize"] == 2
    assert set(rows["records"][0]) == {"attributes", "Id", "Subject", "Owner"}
