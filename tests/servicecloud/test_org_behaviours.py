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


def test_a_1400_character_cjk_comment_is_split_by_bytes(desk, employee):
    case = desk.file_case(employee.id, "VPN を使えません")
    text = "ネットワークに接続できません。" * 100                   # 1,500 characters, 4,500 UTF-8 bytes
    text = text[:1400]
    comment = desk.add_comment(employee.id, case.case_number, text)
    assert comment.parts == 2 and comment.body.startswith("(1/2) ")
    bodies = [c for c in desk.recent_comments(employee.id, case.case_number, case.created_date)]
    assert all(len(c.body.encode("utf-8")) <= 4000 for c in bodies)
    assert "".join(c.body.split(" ", 1)[1] for c in bodies) == text


def test_a_long_cjk_work_note_is_cut_by_bytes(desk, employee):
    case = desk.file_case(employee.id, "Badge reader broken")
    [result] = desk.add_work_notes([(case.id, "社内メモ" * 1000)])
    assert result.ok


def test_attachments_default_to_25_mb():
    assert OrgConfig().attachments.max_bytes == 25 * 1024 * 1024


def test_a_case_filed_a_minute_ago_is_found_despite_the_search_index_lag(sf, desk, employee, desk_calls):
    sf.set_options(search_index_delay_seconds=900)              # real orgs: "about 15 minutes or more"
    filed = desk.file_case(employee.id, "VPN drops every hour", description="Cisco AnyConnect on my laptop")
    before = desk_calls()
    assert [c.id for c in desk.search_cases(employee.id, ["vpn"], include_closed=False)] == [filed.id]
    assert [c.id for c in desk.search_cases(employee.id, ["anyconnect"])] == [filed.id]   # Description too
    assert desk_calls() - before == 2                            # one SOQL call each, no SOSL
    assert desk.search_cases(employee.id, ["printer"], include_closed=False) == []


def test_sosl_supplements_with_older_closed_cases(sf, desk, employee, desk_calls):
    sf.advance_clock(-60 * 86400)                               # a case closed two months ago
    old = desk.file_case(employee.id, "Projector in room 4 flickers")
    desk.close_case(employee.id, old.case_number)
    sf.advance_clock(60 * 86400)
    desk.file_case(employee.id, "Keyboard missing keys")
    before = desk_calls()
    assert [c.id for c in desk.search_cases(employee.id, ["projector"])] == [old.id]
    assert desk_calls() - before == 2                           # nothing recent matched: SOSL looked further
    assert desk.search_cases(employee.id, ["projector"], include_closed=False) == []


def _cases_of(sf, contact_id: str) -> list[str]:
    with sf.org.lock:
        return [r[0] for r in sf.org.conn.execute('SELECT "Id" FROM "Case" WHERE "ContactId" = ?', (contact_id,))]


def test_a_case_sharing_hides_is_still_reported_filed_once(sf, desk, employee):
    """Case OWD Private, no View All: the assignment rule routes the new case to Sam, and it vanishes from
    the integration user's view inside the very Composite that filed it."""
    sf.set_options(case_sharing="private", integration_view_all=False)
    case = desk.file_case(employee.id, "Laptop battery swells")
    assert not case.visible and case.case_number == "" and case.subject == "Laptop battery swells"
    assert _cases_of(sf, employee.id) == [case.id]                   # filed, exactly once
    from servicecloud import FileUpload
    with_file = desk.file_case(employee.id, "Screen cracked", attachments=[FileUpload("photo.png", b"png")])
    assert not with_file.visible and with_file.attachments == ()
    assert with_file.attachment_errors and "photo.png" in with_file.attachment_errors[0]
    assert desk.sharing_gap() is not None and "View All" in desk.sharing_gap()
    sf.set_options(integration_view_all=True)
    assert desk.sharing_gap() is None
    assert desk.file_case(employee.id, "Dock does not charge").visible
    sf.set_options(case_sharing="public", integration_view_all=False)
    assert desk.sharing_gap() is None
