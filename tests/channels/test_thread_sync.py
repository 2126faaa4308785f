"""Agents' replies and status back in a case's channel thread (notifications/channelsync.py), end to end: the real
bot files from a channel (Slack stand-in, Salesforce emulator), an agent answers through the emulator's agent
client, one poller cycle posts the public reply into the thread and DMs the requester; a private comment reaches
no channel; a status change swaps the root message's reaction, the requester's own close and reopen too."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from slack_sdk import WebClient

from notifications.poller import Poller
from slackui import ids
from tests.bot.conftest import Helpers

TEAM = "C0TEAM"
BOT = "U0CONCIERGEBOT"


@pytest.fixture(scope="module")
def org_file(tmp_path_factory) -> str:
    path = Path(tmp_path_factory.mktemp("org")) / "org.yml"
    path.write_text("channels:\n  window_seconds: 120\n")
    return str(path)


@pytest.fixture
def chan(request, org_file):
    request.applymarker(pytest.mark.bot_settings(CONCIERGE_CONFIG=org_file))
    bot = request.getfixturevalue("bot")
    bot.slack.add_channel("team", ["amy", "ben", "alice"], channel_id=TEAM)
    return bot


def bot_reactions(bot, channel: str, ts: str) -> set[str]:
    root = next(m for m in bot.slack.messages(channel) if m["ts"] == ts)
    return {r["name"] for r in root.get("reactions") or [] if BOT in r["users"]}


def filed_from_the_channel(bot, employee, text: str) -> tuple[str, object]:
    """Amy's message in #team, filed by Ben's reaction: (the root's ts, the case)."""
    root = bot.slack.post("amy", TEAM, text).ts
    bot.slack.react("ben", TEAM, root, "ticket")
    bot.slack.wait_for(lambda: [m for m in bot.slack.thread(TEAM, root) if m.get("bot_id")], timeout=20)
    time.sleep(0.6)
    bot.runtime.listeners.intake.wait_idle(10)
    return root, bot.desk.list_open_cases(employee.id)[0]


def poller_of(bot) -> Poller:
    return Poller(store=bot.store, desk=bot.desk, org=bot.settings.org,
                  client=WebClient(token="xoxb-test-concierge-token", base_url=bot.slack.api_url),
                  overlap_seconds=5, per_conversation_interval=0)


def test_agent_public_reply_reaches_the_thread_and_the_dm_private_one_only_the_dm_never(chan, employee, sf_agent):
    root, case = filed_from_the_channel(chan, employee, "The projector in room 4 shows no picture at all")
    poller = poller_of(chan)
    poller.run_once()                                                   # the watermark
    in_thread = len(chan.slack.thread(TEAM, root))

    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Try the HDMI switch <!channel>",
                                 "IsPublished": True})
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "internal: projector is end of life",
                                 "IsPublished": False})
    before = chan.sf.api_usage()[0]
    report = poller.run_once()
    assert report.channel_posts == 1 and report.sent == 1, report.summary()
    assert chan.sf.api_usage()[0] - before == report.api_calls       # the channel step made no Salesforce call
    posts = chan.slack.thread(TEAM, root)[in_thread:]
    assert len(posts) == 1 and "Try the HDMI switch" in posts[0]["text"] and posts[0].get("bot_id")
    assert "&lt;!channel&gt;" in posts[0]["text"]                        # escaped: pings nobody
    every = [m["text"] for m in chan.slack.messages(TEAM)]
    assert not any("end of life" in t for t in every)                  # the private comment: nowhere in the channel
    dm = [m for m in chan.slack.bot_messages("amy") if "Try the HDMI switch" in str(m)]
    assert len(dm) == 1                                                # the requester, by DM as before

    sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})    # the agent asks: reaction swaps
    report = poller.run_once()
    assert report.channel_reactions == 1, report.summary()
    assert bot_reactions(chan, TEAM, root) == {"hourglass_flowing_sand"}
    sf_agent.Case.update(case.id, {"Status": "Closed"})
    poller.run_once()
    assert bot_reactions(chan, TEAM, root) == {"white_check_mark"}
    again = poller.run_once()                                           # re-read changes: nothing twice
    assert again.channel_posts == 0 and again.channel_reactions == 0
    assert len([m for m in chan.slack.thread(TEAM, root) if "Try the HDMI switch" in m["text"]]) == 1


def test_the_requesters_own_close_and_reopen_move_the_root_reaction_as_an_agents_do(chan, employee):
    h = Helpers(chan)
    root, case = filed_from_the_channel(chan, employee, "The badge reader at the side door is dead")
    poller = poller_of(chan)
    poller.run_once()                                                   # the watermark
    assert bot_reactions(chan, TEAM, root) == {"ticket"}
    [closed] = h.say("amy", f"close {case.case_number}")               # by DM
    assert h.case("amy", case.id).is_closed
    report = poller.run_once()
    assert report.channel_reactions == 1 and report.sent == 0, report.summary()     # no DM about her own close
    assert bot_reactions(chan, TEAM, root) == {"white_check_mark"}
    h.click("amy", ids.REOPEN_CASE, message=closed)                    # by the button
    assert h.case("amy", case.id).is_open
    report = poller.run_once()
    assert report.channel_reactions == 1 and report.sent == 0, report.summary()
    assert bot_reactions(chan, TEAM, root) == {"arrows_counterclockwise"}
    again = poller.run_once()                                           # re-read changes: nothing twice
    assert again.channel_reactions == 0 and again.channel_decided == 0
