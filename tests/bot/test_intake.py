"""Durable intake through the real bot: a message whose replica died mid-work is finished by another, once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.bot.conftest import all_text
from tests.plugins.slack import BOT_TOKEN, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
PROJECTOR = "The projector in meeting room 7 shows no signal"


def _dm_event(slack, user: str, text: str, ts: str) -> dict:
    uid = slack.user(user).id
    return {"type": "message", "channel_type": "im", "user": uid, "channel": "D" + uid[1:], "ts": ts,
            "event_ts": ts, "text": text}


def _subjects(desk, contact_id: str) -> list[str]:
    return [c.subject for c in desk.list_open_cases(contact_id)]


def _settle(bot, timeout: float = 20.0) -> None:
    """Run an outbox flusher until every entry is delivered (an entry in doubt: once the bot's SF_IN_DOUBT_SECONDS
    (bot_settings) have passed, or at once when its earlier attempt is found)."""
    from notifications import Messenger, OutboxFlusher
    flusher = OutboxFlusher(store=bot.store, desk=bot.desk, holder="flusher", in_doubt_seconds=1,
                            messenger=Messenger(bot.runtime.app.client, per_conversation_interval=0))
    deadline = time.monotonic() + timeout
    while any(e.status != "delivered" for e in bot.store.outbox_entries()):
        assert time.monotonic() < deadline, bot.store.outbox_entries()
        flusher.run_once()
        time.sleep(0.1)


def test_a_message_left_unfinished_by_a_dead_replica_is_finished_once(bot, employee):
    """Replica A filed the case and died before answering: B takes the message over, finds the case instead
    of filing it again, and answers (once)."""
    event = _dm_event(bot.slack, "amy", PROJECTOR, "1800000100.000100")
    key = f"msg:{event['channel']}:{event['ts']}"
    claim = bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    bot.store.intake.note_write(key, claim.token)                      # what A did before it was killed
    filed = bot.desk.file_case(employee.id, PROJECTOR)
    taken = bot.runtime.listeners.intake.tick()                            # B's sweep
    assert [c.key for c in taken] == [key]
    [reply] = bot.slack.wait_for_bot_messages("amy", 1)
    assert filed.case_number in reply["text"]
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1      # not filed twice
    assert len(bot.slack.bot_messages("amy")) == 1


def test_a_filing_whose_case_landed_before_its_replica_died_is_recognised_not_asked_about(bot, employee):
    """Replica A filed the case (its read-back put it in the read model) and died before answering: B's resumed
    work recognises the case as its own filing ("I filed case N"). It does not ask "Is this about case N?" about
    it, where a "no" would file it a second time (the chaos soak's duplicates)."""
    event = _dm_event(bot.slack, "amy", PROJECTOR, "1800000100.000150")
    key = f"msg:{event['channel']}:{event['ts']}"
    claim = bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    bot.store.intake.note_write(key, claim.token)                      # what A did before it was killed:
    deps = bot.runtime.concierge.deps
    filed = deps.desk.file_case(employee.id, PROJECTOR)                # filed, through the bot's read-back desk
    assert filed.id in {c.id for c in deps.cases.snapshot(employee.id).open}
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", 1)
    assert "Is this about" not in reply["text"], reply["text"]
    assert f"I filed case {filed.case_number}" in reply["text"]
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1
    assert bot.store.questions.open_question(event["user"]) is None


def test_a_close_that_landed_before_its_replica_died_is_told_as_done_not_already_closed(bot, h, employee):
    """Replica A closed the case and died before answering: B's resumed work tells the person "I closed case N",
    not "Case N is already closed" about the close it made itself."""
    case = h.file_case("amy", "Laptop fan is loud")
    event = _dm_event(bot.slack, "amy", f"please close case {case.case_number}", "1800000100.000170")
    key = f"msg:{event['channel']}:{event['ts']}"
    claim = bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    before = len(bot.slack.bot_messages("amy"))
    bot.store.intake.note_write(key, claim.token)                      # what A did before it was killed:
    bot.runtime.concierge.deps.desk.close_case(employee.id, case.case_number)   # closed it
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    assert "already closed" not in reply["text"], reply["text"]
    assert reply["text"].startswith(f"Closed case {case.case_number}"), reply["text"]
    assert not h.case("amy", case.id).is_open


def test_a_close_an_agent_made_before_the_earlier_attempt_wrote_is_still_already_closed(bot, h, employee):
    """Resumed work whose earlier attempt sent no close (A died before): a case closed meanwhile is still answered
    as it is ("already closed"), never taken for the bot's own close."""
    case = h.file_case("amy", "Keyboard keys stick")
    event = _dm_event(bot.slack, "amy", f"please close case {case.case_number}", "1800000100.000180")
    key = f"msg:{event['channel']}:{event['ts']}"
    bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    before = len(bot.slack.bot_messages("amy"))
    bot.desk.close_case(employee.id, case.case_number)                 # closed by someone else; A sent nothing
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    assert "already closed" in reply["text"], reply["text"]


def test_a_slack_retry_of_an_unfinished_message_resumes_it_instead_of_being_dropped(bot, employee):
    event = _dm_event(bot.slack, "amy", PROJECTOR, "1800000100.000200")
    key = f"msg:{event['channel']}:{event['ts']}"
    bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    assert bot.slack.deliver_event(event).status == 200                 # Slack's retry reaches replica B
    [reply] = bot.slack.wait_for_bot_messages("amy", 1)
    assert "filed case" in reply["text"]       # A sent no write before it stopped: B files at once
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1
    assert bot.slack.deliver_event(event).status == 200                 # a later retry: done, dropped
    assert bot.slack.deliver_event({**event, "text": "show my cases", "ts": "1800000100.000300"}).status == 200
    bot.slack.wait_for_bot_messages("amy", 2)
    assert len(bot.slack.bot_messages("amy")) == 2


@pytest.mark.bot_settings(SF_IN_DOUBT_SECONDS=1)
def test_a_write_an_earlier_attempt_sent_but_that_never_landed_is_made_once_it_has_settled(bot, employee):
    event = _dm_event(bot.slack, "amy", PROJECTOR, "1800000100.000220")
    key = f"msg:{event['channel']}:{event['ts']}"
    claim = bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    bot.store.intake.note_write(key, claim.token)       # A was about to file it (its request never arrived)
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", 1)
    assert "making sure" in reply["text"]               # A's request may still land: not redone at once
    assert _subjects(bot.desk, employee.id) == []
    _settle(bot)                                        # it never did: the outbox files it, once
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1
    told = bot.slack.wait_for_bot_messages("amy", 2)[-1]
    assert bot.desk.list_open_cases(employee.id)[0].case_number in told["text"]


@pytest.mark.bot_settings(SF_IN_DOUBT_SECONDS=15)
def test_a_filing_still_on_its_way_when_its_message_is_resumed_lands_once(bot, employee, sf):
    """Replica A sent the filing and died; Salesforce was slow and stored it only after B had taken the message
    over (the chaos soak's duplicated filing). B does not file it again: the outbox looks for it until it lands
    and tells the person its number, once."""
    import threading
    event = _dm_event(bot.slack, "amy", PROJECTOR, "1800000100.000250")
    key = f"msg:{event['channel']}:{event['ts']}"
    claim = bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    bot.store.intake.note_write(key, claim.token)                       # A records the write, then sends it
    sf.set_fault("slow", times=1, delay=10.0)
    in_flight = threading.Thread(target=lambda: bot.desk.file_case(employee.id, PROJECTOR))   # A's request
    in_flight.start()
    deadline = time.monotonic() + 10
    while sf.fault is not None:                                         # until it has reached Salesforce
        assert time.monotonic() < deadline, "replica A's request never reached Salesforce"
        time.sleep(0.01)
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", 1, timeout=30)
    landed_first = "making sure" not in reply["text"]     # (a machine so loaded that B looked after 10 s)
    if not landed_first:
        assert _subjects(bot.desk, employee.id).count(PROJECTOR) <= 1   # not redone (A's own may land any moment)
        _settle(bot, timeout=40)
    in_flight.join()
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1
    told = bot.slack.wait_for_bot_messages("amy", 1 if landed_first else 2)[-1]
    number = bot.desk.list_open_cases(employee.id)[0].case_number
    assert number in told["text"], told
    assert len(bot.slack.bot_messages("amy")) == (1 if landed_first else 2)


def test_a_no_left_unfinished_by_a_dead_replica_still_files_the_new_case(bot, h, employee):
    """Replica A took "no" as the answer to "Is this about case N?" (the question and its one-use row) and was
    killed while filing: B takes the message over and files the new case; it does not answer "please click its
    buttons" (the chaos soak's lost filings)."""
    h.say("amy", "Outlook crashes when I open the calendar")
    [question] = h.say("amy", "it's also frozen now and I can't send mail")
    assert question["text"].startswith("Is this about case")
    event = _dm_event(bot.slack, "amy", "no", "1800000100.000400")
    key, uid = f"msg:{event['channel']}:{event['ts']}", event["user"]
    assert bot.store.intake.record(key, uid, {"event": event}, holder="replica-a", lease_seconds=-1)
    questions = bot.store.questions                                      # what A did before it was killed:
    asked = questions.open_question(uid, taker=key)                      # took the question
    assert questions.take(asked.id, uid, taker=key).carried["text"].startswith("it's also frozen")
    assert questions.open_question(uid) is None                          # (no one else can answer it now)
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep
    [reply] = bot.slack.wait_for_bot_messages("amy", 3)[2:]
    assert "click its buttons" not in reply["text"]
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    subjects = _subjects(bot.desk, employee.id)
    assert len(subjects) == 2 and any("frozen" in s for s in subjects), subjects   # filed, once


def test_a_question_answered_meanwhile_is_not_asked_again_when_its_message_is_resumed(bot, h, employee):
    """Replica A asked "Is this about case N?" for a message and stalled before marking it done; the person
    answered "no" (the new case was filed). B takes the message over: the question stays answered. (In the chaos
    soak a re-opened question took the person's next "no" and filed this text again, instead of the next one.)"""
    h.say("amy", "Outlook crashes when I open the calendar")
    event = _dm_event(bot.slack, "amy", "it's also frozen now and I can't send mail", "1700000000.000500")
    key, uid = f"msg:{event['channel']}:{event['ts']}", event["user"]
    assert bot.store.intake.record(key, uid, {"event": event}, holder="replica-a", lease_seconds=-1)
    [question] = bot.runtime.concierge.on_message(uid, event["text"], dedupe_key=key)   # A asked, then stalled
    assert question.text.startswith("Is this about case")
    h.say("amy", "no")                                                  # the new case is filed
    assert len(_subjects(bot.desk, employee.id)) == 2
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep resumes the message
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    [reply] = h.say("amy", "no")                                        # nothing open to answer
    assert "click its buttons" in reply["text"]
    assert len(_subjects(bot.desk, employee.id)) == 2                   # the text was not filed twice


def test_an_earlier_message_resumed_late_leaves_a_later_message_s_question_open(bot, h, employee):
    """"show my cases" was taken over from a dead replica only after the person had filed something new and been
    asked "Is this about case N?": the late work neither answers nor closes that later question, so the person's
    "no" still files the new case. (In the chaos soak the late work closed it, and the "no" got "please click
    its buttons": a lost filing.)"""
    h.say("amy", "Outlook crashes when I open the calendar")
    event = _dm_event(bot.slack, "amy", "show my cases", "1700000000.000100")   # before the messages below
    key = f"msg:{event['channel']}:{event['ts']}"
    assert bot.store.intake.record(key, event["user"], {"event": event}, holder="replica-a", lease_seconds=-1)
    [question] = h.say("amy", "it's also frozen now and I can't send mail")
    assert question["text"].startswith("Is this about case")
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep: the late work
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    [reply] = h.say("amy", "no", count=1)
    assert "click its buttons" not in reply["text"]
    bot.slack.wait_for(lambda: len(_subjects(bot.desk, employee.id)) == 2, timeout=10)


def test_which_case_is_asked_once_per_message_even_when_its_work_is_resumed(bot, h, employee):
    """"Which case?" (like "Is this about case N?") is put once per asking message: replica A asked it and stalled,
    the person answered with a number (that case closed); B resumes the message and does not ask anew, so the
    person's next number is not taken as another answer (it would close a second case)."""
    battery = h.file_case("amy", "Laptop battery drains fast")
    dashboard = h.file_case("amy", "Access to the analytics dashboard")
    event = _dm_event(bot.slack, "amy", "please close a case", "1700000000.000700")
    key, uid = f"msg:{event['channel']}:{event['ts']}", event["user"]
    assert bot.store.intake.record(key, uid, {"event": event}, holder="replica-a", lease_seconds=-1)
    [asked] = bot.runtime.concierge.on_message(uid, event["text"], dedupe_key=key)     # A asked, then stalled
    assert battery.case_number in all_text({"text": asked.text, "blocks": asked.blocks})
    h.say("amy", dashboard.case_number)                                  # answered: the dashboard case closes
    assert not h.case("amy", dashboard.id).is_open
    assert [c.key for c in bot.runtime.listeners.intake.tick()] == [key]  # B's sweep resumes the message
    bot.slack.wait_for(lambda: bot.store.intake.get(key)["status"] == "done", timeout=10)
    assert bot.store.questions.open_question(uid) is None                # not asked anew
    h.say("amy", battery.case_number)                                    # a status question now, not an answer
    assert h.case("amy", battery.id).is_open


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.bot_settings(SF_IN_DOUBT_SECONDS=8)
def test_a_replica_killed_during_a_slow_salesforce_call_loses_nothing(bot, sf, employee, tmp_path):
    """The issue's scenario: replica A (`concierge run`, its own process) takes a DM, Salesforce is slow, A is
    SIGKILLed. Replica B (the in-process bot, same store) takes it over within seconds: one case, the person
    told its number once (at once when A had not sent the filing yet; after it settled when A had)."""
    assert bot.store.url.startswith("sqlite:///")
    creds = sf.info["clients"]["integration"]
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": bot.slack.api_url, "PORT": str(port), "HOST": "127.0.0.1",
           "SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
           "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
           "SF_API_VERSION": sf.info["api_version"], "DATABASE_URL": bot.store.url, "RUN_POLLER": "false",
           "INTAKE_LEASE_SECONDS": "3"}
    env.pop("SLACK_APP_TOKEN", None)
    replica_a = subprocess.Popen([sys.executable, "-m", "concierge", "run"], env=env, cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            assert replica_a.poll() is None
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.time() < deadline, "replica A did not start"
            time.sleep(0.2)
        b_url, bot.slack.events_url = bot.slack.events_url, f"http://127.0.0.1:{port}/slack/events"
        sf.set_fault("slow", delay=5)                                   # every Salesforce call hangs
        sent = bot.slack.send_dm("amy", PROJECTOR)
        assert sent.status == 200                                      # A acked: the message is recorded
        key = f"msg:{sent.payload['event']['channel']}:{sent.payload['event']['ts']}"
        assert bot.store.intake.get(key)["status"] == "working"
        os.kill(replica_a.pid, signal.SIGKILL)
        replica_a.wait(10)
        sf.clear_faults()
        bot.slack.events_url = b_url
        bot.runtime.listeners.intake.lease_seconds = 3
        killed_at = time.monotonic()
        bot.runtime.listeners.intake.start()                               # B's sweep takes it over
        [reply] = bot.slack.wait_for_bot_messages("amy", 1, timeout=30)
        recovered = time.monotonic() - killed_at
    finally:
        if replica_a.poll() is None:
            replica_a.kill()
    # A sent no filing yet: B files at once. A did: B finds it if it has landed, else lets it settle.
    settling = "making sure" in reply["text"]
    assert settling or "filed case" in reply["text"], reply["text"]
    assert not settling or bot.store.intake.get(key)["wrote_at"] is not None
    _settle(bot, timeout=40)
    settled = time.monotonic() - killed_at
    assert _subjects(bot.desk, employee.id).count(PROJECTOR) == 1
    told = bot.slack.wait_for_bot_messages("amy", 2 if settling else 1)[-1]
    assert bot.desk.list_open_cases(employee.id)[0].case_number in told["text"]
    print(f"took a dead replica's message over in {recovered:.1f} s, filed once after {settled:.1f} s")


def test_work_cut_off_by_a_lost_database_connection_is_tried_again_as_resumed_work(bot):
    from sqlalchemy.exc import OperationalError

    from bot.intake import resuming_since
    claim = bot.store.intake.record("msg:D0AMY:1800000100.000400", "U0AMY", {"event": {}}, holder="b",
                                    lease_seconds=30)
    seen = []

    def work() -> str:
        seen.append(resuming_since())
        if len(seen) == 1:   # a PostgreSQL restart cut the connection mid-work
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return "done"
    assert bot.runtime.listeners.intake.retrying(claim, work) == "done"
    assert seen == [None, claim.created_at]      # the retry checks what the first attempt may have written
    with pytest.raises(ValueError):
        bot.runtime.listeners.intake.retrying(claim, lambda: (_ for _ in ()).throw(ValueError("a bug")))
