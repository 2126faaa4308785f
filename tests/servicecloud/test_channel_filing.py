"""A case filed from a channel: its own Origin, record type and category, and CaseComments (a thread's earlier
replies, a private work note naming who filed it) created in the same call as the case."""
from __future__ import annotations

from simple_salesforce import format_soql

from servicecloud.models import CaseOverrides

from .conftest import rows


def test_overrides_and_comments_in_one_call(desk, employee, meter, sf_integration):
    rt = rows(sf_integration, "SELECT Id FROM RecordType WHERE SobjectType = 'Case' LIMIT 1")[0]["Id"]
    over = CaseOverrides(origin="Slack #it-help", record_type_id=rt, category_value="Network",
                         comments=(("Earlier in the thread:\nbob: same for me", True),
                                   ("Filed from #it-help by Bob Smith (reaction :ticket:)", False)))
    with meter() as m:
        case = desk.file_case(employee.id, "the vpn drops every hour", channel="slack_channel", overrides=over)
    assert m.calls == 1
    row = rows(sf_integration, format_soql(
        "SELECT Origin, RecordTypeId, Internal_Support_Category__c FROM Case WHERE Id = {}", case.id))[0]
    assert (row["Origin"], row["RecordTypeId"][:15], row["Internal_Support_Category__c"]) == \
        ("Slack #it-help", rt[:15], "Network")
    comments = rows(sf_integration, format_soql(
        "SELECT CommentBody, IsPublished FROM CaseComment WHERE ParentId = {} ORDER BY CreatedDate", case.id))
    assert [(c["CommentBody"], c["IsPublished"]) for c in comments] == [
        ("Earlier in the thread:\nbob: same for me", True),
        ("Filed from #it-help by Bob Smith (reaction :ticket:)", False)]


def test_without_overrides_nothing_changes(desk, employee, sf_integration):
    case = desk.file_case(employee.id, "printer jammed", channel="dm")
    assert rows(sf_integration, format_soql("SELECT Id FROM CaseComment WHERE ParentId = {}", case.id)) == []
    assert rows(sf_integration, format_soql("SELECT Origin FROM Case WHERE Id = {}", case.id))[0]["Origin"] == \
        "Concierge Slack"
