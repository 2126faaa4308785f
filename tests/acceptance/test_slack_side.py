"""Slack's side of delivery: retried events, the same event reaching two replicas (one PostgreSQL store), and
Web API rate limits: each message is handled once and every reply arrives."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.acceptance.conftest import all_text, say
from tests.plugins.slack import SIGNING_SECRET, serve_replicas

VPN = "My laptop won't connect to the VPN since this morning"


def test_slack_retries_of_an_event_are_handled_once(bot, h):
    n = len(bot.slack.bot_messages("amy"))
    first = bot.slack.send_dm("amy", VPN)
    bot.slack.wait_for_bot_messages("amy", n + 1)
    for retry, reason in ((1, "http_timeout"), (2, "http_error"), (3, "http_timeout")):
        assert bot.slack.redeliver(first, retry_num=retry, reason=reason).status == 200
    assert bot.slack.deliver_event(first.payload["event"]).status == 200   # same message, another event id
    reply = say(h, "amy", "show my cases")                              # the work queue has drained past them
    assert "1 open case" in all_text(reply) or len(h.open_cases("amy")) == 1
    assert len(h.open_cases("amy")) == 1
    assert len(bot.slack.bot_messages("amy")) == n + 2                  # the card, then the list: no extras


@pytest.fixture
def replicas(slack: Any, pg_url: str, make_desk: Any, employee: Any, other_employee: Any) -> Iterator[list]:
    """Two Concierge replicas (own Bolt app, own HTTP server, own CaseDesk) sharing one PostgreSQL store."""
    from sandbox.slack import SlackUser
    slack.add_user(SlackUser("U0AMY", "amy", employee.name, employee.email))
    yield from serve_replicas(slack, pg_url, make_desk)


def _signed_post(url: str, body: str, retry_num: int | None = None) -> int:
    from sandbox.slack.standin import sign
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": sign(SIGNING_SECRET, ts, body)}
    if retry_num:
        headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
    with requests.Session() as s:
        s.trust_env = False
        return s.post(url, data=body.encode(), headers=headers, timeout=10).status_code


def _envelope(first: Any, ts: str, text: str, event_id: str) -> dict:
    """Amy's new DM (text at ts) in Slack's Events API envelope, modelled on a delivery the stand-in made."""
    event = dict(first.payload["event"], ts=ts, event_ts=ts, text=text, client_msg_id=f"c-{ts}")
    return dict(first.payload, event=event, event_id=event_id)


@pytest.mark.postgres
def test_the_same_event_at_two_replicas_is_handled_once(slack, replicas, desk, employee):
    urls = [server.url + "/slack/events" for _, _, server in replicas]
    first = slack.send_dm("amy", "show my cases")                      # replica 0 answers
    slack.wait_for_bot_messages("amy", 1)
    n = len(slack.bot_messages("amy"))
    envelope = _envelope(first, "1800000000.000200", VPN, "EvREPLICA0001")
    body = json.dumps(envelope)
    assert _signed_post(urls[0], body) == 200
    slack.wait_for_bot_messages("amy", n + 1)
    assert len(desk.list_open_cases(employee.id)) == 1
    # the load balancer's retry lands on the other replica; then Slack's own retry; then the same message
    # under another event id
    assert _signed_post(urls[1], body) == 200
    assert _signed_post(urls[1], body, retry_num=1) == 200
    assert _signed_post(urls[0], json.dumps(dict(envelope, event_id="EvREPLICA0002"))) == 200
    slack.send_dm("amy", "show my cases")                               # a later message: the queue has drained
    slack.wait_for_bot_messages("amy", n + 2)
    assert len(desk.list_open_cases(employee.id)) == 1
    assert len(slack.bot_messages("amy")) == n + 2


@pytest.mark.postgres
def test_the_same_message_racing_at_two_replicas_is_handled_by_exactly_one(slack, replicas, desk, employee):
    """The interleaving that loses a message, made deterministic: replica 0 claims the event id, then replica 1
    claims both keys (the event id: taken; the message: free), then replica 0 claims the message key."""
    import threading
    urls = [server.url + "/slack/events" for _, _, server in replicas]
    first = slack.send_dm("amy", "show my cases")
    slack.wait_for_bot_messages("amy", 1)
    n = len(slack.bot_messages("amy"))
    (_, store0, _), (_, store1, _) = replicas
    event_id, ts = "EvRACE000001", "1800000000.000300"
    ev_key, msg_key = f"ev:{event_id}", f"msg:{first.payload['event']['channel']}:{ts}"
    zero_has_event, one_done = threading.Event(), threading.Event()
    claim0, claim1 = store0.claim_event, store1.claim_event

    def claim_on_0(key: str) -> bool:
        if key == msg_key:
            one_done.wait(5)
        won = claim0(key)
        if key == ev_key:
            zero_has_event.set()
        return won

    def claim_on_1(key: str) -> bool:
        if key == ev_key:
            zero_has_event.wait(5)
        won = claim1(key)
        if key == msg_key:
            one_done.set()
        return won

    store0.claim_event, store1.claim_event = claim_on_0, claim_on_1
    body = json.dumps(_envelope(first, ts, VPN, event_id))
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(lambda url: _signed_post(url, body), urls)) == [200, 200]
    slack.wait_for_bot_messages("amy", n + 1, timeout=5)               # one of them answers
    assert len(desk.list_open_cases(employee.id)) == 1


def test_a_429_with_retry_after_on_chat_post_message_is_waited_out_and_the_reply_arrives(bot, h):
    say(h, "amy", "show my cases")                                     # the user lookup is cached
    bot.slack.wait_for(lambda: bot.slack.home("amy"))                  # and the Home refresh after it is done
    before = len(bot.slack.calls)
    bot.slack.rate_limit(calls=1, retry_after=1)
    n = len(bot.slack.bot_messages("amy"))
    bot.slack.send_dm("amy", VPN)
    [card] = bot.slack.wait_for_bot_messages("amy", n + 1, timeout=15)[n:]
    [case] = h.open_cases("amy")
    assert case.case_number in all_text(card)
    calls = bot.slack.calls[before:]
    limited = [c for c in calls if c.response.get("error") == "ratelimited"]
    assert [c.method for c in limited] == ["chat.postMessage"]
    posts = [c for c in calls if c.method == "chat.postMessage" and c.response.get("ok")]
    assert len(posts) == 1                                              # sent once after the wait, not twice
    assert posts[0].at - limited[0].at >= 0.9                           # Retry-After was honoured
