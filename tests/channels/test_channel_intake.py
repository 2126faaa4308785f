"""Filing from channels through the real bot over HTTP, the Slack stand-in and the Salesforce emulator: the
reaction, the message shortcut, @mentions, auto request channels, requesters' thread replies, trust and privacy."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

HELP = "C0ITHELP"      # an auto request channel
TEAM = "C0TEAM"        # any channel the bot is in (emoji mode)

ORG = f"""
channels:
  window_seconds: 120
  requests:
    - id: {HELP}
      mode: auto
      origin: Slack it-help
    - id: C0PRIVATE
      mode: mention
      private_replies: true
"""


@pytest.fixture(scope="module")
def org_file(tmp_path_factory) -> str:
    path = Path(tmp_path_factory.mktemp("org")) / "org.yml"
    path.write_text(ORG)
    return str(path)


@pytest.fixture
def chan(request, org_file):
    request.applymarker(pytest.mark.bot_settings(CONCIERGE_CONFIG=org_file))
    bot = request.getfixturevalue("bot")
    bot.slack.add_channel("it-help", ["amy", "ben", "alice"], channel_id=HELP)
    bot.slack.add_channel("team", ["amy", "ben", "alice"], channel_id=TEAM)
    return bot


def open_cases(bot, contact) -> list:
    return bot.desk.list_open_cases(contact.id)


def thread_bot_posts(bot, channel: str, root: str) -> list[dict]:
    return [m for m in bot.slack.thread(channel, root) if m.get("bot_id") and m["ts"] != root]


def settle(bot, seconds: float = 0.6) -> None:
    """Let the work pool finish what it took (nothing else to wait on when the answer is 'nothing')."""
    time.sleep(seconds)
    bot.runtime.listeners.intake.wait_idle(10)


def test_two_reactions_at_once_with_retries_file_one_case(chan, employee):
    root = chan.slack.post("amy", TEAM, "The projector in room 4 shows no picture at all").ts
    deliveries = []

    def react(who: str) -> None:
        deliveries.append(chan.slack.react(who, TEAM, root, "ticket"))
    people = [threading.Thread(target=react, args=(who,)) for who in ("ben", "alice")]
    for t in people:
        t.start()
    for t in people:
        t.join()
    for d in deliveries:
        chan.slack.redeliver(d, retry_num=1)
    chan.slack.wait_for(lambda: thread_bot_posts(chan, TEAM, root), timeout=20)
    settle(chan)
    cases = open_cases(chan, employee)
    assert len(cases) == 1 and "projector" in cases[0].subject.lower()
    assert len(thread_bot_posts(chan, TEAM, root)) == 1
    assert cases[0].case_number in thread_bot_posts(chan, TEAM, root)[0]["text"]
    dm = chan.slack.bot_messages("amy")
    assert len(dm) == 1 and cases[0].case_number in dm[0]["text"]               # the card, to the author
    root_msg = chan.slack.messages(TEAM)[0]
    assert any(r["name"] == "ticket" and "U0CONCIERGEBOT" in r["users"] for r in root_msg["reactions"])
    notes = chan.sf_comments(cases[0].id, published=False)         # who asked, in a private work note
    assert len(notes) == 1 and f"for {employee.name}" in notes[0]
    assert "Alice Johnson" in notes[0] or "Test Other" in notes[0]


def test_shortcut_where_the_bot_is_not_files_for_the_author_without_reading_history(chan, employee,
                                                                                    other_employee):
    elsewhere = chan.slack.add_channel("random", ["amy", "ben"], bot=False)
    ts = chan.slack.post("amy", elsewhere, "My docking station stopped charging the laptop").ts
    before = chan.sf.api_usage()[0]
    d = chan.slack.shortcut("ben", elsewhere, ts)
    assert d.ok and d.elapsed < 3
    chan.slack.wait_for(lambda: chan.slack.bot_messages("amy"), timeout=20)
    settle(chan)
    shortcut_calls = chan.sf.api_usage()[0] - before
    cases = open_cases(chan, employee)
    assert len(cases) == 1 and "docking station" in cases[0].subject.lower()
    reads = [c for c in chan.slack.calls if c.method in ("conversations.history", "conversations.replies")
             and c.response.get("ok")]
    assert reads == []                 # only the membership probe, refused with not_in_channel: no history read
    answered = [m for m in chan.slack.messages(elsewhere) if m.get("is_ephemeral")]
    assert len(answered) == 1 and answered[0]["for_user"] == "U0BEN" and cases[0].case_number in answered[0]["text"]

    before = chan.sf.api_usage()[0]                            # the same filing by DM, for a person seen first
    chan.slack.send_dm("ben", "My docking station stopped charging the laptop")
    chan.slack.wait_for(lambda: chan.slack.bot_messages("ben"), timeout=20)
    settle(chan)
    dm_calls = chan.sf.api_usage()[0] - before
    assert shortcut_calls <= dm_calls, (shortcut_calls, dm_calls)


def test_auto_channel_files_requests_only_and_one_case_per_burst(chan, employee, other_employee):
    for text in ("morning all", "+1", "thanks!", ":pray:"):
        chan.slack.post("amy", HELP, text)
    chan.slack.post("ben", HELP, "deploy finished", bot=True)
    first = chan.slack.post("amy", HELP, "Outlook keeps asking for my password on the laptop").ts
    chan.slack.post("amy", HELP, "it started after the update yesterday")
    chan.slack.post("amy", HELP, "also on my phone")
    chan.slack.post("ben", HELP, "same for me, +1", thread_ts=first)   # a reply by someone else: nothing
    chan.slack.wait_for(lambda: thread_bot_posts(chan, HELP, first), timeout=20)
    chan.slack.wait_for(lambda: len(chan.sf_comments(open_cases(chan, employee)[0].id)) >= 2, timeout=20)
    settle(chan)
    cases = open_cases(chan, employee)
    assert len(cases) == 1
    assert chan.sf_comments(cases[0].id) == ["it started after the update yesterday", "also on my phone"]
    assert open_cases(chan, other_employee) == []
    assert len(chan.slack.top_level(HELP)) == 8                    # the bot said nothing at the top level
    # "password" is a sensitive word: the thread only says it was filed, the details went by DM
    said = thread_bot_posts(chan, HELP, first)[0]["text"]
    assert cases[0].case_number not in said and "direct message" in said


def test_requesters_replies_become_comments_and_mentions_file(chan, employee, other_employee):
    root = chan.slack.post("ben", TEAM, "@Concierge the badge reader at the side door is dead").ts
    chan.slack.wait_for(lambda: thread_bot_posts(chan, TEAM, root), timeout=20)
    (case,) = open_cases(chan, other_employee)
    assert "badge reader" in case.subject.lower()
    chan.slack.post("ben", TEAM, "it beeps red twice", thread_ts=root)
    chan.slack.post("amy", TEAM, "mine works fine", thread_ts=root)          # not the requester: nothing
    chan.slack.wait_for(lambda: chan.sf_comments(case.id), timeout=20)
    settle(chan)
    assert chan.sf_comments(case.id) == ["it beeps red twice"]
    assert len(thread_bot_posts(chan, TEAM, root)) == 1                     # the bot never echoes
    assert open_cases(chan, employee) == []


def test_guests_get_no_case_but_an_explanation(chan):
    from sandbox.slack import SlackUser
    chan.slack.add_user(SlackUser("U0GUS", "gus", "Gus Guest", "gus@example.com", is_restricted=True))
    chan.slack.join(TEAM, "gus")
    ts = chan.slack.post("gus", TEAM, "My VPN token expired").ts
    chan.slack.react("amy", TEAM, ts, "ticket")
    chan.slack.wait_for(lambda: [m for m in chan.slack.messages(TEAM) if m.get("is_ephemeral")], timeout=20)
    told = [m for m in chan.slack.messages(TEAM) if m.get("is_ephemeral")]
    assert told[0]["for_user"] == "U0AMY" and "guest" in told[0]["text"]
    assert not [c for c in chan.slack.calls if c.method == "chat.postMessage" and c.args.get("channel") == TEAM]


def test_a_filing_during_a_salesforce_outage_is_queued_and_delivered_once_into_the_thread(chan, employee,
                                                                                          other_employee):
    from bot.channels.queued import QueuedChannelFilings
    from notifications.outbox import OutboxFlusher
    from notifications.slack import Messenger

    chan.slack.send_dm("amy", "show my cases")                   # the employee is known from before the outage
    chan.slack.wait_for(lambda: chan.slack.bot_messages("amy"), timeout=20)
    chan.sf.set_fault("unavailable")
    try:
        root = chan.slack.post("amy", TEAM, "@Concierge the plotter on floor 3 prints everything in pink").ts
        first = chan.slack.post("ben", TEAM, "@Concierge my chair's gas lift is broken").ts   # Contact not known yet
        chan.slack.wait_for(lambda: thread_bot_posts(chan, TEAM, root) and thread_bot_posts(chan, TEAM, first),
                            timeout=20)
        settle(chan)
    finally:
        chan.sf.clear_faults()
    [said] = thread_bot_posts(chan, TEAM, root)
    assert "queued" in said["text"] and "Salesforce" in said["text"]
    assert open_cases(chan, employee) == [] and chan.store.channel_cases.at(TEAM, root) is None

    runtime = chan.runtime
    flusher = OutboxFlusher(store=chan.store, desk=chan.desk, messenger=Messenger(runtime.client), holder="t",
                            channel_filings=QueuedChannelFilings(runtime.settings.org.channels, chan.store,
                                                                 runtime.client))
    assert flusher.run_once().delivered == 2
    assert flusher.run_once().claimed == 0                        # delivered once
    [bens] = open_cases(chan, other_employee)                     # queued by email, the Contact found on delivery
    assert "gas lift" in bens.subject and bens.case_number in thread_bot_posts(chan, TEAM, first)[-1]["text"]
    [case] = open_cases(chan, employee)
    assert "plotter" in case.subject.lower()
    row = chan.sf.salesforce("agent").Case.get(case.id)
    assert row["Origin"] == "Slack Channel"
    assert any("queued" in n for n in chan.sf_comments(case.id, published=False))     # the private work note
    posts = thread_bot_posts(chan, TEAM, root)
    assert len(posts) == 2 and case.case_number in posts[1]["text"]
    assert chan.store.channel_cases.at(TEAM, root).case_id == case.id
    assert any(case.case_number in m["text"] for m in chan.slack.bot_messages("amy"))   # the outbox's DM
    chan.slack.post("amy", TEAM, "it's the colour cartridge", thread_ts=root)   # the thread maps to the case
    chan.slack.wait_for(lambda: chan.sf_comments(case.id), timeout=20)
    assert chan.sf_comments(case.id) == ["it's the colour cartridge"]
