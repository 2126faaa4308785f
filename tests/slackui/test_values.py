"""Button values as typed values: the JSON the bot's buttons have always carried (so buttons already posted in
Slack answer), written by the builders and read by the listeners."""
from __future__ import annotations

import json

import pytest

from bot import blocks, lists
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView
from slackui.values import CaseChoice, IntentChoice, ListPage, QuestionRef

CASE = CaseView(id="500000000000001AAA", case_number="00001001", subject="VPN", status="New", state=CanonicalState.NEW, assignee=None, contact_id="003A")


@pytest.mark.parametrize(("value", "typed"), [
    ('{"intent":"close_case","pending":"p1"}', IntentChoice("close_case", "p1")),
    ('{"case_id":"500000000000001AAA","pending":"p1"}', CaseChoice("500000000000001AAA", "p1")),
    ('{"pending":"p1"}', QuestionRef("p1")),
    ('{"list":"closed","start":15}', ListPage("closed", 15)),
])
def test_a_posted_value_reads_and_writes_back_unchanged(value, typed):
    assert type(typed).from_json(value) == typed
    assert typed.to_json() == value


def test_values_posted_with_spaces_or_in_another_key_order_still_read():
    assert CaseChoice.from_json('{"pending": "p1", "case_id": "500A"}') == CaseChoice("500A", "p1")
    assert IntentChoice.from_json('{"pending": "p2"}') == IntentChoice("help", "p2")     # "None of these"


@pytest.mark.parametrize("junk", [None, "", "not json", "[1, 2]", '"500A"', '{"pending": 7}'])
def test_a_value_that_is_not_ours_reads_empty(junk):
    assert QuestionRef.from_json(junk) == QuestionRef("")
    assert CaseChoice.from_json(junk) == CaseChoice("", "")
    assert ListPage.from_json(junk) == ListPage("open", 0)


def test_list_page_start_is_a_position():
    assert ListPage.from_json('{"list":"open","start":"30"}') == ListPage("open", 30)
    assert ListPage.from_json('{"list":"open","start":-4}') == ListPage("open", 0)


def _values(blocks_):
    return [(e["action_id"], e["value"]) for b in blocks_ if b["type"] == "actions" for e in b["elements"]]


def test_the_builders_write_these_values():
    assert _values(blocks.pick_case([CASE], "p1", "Which case?")) == [
        ("pick_case:0", '{"case_id":"500000000000001AAA","pending":"p1"}')]
    assert _values(blocks.confirm_case(CASE, "p2", verb="Close", yes="Close it", no="Not that one")) == [
        ("pick_case", '{"case_id":"500000000000001AAA","pending":"p2"}'), ("pick_none", '{"pending":"p2"}')]
    assert _values(blocks.duplicate_prompt(CASE, "p3")) == [
        ("dup_add_comment", '{"case_id":"500000000000001AAA","pending":"p3"}'), ("dup_file_new", '{"pending":"p3"}')]
    assert _values(blocks.did_you_mean(["close_case"], "p4")) == [
        ("nlu_did_you_mean:0", '{"intent":"close_case","pending":"p4"}'),
        ("nlu_did_you_mean:1", '{"intent":"help","pending":"p4"}')]
    many = [CaseView(id=f"500{i:015d}", case_number=f"{i:08d}", subject="s", status="New", state=CanonicalState.NEW, assignee=None, contact_id="003A")
            for i in range(40)]
    more = [v for a, v in _values(lists.case_list(many, title="Your cases", kind="closed")) if a == "list_more"]
    assert [json.loads(v)["list"] for v in more] == ["closed"] and ListPage.from_json(more[0]).start > 0
