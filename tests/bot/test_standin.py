"""The Slack stand-in's own contract (what the bot, the poller and the demo page rely on)."""
from __future__ import annotations

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.plugins.slack import BOT_TOKEN


def test_web_api_shapes_and_errors(slack):
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    assert client.auth_test()["user_id"] == "U0CONCIERGEBOT"
    user = client.users_info(user="U0ALICE")["user"]
    assert user["profile"]["email"] == "alice@example.com" and user["tz"]
    assert client.users_lookupByEmail(email="erin@example.com")["user"]["id"] == "U0ERIN"
    channel = client.conversations_open(users="U0ALICE")["channel"]["id"]
    meta = {"event_type": "concierge_notification", "event_payload": {"key": "k1"}}
    posted = client.chat_postMessage(channel=channel, text="hello", metadata=meta)
    client.chat_postMessage(channel="U0ALICE", text="second")  # a user id posts into the DM
    client.chat_update(channel=channel, ts=posted["ts"], text="hello again")
    history = client.conversations_history(channel=channel, include_all_metadata=True)["messages"]
    assert [m["text"] for m in history] == ["second", "hello again"] and history[1]["metadata"] == meta
    with pytest.raises(SlackApiError) as e:
        client.chat_postMessage(channel="C0NOPE", text="x")
    assert e.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as e:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert e.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as e:
        client.views_open(trigger_id="1.1000.U0ALICE", view={"type": "modal", "title": {"type": "plain_text",
                                                                                        "text": "x"}, "blocks": []})
    assert e.value.response["error"] == "expired_trigger_id"


def test_file_download_needs_the_bot_token(slack):
    f = slack.add_file("alice", "report.txt", b"secret report", "text/plain")
    url = f["url_private_download"]
    assert requests.get(url, headers={"Authorization": f"Bearer {BOT_TOKEN}"}, timeout=5).content == b"secret report"
    anonymous = requests.get(url, timeout=5)
    assert anonymous.content != b"secret report" and anonymous.headers["content-type"].startswith("text/html")


def test_subscribers_hear_every_change(slack):
    seen = []
    unsubscribe = slack.subscribe(lambda user, kind: seen.append((user, kind)))
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    client.chat_postMessage(channel="U0BOB", text="hi")
    client.views_publish(user_id="U0BOB", view={"type": "home", "blocks": []})
    unsubscribe()
    client.chat_postMessage(channel="U0BOB", text="unheard")
    assert seen == [("U0BOB", "message"), ("U0BOB", "home")]
