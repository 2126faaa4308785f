"""Through the running bot and the strict stand-in: the prompts Slack used to refuse are delivered, buttons
posted before action_ids were numbered still work, long lists stay honest, and a refusal still answers."""
from __future__ import annotations

import json
import re

from slackui import ids
from sandbox.slack.blockkit import check_message, check_view
from tests.acceptance.conftest import all_text
from tests.bot.conftest import buttons


def _action_ids(message: dict) -> list[str]:
    return [el["action_id"] for b in message["blocks"] if b["type"] == "actions" for el in b["elements"]]


def _many_cases(bot, h, user: str, n: int) -> None:
    """`n` open cases for `user`, made 25 per Composite call (filing them one by one would take long)."""
    client = bot.sf.salesforce("integration")
    contact = h.contact_id(user)
    try:
        for first in range(0, n, 25):
            requests = [{"method": "POST", "url": f"/services/data/v{client.sf_version}/sobjects/Case",
                         "referenceId": f"c{i}", "body": {"Subject": f"Case number {i} & <more> 😀 " + "x" * 200,
                                                          "ContactId": contact, "Status": "New", "Origin": "Web"}}
                        for i in range(first, min(n, first + 25))]
            answer = client.restful("composite", method="POST", json={"allOrNone": True,
                                                                       "compositeRequest": requests})
            assert all(r["httpStatusCode"] == 201 for r in answer["compositeResponse"]), answer
    finally:
        client.session.close()


def test_which_case_is_delivered_with_numbered_buttons_and_answers(bot, h):
    monitor = h.file_case("ben", "Monitor flickers")
    h.file_case("ben", "Keyboard missing keys")
    [prompt] = h.say("ben", "add a comment: it also happens on the docking station")
    assert "Which case" in all_text(prompt) and check_message(prompt["blocks"]) is None
    picks = [a for a in _action_ids(prompt) if a.startswith(ids.PICK_CASE)]
    assert len(picks) == 2 and len(set(picks)) == 2 and all(re.fullmatch(r"pick_case:\d", a) for a in picks)
    value = next(v for a, v in buttons(prompt).items() if a.startswith(ids.PICK_CASE)
                 and json.loads(v)["case_id"] == monitor.id)
    [done] = h.click("ben", ids.PICK_CASE, value, message=prompt)
    assert h.comments(monitor.id) == ["it also happens on the docking station"]


def test_did_you_mean_is_delivered_and_a_button_from_before_numbering_still_works(bot, h, monkeypatch):
    import dataclasses
    h.file_case("amy", "Monitor flickers")
    [filed] = h.say("amy", "my laptop screen is cracked")
    laptop = h.case("amy", buttons(filed)[ids.CLOSE_CASE])
    real_parse = bot.runtime.concierge.parse   # whatever the current model thinks: an unclear reading
    monkeypatch.setattr(bot.runtime.concierge, "parse", lambda text: dataclasses.replace(
        real_parse(text), intent="unknown", confidence=0.3, confident=False,
        alternatives=[("unknown", 0.3), ("add_comment", 0.25)]))
    [question] = h.say("amy", "is it the one from last year, the silver one?")   # a question: asked, not added
    assert check_message(question["blocks"]) is None
    dym = _action_ids(question)
    assert len(dym) >= 2 and len(set(dym)) == len(dym) and all(a.startswith(ids.DID_YOU_MEAN + ":") for a in dym)
    # the same question as an older message would carry it: every button `nlu_did_you_mean`
    old = json.loads(json.dumps(question))
    for b in old["blocks"]:
        for el in b.get("elements", []) if b["type"] == "actions" else []:
            el["action_id"] = ids.DID_YOU_MEAN
    first = old["blocks"][-1]["elements"][0]
    d = bot.slack.click("amy", ids.DID_YOU_MEAN, first["value"], message=old)
    assert d.status == 200 and d.payload["actions"][0]["action_id"] == ids.DID_YOU_MEAN
    bot.slack.wait_for(lambda: h.comments(laptop.id) == ["is it the one from last year, the silver one?"])


