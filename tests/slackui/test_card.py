"""The one case card: the bot's case card and a notification card show a case the same way (title, status
line, buttons with the same labels, styles, action ids and the case Id as value)."""
from __future__ import annotations

import json
from dataclasses import replace

from notifications import cards, rules, snapshots
from sandbox.slack.blockkit import check_message
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView
from slackui import card, ids
from slackui.labels import BUTTON_LABELS
from slackui.values import CaseTarget

CASE = CaseView(id="500EM0000000000001AAA", case_number="00001001", subject="VPN <!channel> & drops",
                status="In Progress", state=CanonicalState.IN_PROGRESS, assignee="Ann <Agent>",
                contact_id="003EM0000000001AAA", type="Incident", url="https://x.example/500EM")


def _buttons(blocks: list) -> dict[str, dict]:
    return {el["action_id"]: el for b in blocks if b["type"] == "actions" for el in b["elements"]}


def test_title_escapes_links_and_says_when_there_is_no_subject():
    assert card.title("00001001", "a <b> & c", "https://x.example/1") == \
        "*<https://x.example/1|00001001>* · a &lt;b&gt; &amp; c"
    assert card.title("00001001", "", None) == "*00001001* · _(no subject)_"
    long = card.title("00001001", "&" * 255, None)
    assert long.endswith("&amp;" * 255)                 # a whole subject always fits


def test_status_line_has_the_state_emoji_and_the_assignee():
    assert card.status_line("In Progress", "IN_PROGRESS", "Ann <A>") == \
        ":hammer_and_wrench: In Progress · assignee: Ann &lt;A&gt;"
    assert card.status_line("New", CanonicalState.NEW, None) == ":new: New · assignee: not assigned yet"
    assert card.status_line("Custom", None, "Bo") == " Custom · assignee: Bo"


def test_buttons_carry_the_case_id_with_one_label_and_style_each():
    row = card.buttons(CASE.id, (ids.ADD_COMMENT, ids.CLOSE_CASE, ids.VIEW_CASE))
    assert row["block_id"] == f"case_actions:{CASE.id}"
    by_id = {b["action_id"]: b for b in row["elements"]}
    assert by_id[ids.CLOSE_CASE]["value"] == by_id[ids.VIEW_CASE]["value"] == CASE.id
    assert CaseTarget.from_json(by_id[ids.ADD_COMMENT]["value"]) == CaseTarget(CASE.id)    # no number given
    assert by_id[ids.ADD_COMMENT].get("style") == "primary" and by_id[ids.CLOSE_CASE].get("style") == "danger"
    assert "style" not in by_id[ids.VIEW_CASE]
    assert card.buttons(CASE.id, (ids.MUTE_CASE,), block_id="notify:comment:x")["block_id"] == "notify:comment:x"


def test_a_button_that_opens_a_modal_carries_what_the_modal_shows():
    """The modal's number line and Edit subject's prefill come from the button, never from the card's text; a
    button posted before (the bare case Id) still reads as its case."""
    by_id = {b["action_id"]: b["value"] for b in card.case_card(CASE, actions=card.FILED_ACTIONS)[-1]["elements"]}
    assert CaseTarget.from_json(by_id[ids.EDIT_SUBJECT]) == CaseTarget(CASE.id, CASE.case_number, CASE.subject or "")
    assert CaseTarget.from_json(by_id[ids.ADD_DETAILS]) == CaseTarget(CASE.id, CASE.case_number, "")
    assert by_id[ids.ATTACH_FILE] == CASE.id
    assert CaseTarget.from_json(CASE.id) == CaseTarget(CASE.id) and CaseTarget.legacy(CASE.id)
    assert not CaseTarget.legacy(by_id[ids.ADD_DETAILS])


def test_bot_card_and_notification_card_render_the_case_alike():
    bot = card.case_card(CASE)
    payload = {**snapshots.case_snapshot(CASE).to_json(), "author": "Ann", "body": "hi"}
    _, note = cards.render(rules.COMMENT, payload)
    title = card.title(CASE.case_number, CASE.subject, CASE.url)
    assert title in bot[0]["text"]["text"] and title in note[0]["text"]["text"]
    assert card.status_line(CASE.status, CASE.state, CASE.assignee) in json.dumps(note, ensure_ascii=False)
    for blocks in (bot, note):
        assert check_message(blocks) is None
        for aid, b in _buttons(blocks).items():
            case_id = CaseTarget.from_json(b["value"]).case_id if aid in ids.OPENS_MODAL else b["value"]
            assert b["text"]["text"] == BUTTON_LABELS[aid] and case_id == CASE.id
    assert _buttons(note)[ids.VIEW_CASE]["text"]["text"] == _buttons(bot)[ids.VIEW_CASE]["text"]["text"]


def test_default_actions_follow_the_state():
    assert card.default_actions(CASE) == (ids.ADD_COMMENT, ids.CLOSE_CASE, ids.VIEW_CASE)
    closed = replace(CASE, state=CanonicalState.CLOSED, is_closed=True)
    assert card.default_actions(closed) == (ids.REOPEN_CASE, ids.VIEW_CASE)


def test_details_add_the_description_unless_it_repeats_the_subject():
    same = card.case_card(replace(CASE, description="  VPN <!channel> &  drops "), details=True)
    assert "*Description*" not in json.dumps(same)
    other = card.case_card(replace(CASE, description="It drops <hourly>", priority="2-High"), details=True)
    text = json.dumps(other, ensure_ascii=False)
    assert "*Description*\\nIt drops &lt;hourly&gt;" in text and "priority 2-High" in text


def test_lines_fit_many_cases_in_one_section():
    many = [replace(CASE, id=f"500EM{i:013d}", case_number=f"{i:08d}", subject="x" * 255) for i in range(30)]
    assert check_message([{"type": "section", "text": {"type": "mrkdwn", "text": card.lines(many)}}]) is None
