"""The guard in front of Bolt (bot/guard.py, runtime/web.py): size first, then the signature on the raw bytes, then
the parse; whatever is refused gets a plain status (413, 401, 400), one short log line without the body, and no
Slack call. Driven over HTTP against the real app; the pure checks are unit-tested at the end."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.parse

import pytest
import requests

from bot.guard import BadRequest, parse_body, signature_problem
from sandbox.slack import sign
from tests.plugins.slack import SIGNING_SECRET

MARKER = "SECRET-BODY-TEXT-7731"


def _click_body(user: str = "U0AMY") -> str:
    """A block_actions payload naming a person (what an attacker would put in an unsigned body)."""
    payload = {"type": "block_actions", "user": {"id": user, "name": "amy"}, "trigger_id": "1.2.x",
               "team": {"id": "T0CONCIERGE"}, "container": {"type": "message", "channel_id": "D0X"},
               "actions": [{"action_id": "case_view", "value": "500000000000001", "type": "button",
                            "text": {"type": "plain_text", "text": MARKER}}]}
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def _post(bot, body: bytes | str, headers: dict[str, str]) -> requests.Response:
    data = body.encode() if isinstance(body, str) else body
    return requests.post(bot.events_url, data=data, headers=headers, timeout=10)


def _signed_headers(body: bytes | str, content_type: str = "application/json") -> dict[str, str]:
    """Slack's headers for `body` (bytes: signed as they are, even when they are not UTF-8)."""
    ts = str(int(time.time()))
    raw = body if isinstance(body, bytes) else body.encode()
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("headers", [
    {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=é" + "0" * 63},
    {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "garbage"},
    {},
])
def test_an_unverifiable_request_is_refused_without_messaging_anyone(bot, headers):
    before = len(bot.slack.calls)
    body = _click_body()
    raw_headers = {"Content-Type": FORM, **{k: v.encode("utf-8") for k, v in headers.items()}}
    r = requests.post(bot.events_url, data=body.encode(), headers=raw_headers, timeout=10)
    assert r.status_code == 401
    assert "Traceback" not in r.text
    time.sleep(0.3)   # an answer to the person named in the body, if any, would have been sent by now
    assert bot.slack.calls[before:] == [] and bot.slack.bot_messages("amy") == []


def test_a_refused_request_is_one_short_log_line_without_its_body(bot, caplog):
    caplog.set_level(logging.DEBUG)
    body = _click_body().replace("amy", "amy\n2099-01-01 INFO forged line " + "x" * 2000)
    r = _post(bot, body, {"Content-Type": FORM, "X-Slack-Request-Timestamp": str(int(time.time()) - 3600),
                          "X-Slack-Signature": sign(SIGNING_SECRET, str(int(time.time()) - 3600), body)})
    assert r.status_code == 401
    assert not [rec for rec in caplog.records if MARKER in rec.getMessage() or "forged" in rec.getMessage()]
    refused = [rec for rec in caplog.records if "refused" in rec.getMessage()]
    assert len(refused) == 1 and len(refused[0].getMessage()) < 200 and "\n" not in refused[0].getMessage()


@pytest.mark.bot_settings(MAX_REQUEST_BYTES=4096)
def test_a_body_over_the_cap_is_refused_before_it_is_read(bot):
    big = json.dumps({"type": "event_callback", "pad": "x" * 10_000})
    r = _post(bot, big, _signed_headers(big))
    assert r.status_code == 413

    def chunks():   # no Content-Length: chunked transfer, counted while read
        for _ in range(10):
            yield b"x" * 1000
    r = requests.post(bot.events_url, data=chunks(), headers={
        "Content-Type": FORM, "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64}, timeout=10)
    assert r.status_code in (401, 413)   # refused either way, never read whole
    r = requests.post(bot.events_url, data=chunks(), headers=_signed_headers(b"x" * 10_000, FORM), timeout=10)
    assert r.status_code == 413


@pytest.mark.parametrize(("body", "content_type"), [
    (b"{not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'"just a string"', "application/json"),
    (b'{"type": "event_callback", "event": "\xff\xfe"}', "application/json"),
    (b"{" * 5000 + b"}" * 5000, "application/json"),
    (b'{"a":' * 200 + b"1" + b"}" * 200, "application/json"),
    (b"payload=not-json", FORM),
    (b"payload=%5B1%2C2%5D", FORM),
    (b"payload=1", FORM),
    (b"payload=%7B%7D&payload=%7B%7D", FORM),
    (b"payload=%FF%FE", FORM),
    (b"\xff\xfe=1", FORM),
    (b"<xml/>", "text/xml"),
])
def test_a_malformed_signed_body_is_a_plain_400(bot, body, content_type):
    before = len(bot.slack.calls)
    r = _post(bot, body, _signed_headers(body, content_type))
    assert r.status_code == 400, r.text
    assert "Traceback" not in r.text
    time.sleep(0.1)
    assert bot.slack.calls[before:] == []


def test_a_signed_request_still_gets_through(bot, h):
    [reply] = h.say("amy", "help")
    assert reply["text"]


def test_a_slash_command_that_mentions_payload_is_read_as_the_command_it_is(bot):
    """Bolt alone reads any form containing "payload" as interactivity (and finds none): the guard's reading wins."""
    d = bot.slack.slash("amy", "/case", "help payload")
    assert d.status == 200, d.response_text


# ---------------------------------------------------------------------------------------------- pure checks
NOW = 1_700_000_000.0


def _sig(body: bytes, ts: str) -> str:
    return sign(SIGNING_SECRET, ts, body.decode())


@pytest.mark.parametrize(("timestamp", "signature", "problem"), [
    (str(int(NOW)), None, None),
    (str(int(NOW) - 299), None, None),
    (str(int(NOW) - 301), None, "stale"),
    (str(int(NOW) + 301), None, "stale"),
    ("", None, "missing"),
    ("abc", None, "malformed"),
    ("１７００００００００", None, "malformed"),      # full-width digits: int() takes them, Slack never sends them
    (str(int(NOW)), "", "missing"),
    (str(int(NOW)), "v0=é", "malformed"),
    (str(int(NOW)), "v1=" + "0" * 64, "malformed"),
    (str(int(NOW)), "v0=" + "0" * 64, "mismatch"),
])
def test_signature_problem(timestamp, signature, problem):
    body = b'{"type":"event_callback"}'
    if signature is None:
        signature = _sig(body, timestamp)
    assert signature_problem(SIGNING_SECRET, timestamp, signature, body, now=NOW) == problem


def test_signature_problem_without_a_secret_refuses_everything():
    body = b"{}"
    ts = str(int(NOW))
    assert signature_problem("", ts, sign("", ts, "{}"), body, now=NOW) == "no signing secret"


def test_parse_body_reads_what_slack_sends():
    assert parse_body(b'{"type":"event_callback"}', "application/json") == {"type": "event_callback"}
    assert parse_body(b"payload=%7B%22type%22%3A%22block_actions%22%7D", FORM) == {"type": "block_actions"}
    assert parse_body(b"command=%2Fcase&text=list&user_id=U1", FORM) == \
        {"command": "/case", "text": "list", "user_id": "U1"}
    assert parse_body(b"command=%2Fcase&text=&user_id=U1", FORM + "; charset=utf-8")["text"] == ""
    with pytest.raises(BadRequest):
        parse_body(b"command=a&command=b", FORM)
