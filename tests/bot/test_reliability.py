"""Nothing the user typed is lost: writes chosen through a question or a modal are queued during an outage;
a message raced by two replicas is handled by exactly one."""
from __future__ import annotations

import json
import threading

from slackui import ids
from tests.bot.conftest import all_text


def test_comment_modal_during_an_outage_is_queued_with_the_case_number(bot, h):
    h.say("amy", "The printer on floor 3 jams")    # filed through the bot: the store knows its number
    [case] = h.open_cases("amy")
    h.say("amy", "my cases")
    assert bot.slack.click("amy", ids.ADD_COMMENT, case.id).status == 200
    bot.slack.wait_for(lambda: bot.slack.views("amy"))
    [view] = bot.slack.views("amy")
    before = len(bot.slack.bot_messages("amy"))
    bot.sf.set_fault("unavailable")
    try:
        assert bot.slack.submit_view("amy", view["id"], {ids.INPUT_COMMENT: "It jams on A3 paper too"}).status == 200
        [reply] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    finally:
        bot.sf.clear_faults()
    assert "queued" in all_text(reply) and case.case_number in all_text(reply), all_text(reply)
    [entry] = bot.store.claim_outbox("test")
    assert entry.op == "add_comment" and entry.payload["case_ref"] == case.id
    assert entry.payload["body"] == "It jams on A3 paper too"


def test_a_comment_whose_case_is_picked_during_an_outage_is_queued(bot, h):
    first = h.file_case("amy", "Monitor flickers on and off")
    h.file_case("amy", "Docking station not detected")
    [prompt] = h.say("amy", "add a comment: happens after lunch")
    value = next(el["value"] for b in prompt["blocks"] if b.get("type") == "actions" for el in b["elements"]
                 if ids.any_of(ids.PICK_CASE).match(el["action_id"]) and json.loads(el["value"])["case_id"] == first.id)
    bot.sf.set_fault("unavailable")
    try:
        [reply] = h.click("amy", ids.PICK_CASE, value, message=prompt)
    finally:
        bot.sf.clear_faults()
    assert "queued" in all_text(reply), all_text(reply)
    [entry] = bot.store.claim_outbox("test")
    assert entry.op == "add_comment" and entry.payload["case_ref"] == first.id
    assert entry.payload["body"] == "happens after lunch"


def test_one_key_per_delivery_so_two_replicas_cannot_split_a_message(bot):
    claimed: list[str] = []
    real = bot.store.claim_event

    def record(key: str) -> bool:
        claimed.append(key)
        return real(key)
    bot.store.claim_event = record
    try:
        body = {"event_id": "Ev1", "event": {"type": "message", "channel": "D1", "ts": "1.000001"}}
        again = {"event_id": "Ev2", "event": {"type": "message", "channel": "D1", "ts": "1.000001"}}
        results: list[bool] = []
        threads = [threading.Thread(target=lambda b=b: results.append(bot.runtime.listeners.first_delivery(b)))
                   for b in (body, again)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        bot.store.claim_event = real
    assert sorted(results) == [False, True]           # exactly one handles it
    assert claimed == ["msg:D1:1.000001"] * 2          # one atomic claim each, on the message's identity
    assert bot.runtime.listeners.first_delivery({"event_id": "Ev3", "event": {"type": "app_home_opened"}})
    assert not bot.runtime.listeners.first_delivery({"event_id": "Ev3", "event": {"type": "app_home_opened"}})


def test_a_first_message_during_an_outage_is_queued_by_email(bot, h):
    bot.sf.set_fault("unavailable")                 # amy has never written to the bot: no Contact cached
    try:
        [reply] = h.say("amy", "My laptop won't connect to the VPN since this morning")
        [read] = h.say("amy", "show my cases")
    finally:
        bot.sf.clear_faults()
    assert "queued" in all_text(reply), all_text(reply)
    assert "queued" not in all_text(read) and "try again" in all_text(read).lower()
    [entry] = bot.store.claim_outbox("test")
    assert entry.op == "file_case" and entry.payload["contact_id"] is None
    assert entry.payload["email"] == bot.slack.user("amy").email
    assert entry.payload["text"] == "My laptop won't connect to the VPN since this morning"
    assert bot.store.get_user(bot.slack.user("amy").id) is None  # not recorded as "no contact"
