"""Hostile input changes nothing it should not: filed verbatim, matched literally, refused as a case reference."""
from __future__ import annotations

import pytest
from simple_salesforce import format_soql

from servicecloud import CaseNotFound, ContactNotFound

from .conftest import rows

CORPUS = [
    "it's broken",
    'say "hello"',
    "back\\slash \\' and \\\\ twice",
    "' OR Id != '",
    "x' OR ContactId != '",
    "100% of the time",
    "under_score and %_% wildcards",
    "naïve café 日本語 emoji 🚀 and RTL שלום",
    "two\nlines\r\nand\ttab",
    "{braces} [brackets] (parens) * ? ~ ^ : + - & | !",
    "@{c.records[0].Id} and @{newcase.id}",
    "SELECT Id FROM Case",
    "; DROP TABLE Case; --",
]


@pytest.mark.parametrize("text", CORPUS)
def test_text_is_filed_and_commented_verbatim(desk, employee, sf_integration, text):
    case = desk.file_case(employee.id, f"Problem: {text}", description=f"Details: {text}")
    row = rows(sf_integration, format_soql("SELECT Subject, Description, ContactId FROM Case WHERE Id = {}",
                                           case.id))[0]
    # verbatim, but for line ends: a carriage return is written as a newline (servicecloud/soql.py clean_text)
    assert row["Description"].endswith(f"Details: {text}".replace("\r\n", "\n"))
    assert row["Subject"] == " ".join(f"Problem: {text}".split())
    assert row["ContactId"] == employee.id
    desk.add_comment(employee.id, case.case_number, text)
    desk.update_description(employee.id, case.case_number, text, append=False)
    after = rows(sf_integration, format_soql(
        "SELECT Description, (SELECT CommentBody FROM CaseComments) FROM Case WHERE Id = {}", case.id))[0]
    assert after["Description"] == text.strip().replace("\r\n", "\n")
    assert [c["CommentBody"] for c in after["CaseComments"]["records"]] == [text.strip()]


@pytest.mark.parametrize("text", CORPUS)
def test_hostile_case_references_name_no_case(desk, employee, other_employee, meter, text):
    desk.file_case(other_employee.id, "someone else's")
    with meter() as m:
        for call in (lambda: desk.get_case(employee.id, text), lambda: desk.close_case(employee.id, text),
                     lambda: desk.add_comment(employee.id, text, "x")):
            with pytest.raises(CaseNotFound):
                call()
    assert m.calls == 0     # refused before any query


@pytest.mark.parametrize("text", CORPUS)
def test_hostile_contact_ids_and_emails_match_nothing(desk, employee, other_employee, text):
    desk.file_case(other_employee.id, "other's case")
    assert desk.list_open_cases(text) == []
    assert desk.list_recent_cases(text) == []
    with pytest.raises(ContactNotFound):
        desk.find_contact(f"{text}@example.com")
    with pytest.raises(ContactNotFound):
        desk.find_contact(f"x' OR Email != '{text}")


def test_search_wildcards_and_operators_are_literal(desk, employee):
    plain = desk.file_case(employee.id, "Printer offline", description="No network")
    percent = desk.file_case(employee.id, "Disk 100% full", description="the disk is at 100%")
    found = desk.search_cases(employee.id, ["100%"])
    assert [c.id for c in found] == [percent.id]
    for hostile in ["%", "_", "%%", "__", "*", "* OR *", '" OR "', "'", "\\", "} OR {x", "' OR Id != '"]:
        assert plain.id not in {c.id for c in desk.search_cases(employee.id, [hostile])}, hostile


def test_search_never_reaches_other_contacts(desk, employee, other_employee):
    desk.file_case(other_employee.id, "secret vpn token")
    hostile = ["vpn", "vpn') OR (ContactId != '", "vpn\" OR \"x"]
    assert desk.search_cases(employee.id, hostile) == []
