"""A user sees and acts on their own cases only: unknown numbers, another employee's number, a forwarded card's
buttons, a crafted modal submission are all answered exactly like not-found, and Salesforce is not touched."""
from __future__ import annotations

import re

import pytest

from slackui import ids
from tests.acceptance.conftest import NOT_FOUND, all_text, salesforce_snapshot, say

MISSING_NUMBER = "09999999"
MISSING_ID = "500EM0000009999ZZZ"


def _same_words(text: str, *refs: str) -> str:
    """The reply with case references blanked, to compare the answer about X with the answer about Y."""
    for ref in refs:
        text = text.replace(ref, "<ref>")
    text = re.sub(r"\b0*\d{4,8}\b", "<ref>", text)
    return text


@pytest.mark.parametrize("template", [
    "what is the status of {}",
    "please close case {}",
    "reopen case {}",
    "add a comment to {}: the fan is loud",
])
def test_another_employees_case_number_is_answered_exactly_like_an_unknown_one(bot, h, template):
    bens = h.file_case("ben", "Ben's payroll discrepancy for March")
    bot.desk.close_case(h.contact_id("ben"), bens.id) if template.startswith("reopen") else None
    before = salesforce_snapshot(bot)
    missing = say(h, "amy", template.format(MISSING_NUMBER))
    foreign = say(h, "amy", template.format(bens.case_number))
    assert NOT_FOUND in all_text(missing)
    assert _same_words(all_text(foreign), bens.case_number) == _same_words(all_text(missing), MISSING_NUMBER)
    assert "payroll" not in all_text(foreign).lower() and "ben" not in all_text(foreign).lower()
    assert salesforce_snapshot(bot) == before


@pytest.mark.parametrize("action_id", [ids.CLOSE_CASE, ids.VIEW_CASE, ids.ATTACH_FILE, ids.LOOKS_GOOD])
def test_a_forwarded_cards_button_clicked_by_another_user_is_not_found(bot, h, action_id):
    [card] = h.say("amy", "My laptop won't connect to the VPN since this morning")
    [case] = h.open_cases("amy")
    before = salesforce_snapshot(bot)
    forwarded = dict(card, channel=bot.slack.dm_channel("ben"))          # Ben clicks Amy's card
    [foreign] = h.click("ben", action_id, case.id, message=forwarded)
    [missing] = h.click("ben", action_id, MISSING_ID, message=forwarded)
    assert NOT_FOUND in all_text(missing)
    assert _same_words(all_text(foreign), case.id) == _same_words(all_text(missing), MISSING_ID)
    assert "VPN" not in all_text(foreign)
    assert salesforce_snapshot(bot) == before and not h.case("amy", case.id).is_closed


def test_a_forwarded_reopen_button_is_not_found_and_the_case_stays_closed(bot, h):
    case = h.file_case("amy", "Docking station not detected")
    bot.desk.close_case(h.contact_id("amy"), case.id)
    [card] = h.say("amy", f"what is the status of {case.case_number}")
    before = salesforce_snapshot(bot)
    [reply] = h.click("ben", ids.REOPEN_CASE, case.id, message=dict(card, channel=bot.slack.dm_channel("ben")))
    assert NOT_FOUND in all_text(reply) and "Docking" not in all_text(reply)
    assert salesforce_snapshot(bot) == before and h.case("amy", case.id).is_closed


def test_a_forwarded_mute_button_does_not_mute_someone_elses_case(bot, h):
    [card] = h.say("amy", "My laptop won't connect to the VPN since this morning")
    [case] = h.open_cases("amy")
    [reply] = h.click("ben", ids.MUTE_CASE, case.id, message=dict(card, channel=bot.slack.dm_channel("ben")))
    assert NOT_FOUND in all_text(reply)
    assert not bot.store.is_muted(case.id)


@pytest.mark.parametrize("callback", ["comment", "details"])
def test_a_modal_submitted_with_someone_elses_case_id_is_not_found(bot, h, callback):
    """Ben opens the modal on his own case, then the submission carries Amy's case Id (a crafted payload)."""
    amys = h.file_case("amy", "Monitor flickers on and off", description="Since Monday")
    bens = h.file_case("ben", "Keyboard missing keys")
    [card] = h.say("ben", f"what is the status of {bens.case_number}")
    action, field = ((ids.ADD_COMMENT, ids.INPUT_COMMENT) if callback == "comment"
                     else (ids.ADD_DETAILS, ids.INPUT_DESCRIPTION))
    assert bot.slack.click("ben", action, bens.id, message=card).status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views("ben"))
    assert view["private_metadata"] == bens.id
    with bot.slack.workspace.lock:                                         # the crafted part
        bot.slack.workspace.views_by_id[view["id"]]["private_metadata"] = amys.id
    before = salesforce_snapshot(bot)
    n = len(bot.slack.bot_messages("ben"))
    assert bot.slack.submit_view("ben", view["id"], {field: "Ben was here"}).status == 200
    [reply] = bot.slack.wait_for_bot_messages("ben", n + 1)[n:]
    assert NOT_FOUND in all_text(reply) and "Monitor" not in all_text(reply)
    assert salesforce_snapshot(bot) == before
    assert h.comments(amys.id) == [] and h.case("amy", amys.id).description == "Since Monday"


