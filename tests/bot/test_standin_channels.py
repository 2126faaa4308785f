"""The Slack stand-in's channels, as strict as Slack: membership (`not_in_channel`, `user_not_in_channel`),
reactions (`already_reacted`, `no_reaction`, `missing_scope`), permalinks, and what is delivered to the bot:
channel messages and `app_mention` only from channels it is in, `reaction_added`, `message_action` anywhere."""
from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.plugins.slack import BOT_TOKEN


@pytest.fixture
def client(slack):
    slack.scopes = sorted({*slack.scopes, "channels:history", "reactions:write"})   # an install with the channel features
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


@pytest.fixture
def sent(slack):
    """What the stand-in delivers to the bot (nobody listens: only what is sent matters)."""
    slack.events_url = "http://127.0.0.1:9/slack/events"
    out: list[dict] = []
    slack.driver._post = lambda kind, body, ctype, payload, **kw: out.append(payload)  # type: ignore[method-assign]
    return out


def _error(call) -> str:
    with pytest.raises(SlackApiError) as e:
        call()
    return e.value.response["error"]


def test_membership_is_enforced(slack, client):
    inside = slack.add_channel("it-help", ["alice", "bob"])
    outside = slack.add_channel("random", ["alice"], bot=False)
    ts = client.chat_postMessage(channel=inside, text="hello")["ts"]
    assert ts
    assert _error(lambda: client.chat_postMessage(channel=outside, text="hi")) == "not_in_channel"
    assert _error(lambda: client.conversations_history(channel=outside)) == "not_in_channel"
    assert _error(lambda: client.chat_postEphemeral(channel=inside, user="U0CAROL", text="x")) == "user_not_in_channel"
    client.chat_postEphemeral(channel=inside, user="U0ALICE", text="only you")
    assert [m["for_user"] for m in slack.messages(inside) if m.get("is_ephemeral")] == ["U0ALICE"]
    assert client.conversations_info(channel=inside)["channel"]["is_member"] is True
    assert client.conversations_info(channel=outside)["channel"]["is_member"] is False
    slack.join(outside, "U0CONCIERGEBOT")
    client.chat_postMessage(channel=outside, text="now I can")


def test_reactions_are_refused_as_slack_refuses_them(slack, client, sent):
    channel = slack.add_channel("it-help", ["alice"])
    ts = slack.post("alice", channel, "printer on fire").ts
    client.reactions_add(channel=channel, timestamp=ts, name="eyes")
    assert _error(lambda: client.reactions_add(channel=channel, timestamp=ts, name="eyes")) == "already_reacted"
    assert _error(lambda: client.reactions_add(channel=channel, timestamp="1.000009", name="eyes")) == "message_not_found"
    client.reactions_remove(channel=channel, timestamp=ts, name="eyes")
    assert _error(lambda: client.reactions_remove(channel=channel, timestamp=ts, name="eyes")) == "no_reaction"
    assert not slack.messages(channel)[0].get("reactions")
    slack.scopes = [s for s in slack.scopes if s != "reactions:write"]
    with pytest.raises(SlackApiError) as e:
        client.reactions_add(channel=channel, timestamp=ts, name="eyes")
    assert e.value.response["error"] == "missing_scope" and e.value.response["needed"] == "reactions:write"


def test_permalinks(slack, client, sent):
    channel = slack.add_channel("it-help", ["alice"])
    root = slack.post("alice", channel, "vpn down").ts
    reply = slack.post("alice", channel, "still down", thread_ts=root).ts
    link = client.chat_getPermalink(channel=channel, message_ts=root)["permalink"]
    assert link.endswith(f"/archives/{channel}/p{root.replace('.', '')}")
    assert f"thread_ts={root}" in client.chat_getPermalink(channel=channel, message_ts=reply)["permalink"]
    assert _error(lambda: client.chat_getPermalink(channel=channel, message_ts="1.000009")) == "message_not_found"


def test_what_reaches_the_bot(slack, sent):
    inside = slack.add_channel("it-help", ["alice", "bob"])
    outside = slack.add_channel("random", ["alice"], bot=False)
    assert not slack.post("alice", outside, "@Concierge my laptop is broken").delivered   # not a member: nothing
    post = slack.post("alice", inside, "@Concierge my laptop is broken")
    kinds = [p["event"]["type"] for p in sent]
    assert kinds == ["message", "app_mention"]
    assert sent[1]["event"]["text"] == "<@U0CONCIERGEBOT> my laptop is broken"
    assert sent[0]["event"]["channel_type"] == "channel"
    reply = slack.post("bob", inside, "same here", thread_ts=post.ts)
    assert sent[-1]["event"]["thread_ts"] == post.ts and sent[-1]["event"]["parent_user_id"] == "U0ALICE"
    assert reply.delivered
    with pytest.raises(PermissionError):
        slack.post("carol", inside, "I am not in this channel")

    slack.react("bob", inside, post.ts, "ticket")
    assert sent[-1]["event"] == {**sent[-1]["event"], "type": "reaction_added", "user": "U0BOB",
                                 "reaction": "ticket", "item_user": "U0ALICE",
                                 "item": {"type": "message", "channel": inside, "ts": post.ts}}
    before = len(sent)
    assert slack.react("bob", inside, post.ts, "ticket") is None and len(sent) == before    # the same reaction again
    slack.react("alice", outside, slack.messages(outside)[0]["ts"])
    assert len(sent) == before                                                                  # not a member

    slack.shortcut("carol", outside, slack.messages(outside)[0]["ts"])
    action = sent[-1]
    assert action["type"] == "message_action" and action["callback_id"] == "file_as_case"
    assert action["channel"]["id"] == outside and action["message"]["text"] == "<@U0CONCIERGEBOT> my laptop is broken"
    assert action["message"]["user"] == "U0ALICE" and action["user"]["id"] == "U0CAROL" and action["trigger_id"]


def test_other_apps_and_users_of_other_kinds(slack, client, sent):
    from sandbox.slack import SlackUser
    slack.add_user(SlackUser("U0GUEST", "gus", "Gus Guest", "gus@example.com", is_restricted=True))
    slack.add_user(SlackUser("U0EXT", "xena", "Xena External", "xena@partner.com", team_id="T0PARTNER"))
    slack.add_user(SlackUser("U0GONE", "gone", "Gone Person", "gone@example.com", deleted=True))
    info = {u: client.users_info(user=u)["user"] for u in ("U0GUEST", "U0EXT", "U0GONE")}
    assert info["U0GUEST"]["is_restricted"] and info["U0EXT"]["team_id"] == "T0PARTNER" and info["U0GONE"]["deleted"]
    channel = slack.add_channel("it-help", ["alice"])
    slack.post("alice", channel, "build bot says hi", bot=True)
    assert sent[-1]["event"]["subtype"] == "bot_message" and sent[-1]["event"]["bot_id"]
