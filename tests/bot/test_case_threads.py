"""One thread per case, end to end: the real bot and the real poller against the Slack stand-in and the
Salesforce emulator. The filing confirmation (or the first notice) starts the case's thread; later notices go
into it, the important ones also show in the DM; the person's reply in the thread is a comment on that case."""
from __future__ import annotations

from slack_sdk import WebClient

from notifications import Poller
from tests.bot.conftest import Helpers, all_text
from tests.notifications.world import talk_ignored


def _poller(bot) -> Poller:
    client = WebClient(token=bot.settings.slack_bot_token, base_url=bot.slack.api_url)
    # (the person talked to the bot right before each poll: the one-minute "while they are talking" wait is off)
    return Poller(store=bot.store, desk=bot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                  org=talk_ignored(bot.desk.org))


def _notices(bot, user: str, case_id: str = "") -> list[dict]:
    """The notices DMed to `user` (about `case_id`: their ledger key starts with the case Id)."""
    return [m for m in bot.slack.bot_messages(user)
            if (m.get("metadata") or {}).get("event_type") == "concierge_notification"
            and m["metadata"]["event_payload"]["key"].startswith(case_id)]


def _reply_in_thread(bot, user: str, thread_ts: str, text: str, count: int = 1) -> list[dict]:
    before = len(bot.slack.bot_messages(user))
    d = bot.slack.reply_in_thread(user, thread_ts, text)
    assert d.status == 200, d.response_text
    return bot.slack.wait_for_bot_messages(user, before + count)[before:]


def _thread_of(bot, user: str, case_id: str):
    """The case's thread, once the listener has recorded it (right after Slack took the message)."""
    return bot.slack.wait_for(lambda: bot.store.threads.of(user, case_id))


def _projector_case(bot, h: Helpers) -> tuple[dict, object]:
    [filed] = h.say("amy", "The projector in room 4 shows no picture")
    [case] = [c for c in h.open_cases("amy") if "projector" in c.subject]
    _thread_of(bot, "U0AMY", case.id)
    return filed, case


def test_filing_starts_the_thread_notices_go_into_it_and_a_reply_there_is_a_comment(bot, h, sf_agent):
    filed, case = _projector_case(bot, h)
    thread = _thread_of(bot, "U0AMY", case.id)
    assert thread.thread_ts == filed["ts"] and "thread_ts" not in filed
    poller = _poller(bot)
    poller.run_once()                                                  # the feed starts "from now"

    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Is the HDMI cable plugged in?",
                                 "IsPublished": True})
    assert poller.run_once().sent == 1
    [comment] = _notices(bot, "amy")
    assert comment["thread_ts"] == filed["ts"] and "subtype" not in comment      # in the thread only
    assert comment["ts"] not in {m["ts"] for m in bot.slack.top_level("amy")}

    sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})
    assert poller.run_once().sent == 1
    waiting = _notices(bot, "amy")[-1]
    assert waiting["thread_ts"] == filed["ts"] and waiting["subtype"] == "thread_broadcast"
    assert waiting["ts"] in {m["ts"] for m in bot.slack.top_level("amy")}        # and in the DM itself
    assert [m["ts"] for m in bot.slack.thread("amy", filed["ts"])] == [filed["ts"], comment["ts"], waiting["ts"]]

    # The person answers in the thread: a public comment on that case, no case number, no intent read
    # ("close it" would close a case if it were read as a request), answered in the thread.
    [answer] = _reply_in_thread(bot, "amy", filed["ts"], "Yes it is plugged in, close it if you can't fix it")
    assert answer["thread_ts"] == filed["ts"] and case.case_number in all_text(answer)
    assert h.comments(case.id)[-1] == "Yes it is plugged in, close it if you can't fix it"
    assert h.case("amy", case.id).is_open
    # The hidden message_replied event Slack also sends about the parent is not a message from the person.
    assert len(bot.slack.bot_messages("amy")) == 4
    assert len([c for c in h.comments(case.id) if c.startswith("Yes it is plugged in")]) == 1


def test_a_thread_slack_no_longer_has_is_started_again(bot, h, sf_agent):
    filed, case = _projector_case(bot, h)
    gone = bot.store.threads.replace(bot.store.threads.of("U0AMY", case.id), filed["channel"], "1.000001")
    assert gone.thread_ts == "1.000001"                       # a thread whose first message Slack does not have
    poller = _poller(bot)
    poller.run_once()
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which room?", "IsPublished": True})
    assert poller.run_once().sent == 1
    [notice] = _notices(bot, "amy", case.id)
    assert "thread_ts" not in notice and bot.store.threads.of("U0AMY", case.id).thread_ts == notice["ts"]