def _crafted(message: dict, action_id: str, **value: str) -> tuple[str, dict]:
    """The JSON value of a conversation button, with fields replaced (what a crafted payload carries)."""
    import json
    for block in message.get("blocks", []):
        for el in block.get("elements", []) if block.get("type") == "actions" else []:
            if ids.any_of(action_id).match(el["action_id"]):
                return json.dumps({**json.loads(el["value"]), **value}), el
    raise LookupError(action_id)


def test_a_which_case_button_crafted_with_someone_elses_case_id_is_not_found(bot, h):
    amys = h.file_case("amy", "Monitor flickers on and off")
    h.file_case("ben", "Keyboard missing keys")
    h.file_case("ben", "Mouse double-clicks")
    [prompt] = h.say("ben", "add a comment: it also happens on the docking station")
    assert "Which case" in all_text(prompt)
    value, _ = _crafted(prompt, ids.PICK_CASE, case_id=amys.id)
    before = salesforce_snapshot(bot)
    [reply] = h.click("ben", ids.PICK_CASE, value, message=prompt)
    assert NOT_FOUND in all_text(reply) and "Monitor" not in all_text(reply)
    assert salesforce_snapshot(bot) == before and h.comments(amys.id) == []


def test_an_is_this_about_button_crafted_with_someone_elses_case_id_is_not_found(bot, h):
    amys = h.file_case("amy", "VPN drops every hour at home")
    h.file_case("ben", "VPN drops every hour at the office")
    [prompt] = h.say("ben", "my VPN keeps dropping every hour")
    assert "Is this about case" in all_text(prompt)
    value, _ = _crafted(prompt, ids.DUPLICATE_ADD_COMMENT, case_id=amys.id)
    before = salesforce_snapshot(bot)
    [reply] = h.click("ben", ids.DUPLICATE_ADD_COMMENT, value, message=prompt)
    assert NOT_FOUND in all_text(reply) and "home" not in all_text(reply)
    assert salesforce_snapshot(bot) == before and h.comments(amys.id) == []


def test_someone_elses_conversation_button_is_refused_and_changes_nothing(bot, h):
    """Amy's own "Which case?" answer, forwarded to and clicked by Ben: the question is not his."""
    a1 = h.file_case("amy", "Monitor flickers on and off")
    a2 = h.file_case("amy", "Docking station not detected")
    [prompt] = h.say("amy", "add a comment: it also happens after lunch")
    before = salesforce_snapshot(bot)
    value, _ = _crafted(prompt, ids.PICK_CASE)
    [reply] = h.click("ben", ids.PICK_CASE, value, message=dict(prompt, channel=bot.slack.dm_channel("ben")))
    assert "Monitor" not in all_text(reply) and "Docking" not in all_text(reply)
    assert salesforce_snapshot(bot) == before and h.comments(a1.id) == h.comments(a2.id) == []
    [done] = h.click("amy", ids.PICK_CASE, value, message=prompt)       # Amy can still answer her question
    assert h.comments(a1.id) + h.comments(a2.id) == ["it also happens after lunch"]


def test_buttons_of_someone_elses_home_tab_are_not_found(bot, h):
    case = h.file_case("amy", "Monitor flickers on and off")
    bot.slack.open_home("amy")
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and case.case_number in all_text(v) and v)
    before = salesforce_snapshot(bot)
    [reply] = h.click("ben", ids.CLOSE_CASE, case.id, view_id=home["id"])
    assert NOT_FOUND in all_text(reply) and "Monitor" not in all_text(reply)
    assert salesforce_snapshot(bot) == before


@pytest.mark.parametrize("value", ["", "x' OR '1'='1", "003EM0000000001YAA", "500" + "A" * 40, "00001001",
                                   "500EM0000000001", "%", "@{c.records[0].Id}"])
def test_a_crafted_button_value_is_answered_like_not_found(bot, h, value):
    """Garbage, another object's Id, a 15-char Id, a seeded case of Alice's: never anything but not-found."""
    [card] = h.say("amy", "My laptop won't connect to the VPN since this morning")
    before = salesforce_snapshot(bot)
    for action in (ids.VIEW_CASE, ids.CLOSE_CASE):
        [reply] = h.click("amy", action, value, message=card)
        assert NOT_FOUND in all_text(reply), (value, all_text(reply))
    assert salesforce_snapshot(bot) == before
