"""Pure pieces: Block Kit builders and comment extraction (no Slack, no Salesforce)."""
from __future__ import annotations

import json

import pytest

from bot import blocks, lists
from slackui import card as case_cards
from slackui.values import CaseTarget
from slackui import ids
from intents.cues import comment_body
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView


def _case(n: int = 1, *, subject: str = "VPN drops", state: CanonicalState = CanonicalState.NEW,
          status: str = "New") -> CaseView:
    return CaseView(id=f"500EM{n:013d}", case_number=f"{n:08d}", subject=subject, status=status, state=state,
                    assignee="Sam Rivera", contact_id="003EM0000000001AAA", type="Incident",
                    is_closed=state == CanonicalState.CLOSED)


def test_case_card_escapes_and_carries_the_case_id():
    case = _case(subject="<!channel> *bold* <https://evil.example|click> & more")
    card = case_cards.case_card(case)
    text = json.dumps(card)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "&amp; more" in text
    buttons = [el for b in card if b["type"] == "actions" for el in b["elements"]]
    assert {b["action_id"] for b in buttons} == {ids.ADD_COMMENT, ids.CLOSE_CASE, ids.VIEW_CASE}
    assert all((CaseTarget.from_json(b["value"]).case_id if b["action_id"] in ids.OPENS_MODAL else b["value"])
               == case.id for b in buttons)


def test_closed_case_card_offers_reopen():
    card = case_cards.case_card(_case(state=CanonicalState.CLOSED, status="Closed - By User"))
    assert {el["action_id"] for b in card if b["type"] == "actions" for el in b["elements"]} == {
        ids.REOPEN_CASE, ids.VIEW_CASE}


def test_long_lists_stay_within_slack_limits():
    from sandbox.slack.blockkit import check_message, check_view
    many = [_case(i, subject="x" * 300) for i in range(1, 40)]
    listed = lists.case_list(many, title="Your open cases")
    assert check_message(listed) is None
    assert "Show more" in json.dumps(listed[-1]) and "of 39" in json.dumps(listed)
    closed = [_case(i, state=CanonicalState.CLOSED, status="Closed") for i in range(100, 139)]
    home = lists.home_view(many, closed)
    assert check_view(home) is None
    assert "Recently closed* (39)" in json.dumps(home)


def test_pick_case_and_did_you_mean_values_are_json_with_the_pending_id():
    pick = blocks.pick_case([_case(1), _case(2)], "p123", "Which case?")
    values = [json.loads(el["value"]) for b in pick if b["type"] == "actions" for el in b["elements"]]
    assert values == [{"case_id": _case(1).id, "pending": "p123"}, {"case_id": _case(2).id, "pending": "p123"}]
    dym = blocks.did_you_mean(["file_case", "reopen_case"], "p9")
    intents = [json.loads(el["value"])["intent"] for b in dym if b["type"] == "actions" for el in b["elements"]]
    assert intents == ["file_case", "reopen_case", "help"]


def test_modals_have_the_ids_the_listeners_read():
    m = blocks.new_case_modal()
    inputs = {(b["block_id"], b["element"]["action_id"]) for b in m["blocks"] if b["type"] == "input"}
    assert inputs == {(ids.BLOCK_SUBJECT, ids.INPUT_SUBJECT), (ids.BLOCK_DESCRIPTION, ids.INPUT_DESCRIPTION),
                      (ids.BLOCK_TYPE, ids.INPUT_TYPE), (ids.BLOCK_FILE, ids.INPUT_FILE)}
    assert blocks.comment_modal("500X")["private_metadata"] == "500X"


@pytest.mark.parametrize("text, body", [
    ("add a comment to 00001234: it also fails on wifi", "it also fails on wifi"),
    ("please add a comment on case 1234 saying the fan is loud", "the fan is loud"),
    ("add comment: rebooted twice", "rebooted twice"),
    ("Add a note to my case - happens daily", "happens daily"),
    ("add a comment to 00001234", ""),
    ("for 00001234: still broken", "still broken"),
    ("post an update to ticket 42 \"fixed after reboot\"", "fixed after reboot"),
])
def test_comment_body(text, body):
    assert comment_body(text) == body


@pytest.mark.parametrize("delivered, typed", [
    ("a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"),
    ("see <https://intranet.example/page?a=1&amp;b=2>", "see https://intranet.example/page?a=1&b=2"),
    ("mail <mailto:it@example.com|it@example.com>", "mail it@example.com"),
    ("ask <@U0BOB> in <#C01|helpdesk> <!here>", "ask @U0BOB in #helpdesk @here"),
    ("<https://x.example/doc|the doc>", "the doc (https://x.example/doc)"),
])
def test_slack_markup_to_plain(delivered, typed):
    from bot.slacktext import to_plain
    from sandbox.slack.standin import slack_markup
    assert to_plain(delivered) == typed
    if "|" not in delivered and "@" not in delivered:
        assert to_plain(slack_markup(typed)) == typed


def test_which_case_says_how_many_more_it_does_not_list():
    from sandbox.slack.blockkit import check_message
    pick = blocks.pick_case([_case(i) for i in range(1, 61)], "p1", "Which case should I close?")
    assert check_message(pick) is None
    assert [el["action_id"] for b in pick if b["type"] == "actions" for el in b["elements"]] == [
        f"pick_case:{i}" for i in range(10)]
    assert "…and 50 more not listed here" in json.dumps(pick, ensure_ascii=False)
