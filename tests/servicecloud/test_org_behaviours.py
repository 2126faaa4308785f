"""The Case domain on an org that behaves like a real one (issue 11): assignment rules on update, ..."""
from __future__ import annotations

from servicecloud import OrgConfig
from servicecloud.config import CaseDefaults


def _owner(sf, case_id: str) -> str:
    with sf.org.lock:
        return sf.org.conn.execute('SELECT "OwnerId" FROM "Case" WHERE "Id" = ?', (case_id,)).fetchone()[0]


def _take(sf, case_id: str, client: str = "agent2") -> None:
    sf.salesforce(client).Case.update(case_id, {"OwnerId": sf.user_id(client)},
                                      headers={"Sforce-Auto-Assign": "FALSE"})


def test_closing_reopening_and_editing_never_reassign_the_case(sf, desk, employee):
    assert sf.org.options.assignment_rule_on_update
    case = desk.file_case(employee.id, "printer on floor 3 jams")
    assert _owner(sf, case.id) == sf.user_id("agent")          # create: the rule runs (REST's default)
    _take(sf, case.id)                                          # Priya works the case
    desk.close_case(employee.id, case.case_number)
    assert _owner(sf, case.id) == sf.user_id("agent2")
    desk.reopen_case(employee.id, case.case_number)
    assert _owner(sf, case.id) == sf.user_id("agent2")
    desk.update_description(employee.id, case.case_number, "also on floor 4", append=False)
    desk.update_description(employee.id, case.case_number, "it prints @{garbage}")   # step by step
    assert _owner(sf, case.id) == sf.user_id("agent2")
    assert desk.get_case(employee.id, case.case_number).assignee == "Priya Patel"


def test_filing_can_skip_the_assignment_rule(sf, make_desk, employee):
    desk = make_desk(OrgConfig(defaults=CaseDefaults(auto_assign_on_create=False)))
    case = desk.file_case(employee.id, "no rule for me")
    assert _owner(sf, case.id) == sf.user_id("integration")