def test_250_open_cases_are_counted_listed_newest_first_and_paged(bot, h):
    h.file_case("amy", "The first case")
    _many_cases(bot, h, "amy", 249)
    newest = h.file_case("amy", "The newest case")
    [listing] = h.say("amy", "my cases")
    text = all_text(listing)
    assert check_message(listing["blocks"], listing["text"]) is None
    assert "Your open cases (251)" in text and "You have 251 open cases." == listing["text"]
    assert newest.case_number in text and "The first case" not in text
    shown = int(re.search(r"Showing 1–(\d+) of 251", text).group(1))
    assert 5 <= shown <= 15
    [page2] = h.click("amy", ids.SHOW_MORE, message=listing)
    assert check_message(page2["blocks"]) is None
    assert f"Showing {shown + 1}–" in all_text(page2) and newest.case_number not in all_text(page2)
    bot.slack.open_home("amy")
    home = bot.slack.wait_for(lambda: bot.slack.home("amy"))
    assert check_view(home) is None and "*Open* (251)" in json.dumps(home)


def test_home_keeps_recently_closed_with_many_open_cases(bot, h):
    closed = h.file_case("amy", "Printer jammed")
    bot.desk.close_case(h.contact_id("amy"), closed.id)
    _many_cases(bot, h, "amy", 60)
    bot.slack.open_home("amy")
    home = bot.slack.wait_for(lambda: bot.slack.home("amy"))
    assert check_view(home) is None
    text = json.dumps(home)
    assert "*Open* (60)" in text and "Recently closed* (1)" in text and closed.case_number in text


def test_a_refused_reply_still_answers_in_text_and_is_logged(bot, h, caplog):
    case = h.file_case("amy", "VPN drops every hour")
    bot.slack.refuse("chat.postMessage", "msg_blocks_too_long")
    with caplog.at_level("ERROR", logger="concierge.slack"):
        [reply] = h.say("amy", f"status of {case.case_number}")  # (logged before the text is posted)
    assert reply["blocks"] == [] and case.case_number in reply["text"] and "New" in reply["text"]
    assert "type *help*" in reply["text"]
    refusal = next(r.getMessage() for r in caplog.records if "Slack refused" in r.getMessage())
    assert "msg_blocks_too_long" in refusal and "blocks" in refusal and "VPN" not in refusal


def test_a_slash_command_answer_refused_at_the_response_url_still_answers_in_text(bot, h):
    case = h.file_case("amy", "Laptop battery swells")
    bot.slack.refuse("response_url", "invalid_blocks")
    before = len(bot.slack.bot_messages("amy"))
    assert bot.slack.slash("amy", "/case", case.case_number).status == 200
    [answer] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    assert answer["is_ephemeral"] and answer["blocks"] == []
    assert case.case_number in answer["text"] and "battery" in answer["text"]
    refused = [c for c in bot.slack.calls_to("response_url") if not c.response["ok"]]
    assert [c.response["error"] for c in refused] == ["invalid_blocks"]


def test_a_refused_modal_is_logged_with_its_shape_and_the_person_told(bot, h, caplog):
    case = h.file_case("amy", "Dock not detected")
    [card] = h.say("amy", f"status of {case.case_number}")
    bot.slack.refuse("views.open", "invalid_arguments")
    with caplog.at_level("ERROR", logger="concierge.slack"):
        [answer] = h.click("amy", ids.ADD_COMMENT, message=card)
    assert "something went wrong" in all_text(answer) and bot.slack.views("amy") == []
    refusal = next(r.getMessage() for r in caplog.records if "Slack refused views.open" in r.getMessage())
    assert "invalid_arguments" in refusal and "modal_add_comment" in refusal and "Dock" not in refusal
