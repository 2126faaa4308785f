"""A post whose connection dropped after Slack stored it is not posted again (replies and notifications)."""
from __future__ import annotations

from slack_sdk import WebClient

from notifications.slack import Messenger
from tests.plugins.slack import BOT_TOKEN


def test_a_reply_cut_off_by_a_dropped_connection_is_not_posted_twice(bot):
    bot.slack.drop_connection_after("chat.postMessage", calls=1)   # stored, then the connection is reset
    assert bot.slack.send_dm("amy", "show my cases").status == 200
    bot.slack.wait_for(lambda: any(c.method == "conversations.history" for c in bot.slack.calls), timeout=10)
    bot.slack.send_dm("amy", "help")                                 # a later message: the first is done
    bot.slack.wait_for_bot_messages("amy", 2)
    texts = [m["text"] for m in bot.slack.bot_messages("amy")]
    assert len(texts) == 2, texts                                    # one answer each, none doubled


def test_a_notification_cut_off_by_a_dropped_connection_is_found_not_resent(slack):
    # a client as slack_sdk builds it by default: its connection-error retry handler would post again
    messenger = Messenger(WebClient(token=BOT_TOKEN, base_url=slack.api_url), per_conversation_interval=0)
    slack.drop_connection_after("chat.postMessage", calls=1)
    posted = messenger.post("U0ALICE", "Sam commented on 00001001", [], key="ledger:42")
    [message] = slack.bot_messages("alice")
    assert message["ts"] == posted.ts
    assert message["metadata"]["event_payload"]["key"] == "ledger:42"
    messenger.post("U0ALICE", "Sam resolved 00001001", [], key="ledger:43")   # the connection is fine again
    assert len(slack.bot_messages("alice")) == 2
