"""CaseDesk against the Salesforce emulator: each operation, its cost, and what it writes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from simple_salesforce import format_soql

from servicecloud import (
    AttachmentRejected,
    CanonicalState,
    CaseNotFound,
    ContactNotFound,
    FileUpload,
    OrgConfig,
    SetupRefused,
    TooLong,
    ValidationRefused,
    WrongState,
)
from servicecloud.config import AttachmentLimits

from .conftest import rows


def case_row(sf_integration, case_id: str) -> dict:
    return rows(sf_integration, format_soql(
        "SELECT Id, Subject, Description, Origin, Priority, Status, Type, ContactId, RecordTypeId, RecordType.Name, "
        "Internal_Support_Category__c, CaseNumber FROM Case WHERE Id = {}", case_id))[0]


# ------------------------------------------------------------------------------------------ directory
def test_find_contact_by_email_in_one_call(desk, employee, meter):
    with meter() as m:
        found = desk.find_contact(employee.email.upper())
    assert found.id == employee.id and found.email == employee.email
    assert m.calls == 1


def test_unknown_email_is_a_typed_error_with_a_human_message(desk, meter):
    with meter() as m, pytest.raises(ContactNotFound) as err:
        desk.find_contact("erin@example.com")
    assert "erin@example.com" in err.value.user_message and m.calls == 1
    with pytest.raises(ContactNotFound):
        desk.find_contact("not-an-email")


# ------------------------------------------------------------------------------------------- filing
def test_file_case_writes_the_seed_fields_and_returns_the_case_number_in_one_call(desk, employee, meter,
                                                                                  sf_integration):
    text = "My laptop will not boot after the update and I have a customer demo at 3pm today " * 5
    with meter() as m:
        case = desk.file_case(employee.id, text, case_type="Service Request", channel="dm")
    assert m.calls == 1
    assert len(case.case_number) == 8 and case.case_number.isdigit()
    assert case.status == "New" and case.state is CanonicalState.NEW and case.assignee
    row = case_row(sf_integration, case.id)
    assert len(row["Subject"]) <= 255 and row["Subject"].endswith("…")
    assert text.startswith(row["Subject"][:-1].rstrip())
    assert row["Description"] == text.strip()
    assert (row["Origin"], row["Priority"], row["Status"], row["Type"]) == \
        ("Concierge Slack", "3-Standard", "New", "Service Request")
    assert row["ContactId"] == employee.id and row["RecordType"]["Name"] == "Ticket"
    assert row["Internal_Support_Category__c"] == "Concierge Uncategorized"
    assert row["CaseNumber"] == case.case_number


def test_origin_follows_the_channel_and_record_type_lookup_is_cached(make_desk, employee, meter, sf_integration):
    org = OrgConfig.model_validate({"defaults": {"origin_by_channel": {"slash_command": "Concierge Slash"}}})
    desk = make_desk(org)
    first = desk.file_case(employee.id, "printer jammed", channel="slash_command")
    with meter() as m:
        second = desk.file_case(employee.id, "printer jammed again", channel="dm")
    assert m.calls == 1
    assert case_row(sf_integration, first.id)["Origin"] == "Concierge Slash"
    assert case_row(sf_integration, second.id)["Origin"] == "Concierge Slack"
    assert case_row(sf_integration, first.id)["RecordTypeId"] == case_row(sf_integration, second.id)["RecordTypeId"]


def test_missing_record_type_files_with_the_org_default(make_desk, employee, sf_integration):
    desk = make_desk(OrgConfig.model_validate({"defaults": {"record_type_name": "No Such Type"}}))
    case = desk.file_case(employee.id, "still filed")
    [default] = [i for i in sf_integration.Case.describe()["recordTypeInfos"] if i["defaultRecordTypeMapping"]]
    assert case_row(sf_integration, case.id)["RecordTypeId"] == default["recordTypeId"]   # Salesforce's choice


def test_too_long_description_is_refused_before_any_call(desk, employee, meter):
    with meter() as m, pytest.raises(TooLong) as err:
        desk.file_case(employee.id, "x" * 32_001)
    assert m.calls == 0 and "32,000" in err.value.user_message


def test_attachments_at_filing_go_in_the_same_call_and_limits_are_explained(make_desk, employee, meter,
                                                                           sf_integration):
    desk = make_desk(OrgConfig(attachments=AttachmentLimits(max_bytes=1000, max_per_case=2)))
    files = [FileUpload("log.txt", b"line\n" * 10, "text/plain"), FileUpload("huge.bin", b"x" * 5000),
             FileUpload("shot.png", b"\x89PNG" + b"\x00" * 100, "image/png"), FileUpload("third.txt", b"3")]
    with meter() as m:
        case = desk.file_case(employee.id, "VPN keeps dropping", attachments=files)
    assert m.calls == 1
    assert [a.name for a in case.attachments] == ["log.txt", "shot.png"]
    assert len(case.attachment_errors) == 2
    assert "huge.bin" in case.attachment_errors[0] and "too big" in case.attachment_errors[0]
    assert "third.txt" in case.attachment_errors[1]
    stored = rows(sf_integration, format_soql("SELECT Name, Body, BodyLength FROM Attachment WHERE ParentId = {}"
                                              " ORDER BY Name", case.id))
    assert [r["Name"] for r in stored] == ["log.txt", "shot.png"]
    assert stored[0]["BodyLength"] == 50


# ------------------------------------------------------------------------------------------ reading
def test_get_case_by_number_short_number_or_id_in_one_call(desk, employee, meter):
    case = desk.file_case(employee.id, "Keyboard missing keys")
    for ref in (case.case_number, str(int(case.case_number)), case.id, case.id[:15]):
        with meter() as m:
            got = desk.get_case(employee.id, ref)
        assert m.calls == 1
        assert got.id == case.id and got.description == "Keyboard missing keys" and got.assignee


def test_lists_are_scoped_to_the_contact_and_ordered(desk, sf, employee, other_employee, meter):
    old = desk.file_case(employee.id, "first problem")
    sf.advance_clock(60)
    new = desk.file_case(employee.id, "second problem")
    sf.advance_clock(60)
    done = desk.file_case(employee.id, "third problem")
    desk.close_case(employee.id, done.case_number)
    desk.file_case(other_employee.id, "someone else's problem")
    with meter() as m:
        open_cases = desk.list_open_cases(employee.id)
    assert m.calls == 1
    assert [c.id for c in open_cases] == [new.id, old.id]
    with meter() as m:
        recent = desk.list_recent_cases(employee.id)
    assert m.calls == 1
    assert [c.id for c in recent] == [new.id, old.id, done.id]
    assert recent[-1].state is CanonicalState.CLOSED
    assert desk.list_open_cases(employee.id, limit=1)[0].id == new.id


def test_search_ranks_most_relevant_first_in_one_call(desk, sf, employee, other_employee, meter):
    vpn_only = desk.file_case(employee.id, "VPN drops at home", description="Started on Monday.")
    both = desk.file_case(employee.id, "VPN and laptop broken", description="The laptop dock kills the vpn")
    desk.file_case(employee.id, "Printer out of toner")
    in_body = desk.file_case(employee.id, "Slow connection", description="Maybe the vpn client is old")
    desk.file_case(other_employee.id, "VPN laptop VPN laptop")
    with meter() as m:
        found = desk.search_cases(employee.id, ["vpn", "laptop"])
    assert m.calls == 1
    assert [c.id for c in found] == [both.id, vpn_only.id, in_body.id]
    with meter() as m:
        assert desk.search_cases(employee.id, []) == []
        assert desk.search_cases(employee.id, ["%", "*", " "]) == []
    assert m.calls == 0


def test_search_can_leave_out_finished_cases(desk, employee):
    a = desk.file_case(employee.id, "Monitor flickers")
    b = desk.file_case(employee.id, "Monitor cable missing")
    desk.close_case(employee.id, b.case_number)
    assert {c.id for c in desk.search_cases(employee.id, ["monitor"])} == {a.id, b.id}
    assert [c.id for c in desk.search_cases(employee.id, ["monitor"], include_closed=False)] == [a.id]


# ------------------------------------------------------------------------------------------- acting
def test_add_comment_is_public_and_costs_one_call(desk, employee, meter, sf_integration):
    case = desk.file_case(employee.id, "Need a new badge")
    with meter() as m:
        comment = desk.add_comment(employee.id, case.case_number, "It was lost on the train")
    assert m.calls == 1
    assert comment.case_id == case.id and comment.is_published and comment.parts == 1
    assert comment.body == "It was lost on the train" and comment.created_by_id == desk.integration_user_id
    stored = rows(sf_integration, format_soql("SELECT CommentBody, IsPublished FROM CaseComment WHERE ParentId = {}",
                                              case.id))
    assert stored == [{"attributes": stored[0]["attributes"], "CommentBody": "It was lost on the train",
                       "IsPublished": True}]


def test_long_comment_is_split_into_numbered_parts_in_one_call(desk, employee, meter, sf_integration):
    case = desk.file_case(employee.id, "Long story")
    body = "\n\n".join(f"Step {i}: " + "details " * 120 for i in range(10))   # ~9,700 characters
    with meter() as m:
        comment = desk.add_comment(employee.id, case.case_number, body)
    assert m.calls == 1 and comment.parts == 3
    stored = rows(sf_integration, format_soql(
        "SELECT CommentBody FROM CaseComment WHERE ParentId = {} ORDER BY CreatedDate, Id", case.id))
    assert len(stored) == 3
    assert [r["CommentBody"][:6] for r in stored] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert all(len(r["CommentBody"]) <= 4000 for r in stored)
    with pytest.raises(TooLong):
        desk.add_comment(employee.id, case.case_number, "word " * 9000)


def test_close_and_reopen_use_the_configured_statuses_in_one_call_each(desk, employee, meter):
    case = desk.file_case(employee.id, "Mouse double-clicks")
    with meter() as m:
        closed = desk.close_case(employee.id, case.case_number)
    assert m.calls == 1 and closed.status == "Closed - By User" and closed.is_closed
    with meter() as m, pytest.raises(WrongState) as err:
        desk.close_case(employee.id, case.case_number)
    assert m.calls == 1 and "already closed" in err.value.user_message and err.value.case.id == case.id
    with meter() as m:
        reopened = desk.reopen_case(employee.id, case.case_number)
    assert m.calls == 1 and reopened.status == "Reopened" and reopened.state is CanonicalState.IN_PROGRESS
    with pytest.raises(WrongState) as err:
        desk.reopen_case(employee.id, case.case_number)
    assert "still open" in err.value.user_message


def test_reopen_a_resolved_case(desk, employee, sf_agent):
    case = desk.file_case(employee.id, "Fixed?")
    sf_agent.Case.update(case.id, {"Status": "Resolved"})
    assert desk.get_case(employee.id, case.case_number).state is CanonicalState.RESOLVED
    assert desk.reopen_case(employee.id, case.case_number).status == "Reopened"


def test_validation_rule_refusal_carries_salesforces_message(desk, employee, meter):
    case = desk.file_case(employee.id, "Shared drive broken", case_type="Problem")
    with meter() as m, pytest.raises(ValidationRefused) as err:
        desk.close_case(employee.id, case.case_number)
    assert m.calls == 1
    assert err.value.error_code == "FIELD_CUSTOM_VALIDATION_EXCEPTION"
    assert "cannot be closed by the user" in err.value.user_message
    assert desk.get_case(employee.id, case.case_number).status == "New"


def test_restricted_picklist_refusal_is_a_set_up_refusal(make_desk, employee):
    desk = make_desk(OrgConfig.model_validate({"statuses": {"on_user_close": "Closed Forever"}}))
    case = desk.file_case(employee.id, "Anything")
    with pytest.raises(SetupRefused) as err:
        desk.close_case(employee.id, case.case_number)
    assert err.value.error_code == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert isinstance(err.value, ValidationRefused)           # final: never retried
    assert "Closed Forever" in err.value.user_message


def test_update_description_replace_costs_one_call_append_two(desk, employee, meter):
    case = desk.file_case(employee.id, "Screen is dim")
    with meter() as m:
        view = desk.update_description(employee.id, case.case_number, "Screen is dim on battery", append=False)
    assert m.calls == 1 and view.description == "Screen is dim on battery"
    with meter() as m:
        view = desk.update_description(employee.id, case.case_number, "Also on AC power.")
    assert m.calls == 2 and view.description == "Screen is dim on battery\n\nAlso on AC power."
    with pytest.raises(TooLong):
        desk.update_description(employee.id, case.case_number, "y" * 32_001, append=False)


def test_attach_file_checks_limits_before_uploading(make_desk, employee, meter, sf_integration):
    desk = make_desk(OrgConfig(attachments=AttachmentLimits(max_bytes=100)))
    case = desk.file_case(employee.id, "Error dialog")
    with meter() as m:
        info = desk.attach_file(employee.id, case.case_number, FileUpload("err.png", b"\x89PNG123", "image/png"))
    assert m.calls == 1 and info.case_id == case.id and info.size == 7
    body = rows(sf_integration, format_soql("SELECT Body, ContentType FROM Attachment WHERE Id = {}", info.id))[0]
    assert body["ContentType"] == "image/png"
    with meter() as m, pytest.raises(AttachmentRejected) as err:
        desk.attach_file(employee.id, case.case_number, FileUpload("big.zip", b"z" * 101))
    assert m.calls == 0 and "too big" in err.value.user_message


def test_attachment_count_limit(make_desk, employee, meter):
    desk = make_desk(OrgConfig(attachments=AttachmentLimits(max_per_case=1)))
    case = desk.file_case(employee.id, "Two files", attachments=[FileUpload("a.txt", b"a")])
    with meter() as m, pytest.raises(AttachmentRejected) as err:
        desk.attach_file(employee.id, case.case_number, FileUpload("b.txt", b"b"))
    assert m.calls == 1 and "already has 1" in err.value.user_message


def test_salesforce_refusing_an_attachment_is_passed_on(desk, sf, employee):
    sf.add_validation_rule("no_exe", "Executable files are not allowed.", sobject="Attachment",
                           when={"ContentType": ["application/x-msdownload"]})
    case = desk.file_case(employee.id, "Installer")
    with pytest.raises(AttachmentRejected) as err:
        desk.attach_file(employee.id, case.case_number, FileUpload("setup.exe", b"MZ", "application/x-msdownload"))
    assert "Executable files are not allowed." in err.value.user_message


# -------------------------------------------------------------------------- cross-contact access
@pytest.mark.parametrize("operation", ["get", "comment", "close", "reopen", "describe", "append", "attach"])
def test_another_contacts_case_is_answered_like_a_missing_one(desk, employee, other_employee, meter,
                                                             sf_integration, operation):
    theirs = desk.file_case(other_employee.id, "Private matter", case_type="Incident")
    desk.close_case(other_employee.id, theirs.case_number)  # so reopen would otherwise apply
    missing = "99999999"
    run = {
        "get": lambda ref: desk.get_case(employee.id, ref),
        "comment": lambda ref: desk.add_comment(employee.id, ref, "sneaky"),
        "close": lambda ref: desk.close_case(employee.id, ref),
        "reopen": lambda ref: desk.reopen_case(employee.id, ref),
        "describe": lambda ref: desk.update_description(employee.id, ref, "sneaky", append=False),
        "append": lambda ref: desk.update_description(employee.id, ref, "sneaky", append=True),
        "attach": lambda ref: desk.attach_file(employee.id, ref, FileUpload("x.txt", b"x")),
    }[operation]
    answers = []
    for ref in (theirs.case_number, missing):
        with meter() as m, pytest.raises(CaseNotFound) as err:
            run(ref)
        assert m.calls <= 1
        # the same exception class, text, attributes and cost: nothing tells "someone else's" from "none"
        answers.append((type(err.value), err.value.user_message.replace(ref, "REF"),
                        str(err.value).replace(ref, "REF"), err.value.ref.replace(ref, "REF"), m.calls))
    with meter() as m, pytest.raises(CaseNotFound) as by_id:
        run(theirs.id)
    assert type(by_id.value) is CaseNotFound and m.calls <= 1
    assert by_id.value.user_message.replace(theirs.id, "REF") == answers[0][1]
    assert len(set(answers)) == 1, answers
    after = rows(sf_integration, format_soql(
        "SELECT Status, Description, (SELECT Id FROM CaseComments), (SELECT Id FROM Attachments) FROM Case "
        "WHERE Id = {}", theirs.id))[0]
    assert after["Status"] == "Closed - By User" and after["Description"] == "Private matter"
    assert not (after["CaseComments"] or {}).get("records") and not (after["Attachments"] or {}).get("records")


# ----------------------------------------------------------------------------------- work notes
def test_work_notes_are_private_and_batched_200_per_call(desk, employee, meter, sf_integration):
    case = desk.file_case(employee.id, "Noted")
    with meter() as m:
        note_id = desk.add_work_note(case.id, "Concierge told the user about the agent's reply.")
    assert m.calls == 1
    notes = [(case.id, f"note {i}") for i in range(250)] + [("500000000000000AAA", "nowhere")]
    with meter() as m:
        results = desk.add_work_notes(notes)
    assert m.calls == 2
    assert sum(r.ok for r in results) == 250 and not results[-1].ok and results[-1].error
    stored = rows(sf_integration, format_soql("SELECT Id, IsPublished FROM CaseComment WHERE ParentId = {}", case.id))
    assert len(stored) == 251 and not any(r["IsPublished"] for r in stored)
    assert note_id in {r["Id"] for r in stored}


# ----------------------------------------------------------------------------------- change feed
def test_change_feed_costs_one_call_when_idle_and_reports_agent_changes(desk, sf, employee, sf_agent, meter):
    start = desk.changes_since(None)
    assert start.cases == [] and start.comments == [] and start.watermark is not None
    with meter() as m:
        idle = desk.changes_since(start.watermark)
    assert m.calls == 1 and idle.api_calls == 1
    assert idle.watermark == start.watermark
    sf.advance_clock(5)
    case = desk.file_case(employee.id, "Wi-Fi drops")
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which floor?", "IsPublished": True})
    sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})
    with meter() as m:
        changes = desk.changes_since(start.watermark)
    assert m.calls == 1
    assert [c.id for c in changes.cases] == [case.id]
    changed = changes.cases[0]
    assert changed.state is CanonicalState.WAITING_FOR_USER and changed.contact_email == employee.email
    assert changed.last_modified_by_id == sf.user_id("agent") != desk.integration_user_id
    [comment] = changes.comments
    assert comment.body == "Which floor?" and comment.is_published and comment.created_by_name == "Sam Rivera"
    assert comment.case_number == case.case_number and comment.contact_id == employee.id
    assert comment.created_by_id == sf.user_id("agent")
    assert changes.watermark > start.watermark
    assert desk.changes_since(changes.watermark).cases == []


def test_change_feed_pages_beyond_a_batch(desk, sf, employee):
    start = desk.changes_since(None).watermark
    sf.advance_clock(2)
    notes = [(desk.file_case(employee.id, f"case {i}").id, "x") for i in range(3)]
    desk.add_work_notes(notes * 700)   # 2,100 comments: more than one batch of 2,000
    changes = desk.changes_since(start)
    assert len(changes.comments) == 2100 and len(changes.cases) == 3
    assert changes.api_calls == 2


def test_idle_cases_lists_cases_untouched_since(desk, sf, employee):
    stale = desk.file_case(employee.id, "Old question")
    sf.advance_clock(4 * 86400)
    fresh = desk.file_case(employee.id, "New question")
    since = datetime.now(timezone.utc) + timedelta(days=3)
    idle = desk.idle_cases([CanonicalState.NEW], since)
    ids = [c.id for c in idle]
    assert stale.id in ids and fresh.id not in ids


def test_integration_user_and_api_usage(desk, sf):
    assert desk.integration_user_id == sf.user_id("integration")
    desk.list_open_cases("003000000000000AAA")
    used, limit = desk.api_usage()
    assert used == sf.api_usage()[0] and limit == sf.api_usage()[1]


def test_attachments_beyond_the_composite_budget_follow_one_call_each(desk, employee, meter, monkeypatch,
                                                                     sf_integration):
    import servicecloud.filing as filing_module

    monkeypatch.setattr(filing_module, "COMPOSITE_ATTACHMENT_BUDGET", 1000)
    files = [FileUpload("small.txt", b"s" * 600), FileUpload("big1.bin", b"b" * 900), FileUpload("big2.bin", b"c" * 2000)]
    with meter() as m:
        case = desk.file_case(employee.id, "Logs attached", attachments=files)
    assert m.calls == 3 and case.attachment_errors == ()
    assert sorted(a.name for a in case.attachments) == ["big1.bin", "big2.bin", "small.txt"]
    stored = rows(sf_integration, format_soql("SELECT Name, Body FROM Attachment WHERE ParentId = {}", case.id))
    assert len(stored) == 3


def test_separate_description_keeps_the_full_text_when_the_subject_is_cut(desk, employee, sf_integration):
    short = desk.file_case(employee.id, "Printer on floor 3", description="It prints blank pages.")
    assert case_row(sf_integration, short.id)["Description"] == "It prints blank pages."
    long_text = "printer " * 60
    cut = desk.file_case(employee.id, long_text, description="It prints blank pages.")
    assert case_row(sf_integration, cut.id)["Description"] == long_text.strip() + "\n\nIt prints blank pages."


def test_text_that_looks_like_a_composite_reference_is_filed_verbatim(desk, employee, meter, sf_integration):
    text = "See @{newcase.id} and @{c.records[0].Id}"
    with meter() as m:
        case = desk.file_case(employee.id, text)
    assert m.calls > 1      # run step by step so Salesforce never resolves the user's text
    assert case_row(sf_integration, case.id)["Description"] == text
    comment = desk.add_comment(employee.id, case.case_number, text)
    assert comment.body == text


def test_case_type_is_written_as_the_org_spells_it(make_desk, employee, sf_integration):
    desk = make_desk(OrgConfig.model_validate({"defaults": {"type_service_request": "Request"}}))
    case = desk.file_case(employee.id, "New phone please", case_type="Service Request")
    assert case_row(sf_integration, case.id)["Type"] == "Request"
    assert case_row(sf_integration, desk.file_case(employee.id, "x y", case_type="Problem").id)["Type"] == "Problem"


def test_identical_attachments_are_all_attached(desk, employee):
    same = FileUpload("same.txt", b"same")
    case = desk.file_case(employee.id, "Twice the same file", attachments=[same, same])
    assert [a.name for a in case.attachments] == ["same.txt", "same.txt"]


def test_one_desk_serves_many_threads(desk, employee):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        filed = list(pool.map(lambda i: desk.file_case(employee.id, f"parallel case {i}"), range(16)))
        comments = list(pool.map(lambda c: desk.add_comment(employee.id, c.case_number, "hi"), filed))
    assert len({c.case_number for c in filed}) == 16
    assert {c.case_id for c in comments} == {c.id for c in filed}
    assert len(desk.list_open_cases(employee.id)) == 16


# ------------------------------------------------------------------------------------------- assignee
def test_assignee_comes_from_the_configured_field_and_falls_back_to_the_owner(make_desk, sf, sf_agent, employee):
    from servicecloud.config import CaseFields

    desk = make_desk()
    case = desk.file_case(employee.id, "Second screen stays black")
    sf_agent.Case.update(case.id, {"OwnerId": sf.user_id("agent2")})        # an agent hands it to Priya
    assert desk.get_case(employee.id, case.case_number).assignee == "Priya Patel"          # Case_Owner__c
    assert [c.assignee for c in desk.list_open_cases(employee.id)] == ["Priya Patel"]
    assert [c.assignee for c in desk.search_cases(employee.id, ["screen"])] == ["Priya Patel"]

    custom = make_desk(OrgConfig(fields=CaseFields(assignee="Internal_Support_Category__c")))
    assert custom.get_case(employee.id, case.case_number).assignee == "Concierge Uncategorized"
    # an agent's edit (FALSE: like an edit in Salesforce's UI, the assignment rule does not run again)
    sf_agent.Case.update(case.id, {"Internal_Support_Category__c": None}, headers={"Sforce-Auto-Assign": "FALSE"})
    assert custom.get_case(employee.id, case.case_number).assignee == "Priya Patel"          # Owner.Name
    assert [c.assignee for c in custom.list_open_cases(employee.id)] == ["Priya Patel"]


def test_recent_comments_lists_concierges_comments_on_the_contacts_case_since_a_time(desk, employee,
                                                                                    other_employee):
    from datetime import datetime, timedelta, timezone
    t0 = datetime.now(timezone.utc) - timedelta(seconds=5)
    case = desk.file_case(employee.id, "Printer jams")
    desk.add_comment(employee.id, case.case_number, "first")
    desk.add_comment(employee.id, case.id, "second")
    assert [c.body for c in desk.recent_comments(employee.id, case.case_number, t0)] == ["first", "second"]
    assert [c.body for c in desk.recent_comments(employee.id, case.id, t0)] == ["first", "second"]
    assert desk.recent_comments(employee.id, case.id, datetime.now(timezone.utc) + timedelta(minutes=1)) == []
    assert desk.recent_comments(other_employee.id, case.id, t0) == []      # not theirs: nothing


def test_change_feed_reads_agent_replies_in_the_same_call_and_their_cases_200_per_call(desk, sf, employee, meter):
    """Emails, feed posts (and comments) and files ride in the one Composite call (five queries, the most
    Salesforce allows); cases the replies name but the case rows lack cost one call per 200."""
    cases = [desk.file_case(employee.id, f"printer {i}").id for i in range(250)]
    sf.advance_clock(5)
    start = desk.changes_since(None).watermark
    sf.advance_clock(5)
    agent = sf.user_id("agent")
    for i, cid in enumerate(cases):
        sf.org.create("FeedItem", {"ParentId": cid, "Body": f"post {i}"}, agent)
    sf.org.create("EmailMessage", {"ParentId": cases[0], "Incoming": False, "Status": "3", "TextBody": "hi"}, agent)
    with meter() as m:
        changes = desk.changes_since(start)
    assert m.calls == changes.api_calls == 1 + 2                      # the feed + ceil(250 / 200) case reads
    assert len(changes.replies) == 251 and {c.id for c in changes.reply_cases} == set(cases)
    assert {r.channel for r in changes.replies} == {"feed", "email"}
    with meter() as m:
        assert desk.changes_since(changes.watermark).replies == []
    assert m.calls == 1


def test_a_case_filed_whose_mapped_fields_cannot_be_read_back_is_reported_filed_with_its_number(
        make_desk, employee, sf, sf_agent):
    """Field-level security hides the assignee field (or the org has none): the case is created, the read-back
    fails. Reporting a failure would make the person (or the outbox) file it again."""
    sf.set_options(hidden_fields=("Case.Case_Owner__c",))
    case = make_desk().file_case(employee.id, "The printer on floor 2 jams")
    rows = sf_agent.query_all(f"SELECT CaseNumber, Status FROM Case WHERE ContactId = '{employee.id}'")["records"]
    assert [(r["CaseNumber"], r["Status"]) for r in rows] == [(case.case_number, case.status)]
    assert case.case_number and case.visible
