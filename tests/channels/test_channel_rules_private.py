"""Channel filings go through the DM's filing rules (issue 23 item 1), through the real bot over HTTP, the Slack
stand-in and the Salesforce emulator with its seeded knowledge base: "Is this about case X?" and the Knowledge
articles are asked of the author privately (their DM), never shown in the channel; their answer files in the
thread (once) or adds the message to the case they named."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from sandbox.salesforce.knowledge_seed import BOT_SETTINGS
from slackui import ids

TEAM = "C0TEAM"


@pytest.fixture(scope="module")
def org_file(tmp_path_factory) -> str:
    path = Path(tmp_path_factory.mktemp("org")) / "org.yml"
    path.write_text(yaml.safe_dump({"knowledge": BOT_SETTINGS}))
    return str(path)


@pytest.fixture
def chan(request, org_file):
    request.applymarker(pytest.mark.bot_settings(CONCIERGE_CONFIG=org_file))
    bot = request.getfixturevalue("bot")
    bot.slack.add_channel("team", ["amy", "ben", "alice"], channel_id=TEAM)
    return bot


def thread_bot_posts(bot, root: str) -> list[dict]:
    return [m for m in bot.slack.thread(TEAM, root) if m.get("bot_id") and m["ts"] != root]


def channel_text(bot) -> str:
    """Everything anyone in the channel can read (ephemeral messages are for one person: left out)."""
    return "\n".join(str(m.get("text")) + str(m.get("blocks") or "") for m in bot.slack.messages(TEAM)
                     if not m.get("is_ephemeral"))


def dm_with(bot, user: str, action_id: str) -> dict:
    bot.slack.wait_for(lambda: [m for m in bot.slack.bot_messages(user) if action_id in str(m.get("blocks"))],
                       timeout=20)
    return [m for m in bot.slack.bot_messages(user) if action_id in str(m.get("blocks"))][-1]


def settle(bot, seconds: float = 0.6) -> None:
    time.sleep(seconds)
    bot.runtime.listeners.intake.wait_idle(10)


def open_cases(bot, contact) -> list:
    return bot.desk.list_open_cases(contact.id)


def test_a_similar_open_case_is_asked_about_privately_and_yes_adds_to_it(chan, employee):
    earlier = chan.desk.file_case(employee.id, "The label printer in the warehouse prints blank labels",
                                  subject="Label printer prints blank labels")
    root = chan.slack.post("amy", TEAM, "the label printer prints blank labels again").ts
    chan.slack.react("ben", TEAM, root, "ticket")
    ask = dm_with(chan, "amy", ids.CHANNEL_DUP_ADD)
    assert earlier.case_number in ask["text"]
    settle(chan)
    assert earlier.case_number not in channel_text(chan)                   # never shown in the channel
    assert [c.id for c in open_cases(chan, employee)] == [earlier.id]     # nothing filed yet
    told = [m for m in chan.slack.messages(TEAM) if m.get("is_ephemeral")]
    assert told and told[-1]["for_user"] == "U0BEN" and earlier.case_number not in told[-1]["text"]

    chan.slack.click("amy", ids.CHANNEL_DUP_ADD, message=ask)
    chan.slack.wait_for(lambda: chan.sf_comments(earlier.id), timeout=20)
    chan.slack.wait_for(lambda: thread_bot_posts(chan, root), timeout=20)
    settle(chan)
    assert chan.sf_comments(earlier.id) == ["the label printer prints blank labels again"]
    assert [c.id for c in open_cases(chan, employee)] == [earlier.id]
    assert earlier.case_number not in channel_text(chan) and "open cases" in thread_bot_posts(chan, root)[0]["text"]
    chan.slack.click("amy", ids.CHANNEL_DUP_NEW, message=ask)             # a second answer does nothing
    settle(chan)
    assert [c.id for c in open_cases(chan, employee)] == [earlier.id]
    assert len(thread_bot_posts(chan, root)) == 1


def test_no_files_it_in_the_thread_once(chan, employee):
    earlier = chan.desk.file_case(employee.id, "The label printer in the warehouse prints blank labels",
                                  subject="Label printer prints blank labels")
    root = chan.slack.post("amy", TEAM, "@Concierge the label printer prints blank labels on the 2nd floor").ts
    ask = dm_with(chan, "amy", ids.CHANNEL_DUP_NEW)
    for _ in range(2):                                                     # a double click files one case
        chan.slack.click("amy", ids.CHANNEL_DUP_NEW, message=ask)
    chan.slack.wait_for(lambda: thread_bot_posts(chan, root), timeout=20)
    settle(chan)
    cases = open_cases(chan, employee)
    assert len(cases) == 2
    new = next(c for c in cases if c.id != earlier.id)
    [said] = thread_bot_posts(chan, root)
    assert new.case_number in said["text"] and earlier.case_number not in channel_text(chan)


def test_knowledge_articles_go_to_the_author_privately_and_file_my_case_files_in_the_thread(chan, employee):
    before = chan.sf.api_usage()[0]
    root = chan.slack.post("amy", TEAM, "@Concierge my VPN keeps disconnecting every few minutes when I work "
                                        "from home").ts
    card = dm_with(chan, "amy", ids.CHANNEL_KB_FILE)
    settle(chan)
    assert "VPN" in str(card["blocks"]) and ids.CHANNEL_KB_FIXED in str(card["blocks"])
    assert "VPN" not in channel_text(chan).replace("my VPN keeps", "")   # no article in the channel
    assert open_cases(chan, employee) == [] and thread_bot_posts(chan, root) == []
    assert [m for m in chan.slack.messages(TEAM) if m.get("is_ephemeral") and m["for_user"] == "U0AMY"]
    for _ in range(2):
        chan.slack.click("amy", ids.CHANNEL_KB_FILE, message=card)
    chan.slack.wait_for(lambda: thread_bot_posts(chan, root), timeout=20)
    settle(chan)
    calls = chan.sf.api_usage()[0] - before
    [case] = open_cases(chan, employee)
    [said] = thread_bot_posts(chan, root)
    assert case.case_number in said["text"]
    full = chan.desk.get_case(employee.id, case.id)
    assert "Tried before filing" in full.description and "Posted in Slack" in full.description
    links = chan.sf.salesforce("agent").query(f"SELECT Id FROM CaseArticle WHERE CaseId = '{case.id}'")
    assert links["totalSize"] >= 1
    answer = chan.store.answers.by_message(f"chan:{TEAM}:{root}")
    assert answer is not None and answer.filed_at is not None and answer.case_id == case.id
    assert calls <= 4, calls    # a new employee: Contact + their cases (2, as a DM's first message), search, filing


def test_this_fixed_it_files_nothing_and_urgent_messages_get_no_articles(chan, employee):
    root = chan.slack.post("amy", TEAM, "@Concierge how do I set up my work email on my phone?").ts
    card = dm_with(chan, "amy", ids.CHANNEL_KB_FIXED)
    n = len(chan.slack.bot_messages("amy"))
    chan.slack.send_dm("amy", "that didn't help")       # typed in the DM: points at the buttons, files nothing
    [hint] = chan.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert "File my case" in hint["text"] and open_cases(chan, employee) == []
    chan.slack.click("amy", ids.CHANNEL_KB_FIXED, message=card)
    chan.slack.wait_for(lambda: "Nothing was filed" in str(chan.slack.bot_messages("amy")[-1]), timeout=20)
    settle(chan)
    assert open_cases(chan, employee) == [] and thread_bot_posts(chan, root) == []
    answer = chan.store.answers.by_message(f"chan:{TEAM}:{root}")
    assert answer is not None and answer.confirmed_at is not None and answer.filed_at is None

    urgent = chan.slack.post("amy", TEAM, "@Concierge I clicked a link and entered my password on a fake login "
                                          "page, my VPN account may be compromised").ts
    chan.slack.wait_for(lambda: thread_bot_posts(chan, urgent), timeout=20)
    settle(chan)
    [case] = open_cases(chan, employee)
    assert not [m for m in chan.slack.bot_messages("amy") if ids.CHANNEL_KB_FILE in str(m.get("blocks"))
                and "fake login" in str(m.get("blocks"))]
