"""The stand-in refuses what Slack refuses (sandbox/slack/blockkit.py), through its real Web API."""
from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import blockkit
from tests.plugins.slack import BOT_TOKEN


def _button(action_id: str, text: str = "Go", value: str = "v") -> dict:
    return {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": text}, "value": value}


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.fixture
def client(slack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


def test_duplicate_action_ids_in_one_block_are_refused_as_slack_does(slack, client):
    blocks = [_section("Which case?"), {"type": "actions", "elements": [_button("pick_case"), _button("pick_case")]}]
    with pytest.raises(SlackApiError) as e:
        client.chat_postMessage(channel="U0ALICE", text="Which case?", blocks=blocks)
    body = e.value.response.data
    assert body["error"] == "invalid_blocks"
    assert body["response_metadata"]["messages"] == [
        '[ERROR] duplicate action_id "pick_case": must be unique within the block '
        '[json-pointer:/blocks/1/elements/1/action_id]']
    assert slack.bot_messages("alice") == []  # nothing reached the person
    numbered = [_button("pick_case:0"), _button("pick_case:1")]
    client.chat_postMessage(channel="U0ALICE", text="Which case?", blocks=[blocks[0], {"type": "actions",
                                                                                      "elements": numbered}])
    assert len(slack.bot_messages("alice")) == 1


@pytest.mark.parametrize("blocks, message", [
    ([_section("x" * 3001)], "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"),
    ([_section("😀" * 1501)], "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"),
    ([_section("")], "[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]"),
    ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
     "[ERROR] must contain at most 10 items [json-pointer:/blocks/0/fields]"),
    ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
     "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]"),
    ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
     "[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"),
    ([{"type": "actions", "elements": [_button("a", text="t" * 76)]}],
     "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"),
    ([{"type": "actions", "elements": [_button("a", value="v" * 2001)]}],
     "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"),
    ([{"type": "actions", "elements": [_button(f"a{i}") for i in range(26)]}],
     "[ERROR] must contain at most 25 items [json-pointer:/blocks/0/elements]"),
    ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
     "[ERROR] must contain at most 10 items [json-pointer:/blocks/0/elements]"),
    ([_section("a")] * 51, "[ERROR] must contain at most 50 items [json-pointer:/blocks]"),
    ([dict(_section("a"), block_id="b"), dict(_section("c"), block_id="b")],
     '[ERROR] duplicate block_id "b": must be unique within the message or view [json-pointer:/blocks/1/block_id]'),
])
def test_message_rules(blocks, message):
    assert message in blockkit.message_problems(blocks)


def test_sizes_of_the_whole_message(slack, client):
    with pytest.raises(SlackApiError) as e:
        client.chat_postMessage(channel="U0ALICE", text="x" * 40_001)
    assert e.value.response["error"] == "msg_too_long"
    many = [_section("x" * 2900) for _ in range(4)]  # each legal, 11,600 together
    with pytest.raises(SlackApiError) as e:
        client.chat_postMessage(channel="U0ALICE", text="t", blocks=many)
    assert e.value.response["error"] == "msg_blocks_too_long"
    client.chat_postMessage(channel="U0ALICE", text="t", blocks=many[:3])


def test_views_are_refused_with_invalid_arguments(slack, client):
    view = {"type": "home", "blocks": [{"type": "actions", "elements": [_button("x"), _button("x")]}]}
    with pytest.raises(SlackApiError) as e:
        client.views_publish(user_id="U0ALICE", view=view)
    assert e.value.response["error"] == "invalid_arguments"
    assert slack.home("alice") is None
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": [
        {"type": "input", "label": {"type": "plain_text", "text": "L"},
         "element": {"type": "static_select", "action_id": "s", "options": [
             {"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}]}}]}
    problems = blockkit.view_problems(modal)
    assert "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]" in problems
    assert "[ERROR] submit is required when the view has input blocks [json-pointer:/view/submit]" in problems
    assert ("[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/element/options/0/value]"
            in problems)
