"""Operating the bot: /metrics after real traffic, /readyz following the database, request ids in log lines and
error replies, no secret in any log line."""
from __future__ import annotations

import io
import json
import logging
import re
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from slackui import ids
from bot.app import create_client
from runtime.health import Readiness
from runtime.logs import make_handler
from runtime.web import BackgroundServer, create_ops_app
from notifications import Poller
from tests.bot.conftest import buttons
from tests.notifications.world import talk_ignored


def _samples(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    r = requests.get(url + "/metrics", timeout=5)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(r.text) for s in family.samples}


def _value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def _wait_until(condition, timeout: float = 10) -> None:
    """Re-check `condition` until it holds (the bot counts and logs a delivery when its work ends, just after
    its reply is posted, so the reply alone does not mean it is counted yet)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        threading.Event().wait(0.05)


def _wait_for_sample(bot, name: str, minimum: float, **labels: str) -> dict:
    """Scrape until a sample reaches `minimum`; returns that scrape."""
    scrape: dict = {}

    def reached() -> bool:
        nonlocal scrape
        scrape = _samples(bot.server.url)
        return _value(scrape, name, **labels) >= minimum
    _wait_until(reached)
    return scrape


def test_metrics_after_real_traffic(bot, h, sf_agent):
    [filed] = h.say("amy", "The projector in room 4 shows no picture")          # files a case
    [case] = h.open_cases("amy")
    assert ids.ATTACH_FILE in buttons(filed)
    h.click("amy", ids.ATTACH_FILE, case.id)                          # explains how to attach a file
    bot.slack.rate_limit(calls=1, retry_after=0)                     # Slack's 429, waited out by the client
    h.say("amy", "help")
    s = _wait_for_sample(bot, "concierge_slack_requests_total", 2, kind="event:message", outcome="ok")

    assert _value(s, "concierge_slack_requests_total", kind="block_actions", outcome="ok") >= 1
    assert _value(s, "concierge_slack_ack_seconds_count", kind="event:message") >= 2
    assert _value(s, "concierge_slack_reply_seconds_count", kind="event:message") >= 2
    assert _value(s, "concierge_slack_api_calls_total", method="chat.postMessage", outcome="ok") >= 3
    assert _value(s, "concierge_slack_api_calls_total", method="views.publish", outcome="ok") >= 1
    assert sum(v for (n, labels), v in s.items() if n == "concierge_slack_api_calls_total"
               and ("outcome", "ratelimited") in labels) == 1
    assert _value(s, "concierge_intent_confidence_count", intent="file_case") >= 1
    sf_ok = {dict(labels)["operation"]: v for (n, labels), v in s.items()
             if n == "concierge_salesforce_calls_total" and ("outcome", "ok") in labels}
    assert sf_ok and all(v >= 1 for v in sf_ok.values())
    used, limit = _value(s, "concierge_salesforce_api_usage"), _value(s, "concierge_salesforce_api_limit")
    assert 0 < used < limit                                          # from Sforce-Limit-Info
    assert _value(s, "concierge_outbox_depth") == 0
    if sys.platform == "linux":                                      # the process collector reads /proc
        assert _value(s, "process_resident_memory_bytes") > 10e6     # this test process: well over 10 MB
        assert _value(s, "process_open_fds") > 0

    # a poll cycle after an agent's comment: its duration, changes, the notification sent, the lease holder
    client = create_client(bot.settings.slack_bot_token, bot.settings.slack_api_url,
                           counter=bot.metrics.api_call_counter())
    poller = Poller(store=bot.store, desk=bot.desk, client=client,
                    overlap_seconds=5, per_conversation_interval=0, interval_seconds=5, org=talk_ignored(bot.desk.org))
    bot.metrics.observe_job(poller.run_once())
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which room exactly?", "IsPublished": True})
    report = poller.run_once()
    bot.metrics.observe_job(report)
    assert report.sent == 1
    s = _samples(bot.server.url)
    assert _value(s, "concierge_poll_cycle_seconds_count") == 2
    assert _value(s, "concierge_poll_changes_sum") >= 1
    assert 0 <= _value(s, "concierge_poll_last_good_age_seconds") < 5
    assert sum(v for (n, labels), v in s.items() if n == "concierge_notifications"
               and ("outcome", "sent") in labels) == 1
    assert _value(s, "concierge_poller_lease", holder=poller.holder, this_replica="false") == 1


def test_salesforce_failures_are_counted_by_outcome(bot, h):
    h.say("amy", "show my cases")  # signs in
    bot.sf.set_fault("unavailable")
    try:
        h.say("amy", "what's the status of 00009999")
    finally:
        bot.sf.clear_faults()
    s = _samples(bot.server.url)
    assert sum(v for (n, labels), v in s.items() if n == "concierge_salesforce_calls_total"
               and ("outcome", "unavailable") in labels) >= 1


def test_outbox_depth_and_age_follow_an_outage(bot, h):
    h.say("amy", "show my cases")  # the employee is known before Salesforce goes away
    bot.sf.set_fault("unavailable")
    try:
        h.say("amy", "My monitor flickers every few minutes")  # queued in the outbox
        s = _samples(bot.server.url)
    finally:
        bot.sf.clear_faults()
    assert _value(s, "concierge_outbox_depth") == 1
    assert 0 <= _value(s, "concierge_outbox_oldest_age_seconds") < 60


def test_the_salesforce_calls_of_a_delivery_carry_its_request_id(bot, h):
    buffer = io.StringIO()
    handler = make_handler(buffer)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        h.say("amy", "show my cases")
        _wait_until(lambda: "handled event:message" in buffer.getvalue())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    lines = buffer.getvalue().splitlines()
    [handled] = [line for line in lines if "handled event:message" in line]
    tag = re.search(r"\[req=\S+ ref=\w{4}\]", handled).group(0)
    calls = [line for line in lines if "servicecloud.client" in line and "salesforce GET" in line]
    assert calls and all(tag in line for line in calls)


# ------------------------------------------------------------------------------------------ readiness
@pytest.fixture
def pg_role(pg_url) -> Iterator[tuple[str, str, object]]:
    """A login role of its own on the test's schema: (its URL, its name, an admin connection). Taking its
    LOGIN away and ending its sessions makes the database unreachable for this store only."""
    import psycopg
    from sqlalchemy.engine import make_url

    from tests.plugins.database import _admin_conninfo
    url = make_url(pg_url)
    schema = re.search(r"search_path%3D(\w+)", pg_url) or re.search(r"search_path=(\w+)", pg_url)
    assert schema
    role = f"r_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(_admin_conninfo(pg_url), autocommit=True)
    admin.execute(f'CREATE ROLE "{role}" LOGIN')
    admin.execute(f'GRANT ALL ON SCHEMA "{schema.group(1)}" TO "{role}"')
    try:
        yield url.set(username=role).render_as_string(hide_password=False), role, admin
    finally:
        admin.execute(f'ALTER ROLE "{role}" NOLOGIN')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
        admin.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')
        admin.close()


@pytest.mark.postgres
def test_readiness_follows_the_database(pg_role, desk):
    from store import Store
    url, role, admin = pg_role
    store = Store(url)
    server = BackgroundServer(create_ops_app(readiness=Readiness(store=store, desk=desk))).start()
    try:
        ready = requests.get(server.url + "/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "salesforce": "ok"}

        admin.execute(f'ALTER ROLE "{role}" NOLOGIN')  # type: ignore[attr-defined]
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # type: ignore[attr-defined]
                      "WHERE usename = %s", (role,))
        down = requests.get(server.url + "/readyz", timeout=10)
        assert down.status_code == 503
        assert down.json()["ok"] is False and down.json()["checks"]["database"].startswith("unreachable")
        assert down.json()["checks"]["salesforce"] == "ok"
        assert requests.get(server.url + "/healthz", timeout=5).status_code == 200  # alive all the same

        admin.execute(f'ALTER ROLE "{role}" LOGIN')  # type: ignore[attr-defined]
        again = requests.get(server.url + "/readyz", timeout=10)
        if again.status_code != 200:  # the pool may hand out one connection ended while it was down
            again = requests.get(server.url + "/readyz", timeout=10)
        assert again.status_code == 200, again.text
    finally:
        server.stop()
        store.close()


def test_readiness_names_a_poller_that_stopped_cycling(bot):
    poller = Poller(store=bot.store, desk=bot.desk, client=bot.app.client, interval_seconds=0.05,
                    per_conversation_interval=0)
    poller.run_once()  # takes the lease; no good cycle is recorded for it
    readiness = Readiness(store=bot.store, desk=bot.desk, poller=poller, last_good_cycle=lambda: None)
    _wait_until(lambda: not readiness.check()["ok"])
    assert "no good cycle" in readiness.check()["checks"]["poller"]
    other = Readiness(store=bot.store, desk=bot.desk, poller=Poller(store=bot.store, desk=bot.desk,
                                                                     client=bot.app.client, interval_seconds=0.05))
    assert "poller" not in other.check()["checks"]  # a standby replica is not judged by the poller


def test_readiness_names_a_salesforce_that_refuses_the_sign_in(make_desk, sf, store):
    desk = make_desk()  # not signed in yet: the check signs in
    readiness = Readiness(store=store, desk=desk, signin_retry=0)
    sf.set_fault("unavailable")
    try:
        report = readiness.check()
    finally:
        sf.clear_faults()
    assert report["ok"] is False and report["checks"]["database"] == "ok"
    assert report["checks"]["salesforce"].startswith("not signed in (SalesforceUnavailable")
    assert readiness.check() == {"ok": True, "checks": {"database": "ok", "salesforce": "ok"}}


# ------------------------------------------------------------------------------------------ logs
@pytest.fixture
def log_lines(bot) -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = make_handler(buffer, secrets=bot.settings.secrets())
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_request_ids_in_logs_and_error_replies_and_no_secret_logged(bot, h, log_lines):
    secret_text = "my badge number is 4471-SECRET-TEXT"
    h.say("amy", f"The projector in room 4 shows no picture, {secret_text}")
    bot.sf.set_fault("unavailable")
    try:
        [reply] = h.say("amy", "what's the status of 00009999")
    finally:
        bot.sf.clear_faults()
    match = re.search(r"reference ([A-Z2-7]{4})", reply["text"])
    assert match, reply["text"]
    _wait_until(lambda: log_lines.getvalue().count("handled event:message") >= 2)
    lines = log_lines.getvalue().splitlines()
    handled = [line for line in lines if "handled event:message" in line]
    assert len(handled) == 2 and all(re.search(r"\[req=Ev\w+ ref=[A-Z2-7]{4}\]", line) for line in handled)
    failing = [line for line in lines if f"ref={match.group(1)}" in line]
    assert any("Salesforce unavailable" in line for line in failing)         # the failure, findable by reference
    assert any("outcome=unavailable" in line for line in failing)
    access_token = bot.desk.client.token.access_token
    for secret in [*filter(None, bot.settings.secrets()), access_token, secret_text, "projector in room 4"]:
        assert secret not in log_lines.getvalue()


def test_json_log_lines_carry_the_request_id(bot, h):
    buffer = io.StringIO()
    handler = make_handler(buffer, log_format="json")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        h.say("amy", "help")
        _wait_until(lambda: "handled event:message" in buffer.getvalue())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    [handled] = [r for r in records if r["message"].startswith("handled event:message")]
    assert handled["request_id"].startswith("Ev") and len(handled["reference"]) == 4
    assert {"time", "level", "logger"} <= set(handled)