def test_the_first_notice_starts_the_thread_of_a_case_filed_elsewhere(bot, h, sf_agent):
    poller = _poller(bot)
    poller.run_once()
    case = sf_agent.Case.create({"Subject": "Phone call: monitor flickers", "ContactId": h.contact_id("amy"),
                                 "Origin": "Phone", "Status": "New"})
    poller.run_once()
    [first] = _notices(bot, "amy", case["id"])
    assert "thread_ts" not in first and bot.store.threads.of("U0AMY", case["id"]).thread_ts == first["ts"]
    sf_agent.CaseComment.create({"ParentId": case["id"], "CommentBody": "Which monitor model is it?",
                                 "IsPublished": True})
    poller.run_once()
    [_, second] = _notices(bot, "amy", case["id"])
    assert second["thread_ts"] == first["ts"] != second["ts"]
    [answer] = _reply_in_thread(bot, "amy", first["ts"], "A Dell U2720Q")
    assert answer["thread_ts"] == first["ts"] and "A Dell U2720Q" in h.comments(case["id"])


def test_only_the_persons_own_case_threads_take_comments(bot, h):
    [bens] = h.say("ben", "My keyboard is missing the letter E")
    [ben_case] = [c for c in h.open_cases("ben") if "keyboard" in c.subject]
    assert _thread_of(bot, "U0BEN", ben_case.id).thread_ts == bens["ts"]
    before = h.comments(ben_case.id)

    # Amy's DM event carrying the ts of Ben's case thread: no case thread of hers, so read as a message.
    [hello] = h.say("amy", "hello")
    event = {"type": "message", "user": "U0AMY", "text": "add this: it is broken for everyone", "ts":
             bot.slack.workspace.next_ts(), "thread_ts": bens["ts"], "channel": bot.slack.dm_channel("amy"),
             "channel_type": "im"}
    assert bot.slack.deliver_event(event).status == 200
    bot.slack.wait_for_bot_messages("amy", 2)
    # A thread row naming Ben's case in Amy's DM (however it got there): the case is re-checked as hers.
    bot.store.threads.start("U0AMY", ben_case.id, bot.slack.dm_channel("amy"), hello["ts"])
    [refused] = _reply_in_thread(bot, "amy", hello["ts"], "it is broken for everyone")
    assert "couldn't find" in all_text(refused) and refused["thread_ts"] == hello["ts"]
    assert h.comments(ben_case.id) == before


def test_a_reply_in_a_thread_that_is_no_case_thread_is_read_as_before(bot, h):
    [hello] = h.say("amy", "hello")
    assert bot.store.threads.at("U0AMY", bot.slack.dm_channel("amy"), hello["ts"]) is None
    [answer] = _reply_in_thread(bot, "amy", hello["ts"], "show my cases")
    assert "thread_ts" not in answer                                   # answered in the DM, as a request
    assert "case" in all_text(answer).casefold()


def test_a_dropped_connection_during_thread_posts_posts_once(bot, h, sf_agent):
    filed, case = _projector_case(bot, h)
    poller = _poller(bot)
    poller.run_once()
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which room again?", "IsPublished": True})
    bot.slack.drop_connection_after("chat.postMessage")     # stored by Slack, the answer never arrives
    report = poller.run_once()
    assert report.sent == 1 and report.errors == []
    notices = [m for m in bot.slack.thread("amy", filed["ts"])
               if (m.get("metadata") or {}).get("event_type") == "concierge_notification"]
    assert len(notices) == 1                                 # found in the thread (conversations.replies)
    assert poller.run_once().sent == 0

    # The bot's own answer in the thread, cut off the same way, is looked up there and not posted again.
    bot.slack.drop_connection_after("chat.postMessage")
    d = bot.slack.reply_in_thread("amy", filed["ts"], "Room 4, second floor")
    assert d.status == 200
    key = f"msg:{bot.slack.dm_channel('amy')}:{d.ts}"
    bot.slack.wait_for(lambda: (bot.store.intake.get(key) or {}).get("status") == "done", timeout=15)
    answers = [m for m in bot.slack.thread("amy", filed["ts"])[1:]       # (the parent is the filing confirmation)
               if (m.get("metadata") or {}).get("event_type") == "concierge_reply"]
    assert len(answers) == 1 and case.case_number in all_text(answers[0])
    assert h.comments(case.id).count("Room 4, second floor") == 1
