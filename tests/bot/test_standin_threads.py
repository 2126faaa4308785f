"""The Slack stand-in's threads, as Slack has them: replies with `thread_ts`, `reply_broadcast`, history without
thread replies, conversations.replies, and a person's thread reply delivered as the Events API delivers it."""
from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.plugins.slack import BOT_TOKEN


@pytest.fixture
def client(slack):
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


def test_replies_live_in_their_thread_not_in_history(slack, client):
    channel = client.conversations_open(users="U0ALICE")["channel"]["id"]
    meta = {"event_type": "concierge_notification", "event_payload": {"key": "k-thread"}}
    parent = client.chat_postMessage(channel=channel, text="case filed")["ts"]
    reply = client.chat_postMessage(channel=channel, text="agent commented", thread_ts=parent, metadata=meta)
    assert reply["message"]["thread_ts"] == parent
    loud = client.chat_postMessage(channel=channel, text="waiting for you", thread_ts=parent, reply_broadcast=True)
    assert loud["message"]["subtype"] == "thread_broadcast" and loud["message"]["root"]["ts"] == parent

    history = client.conversations_history(channel=channel, include_all_metadata=True)["messages"]
    assert [m["text"] for m in history] == ["waiting for you", "case filed"]     # the plain reply is not there
    assert history[1]["reply_count"] == 2 and history[1]["thread_ts"] == parent
    thread = client.conversations_replies(channel=channel, ts=parent, include_all_metadata=True)["messages"]
    assert [m["text"] for m in thread] == ["case filed", "agent commented", "waiting for you"]
    assert thread[1]["metadata"] == meta
    assert "metadata" not in client.conversations_replies(channel=channel, ts=parent)["messages"][1]
    paged = client.conversations_replies(channel=channel, ts=parent, limit=2)
    assert paged["has_more"] and paged["response_metadata"]["next_cursor"]
    assert [m["text"] for m in slack.top_level("alice")] == ["case filed", "waiting for you"]


def test_what_slack_refuses(client):
    channel = client.conversations_open(users="U0ALICE")["channel"]["id"]
    parent = client.chat_postMessage(channel=channel, text="parent")["ts"]
    reply = client.chat_postMessage(channel=channel, text="reply", thread_ts=parent)["ts"]
    for bad in ("1.000001", reply):          # no such message; a reply's ts instead of its parent's
        with pytest.raises(SlackApiError) as e:
            client.chat_postMessage(channel=channel, text="x", thread_ts=bad)
        assert e.value.response["error"] == "thread_not_found"
        with pytest.raises(SlackApiError) as e:
            client.conversations_replies(channel=channel, ts="1.000001")
        assert e.value.response["error"] == "thread_not_found"
    other = client.conversations_open(users="U0BOB")["channel"]["id"]
    with pytest.raises(SlackApiError):       # a thread of another conversation
        client.chat_postMessage(channel=other, text="x", thread_ts=parent)
    plain = client.chat_postMessage(channel=channel, text="no thread", reply_broadcast=True)
    assert "subtype" not in plain["message"]   # reply_broadcast means nothing without thread_ts


def test_a_person_replying_in_a_thread_is_delivered_as_slack_delivers_it(slack, client):
    slack.events_url = "http://127.0.0.1:9/slack/events"      # nobody listening: only what is sent matters
    parent = client.chat_postMessage(channel="U0ALICE", text="case filed")["ts"]
    slack.driver._post = lambda kind, body, ctype, payload, **kw: slack.driver.deliveries.append(payload)  # type: ignore[method-assign]
    slack.reply_in_thread("alice", parent, "it happens on wifi too")
    reply, replied = (d["event"] for d in slack.deliveries)
    assert reply["thread_ts"] == parent and reply["ts"] != parent and reply["user"] == "U0ALICE"
    assert reply["parent_user_id"] == "U0CONCIERGEBOT" and reply["channel_type"] == "im" and "subtype" not in reply
    assert replied["subtype"] == "message_replied" and replied["hidden"] and "user" not in replied
    assert replied["message"]["ts"] == parent and replied["message"]["reply_count"] == 1
    assert [m["text"] for m in slack.thread("alice", parent)] == ["case filed", "it happens on wifi too"]
    with pytest.raises(LookupError):
        slack.reply_in_thread("alice", "1.000001", "nowhere")
