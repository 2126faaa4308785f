"""`concierge run` as a black box: only the documented environment, HTTP mode, a DM answered."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from runtime.serving import free_port
from sandbox.slack import SlackStandIn
from tests.plugins.slack import BOT_TOKEN, SIGNING_SECRET
from slackui import ids

APP_TOKEN = "xapp-1-test-socket-mode"

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_concierge_run_serves_http_answers_and_notifies(slack, sf, tmp_path):
    creds = sf.info["clients"]["integration"]
    port = free_port()
    # alice talks to the bot right before the agent's comment: notices would wait for her exchange to end
    org_file = tmp_path / "org.yml"
    org_file.write_text("notifications:\n  talk_window_seconds: 0\n", encoding="utf-8")
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack.api_url, "PORT": str(port), "HOST": "127.0.0.1",
           "SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
           "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
           "SF_API_VERSION": sf.info["api_version"], "DATABASE_URL": f"sqlite:///{tmp_path}/state.sqlite",
           "RUN_POLLER": "true", "POLL_INTERVAL_SECONDS": "1", "CONCIERGE_CONFIG": str(org_file)}
    env.pop("SLACK_APP_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "concierge", "run"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                if health.status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.time() < deadline, "concierge run did not become healthy"
            time.sleep(0.2)
        assert health.json()["ok"] is True
        slack.events_url = f"http://127.0.0.1:{port}/slack/events"
        assert slack.send_dm("alice", "show my cases").status == 200
        # alice's seeded open cases, read from the emulator (the poller may DM her a nudge meanwhile)
        slack.wait_for(lambda: any("open case" in m["text"] for m in slack.bot_messages("alice")), timeout=20)
        assert slack.post_raw("{}", signature="v0=bad").status_code == 401

        # the poller runs in the same process: an agent's comment reaches the employee
        slack.send_dm("alice", "The projector in meeting room 4 shows no signal")
        filed = slack.wait_for(lambda: next((m for m in slack.bot_messages("alice")
                                             if "filed case" in m["text"].lower()), None), timeout=20)
        case_id = next(el["value"] for b in filed["blocks"] if b["type"] == "actions" for el in b["elements"]
                       if el["action_id"] == ids.CLOSE_CASE)
        agent = sf.salesforce("agent")
        try:
            agent.CaseComment.create({"ParentId": case_id, "IsPublished": True,
                                      "CommentBody": "Please try the new VPN profile"})
        finally:
            agent.session.close()
        slack.wait_for(lambda: any("new VPN profile" in str(m) for m in slack.bot_messages("alice")), timeout=30)
        time.sleep(2.5)  # a few more (idle) poll cycles
        ready = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "salesforce": "ok", "poller": "ok"}
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert 'this_replica="true"' in metrics and "concierge_poll_cycle_seconds_count" in metrics
        assert re.search(r'concierge_notifications\{kind="[a-z_]+",outcome="sent"\} 1', metrics), metrics
        assert 'concierge_slack_requests_total{kind="event:message",outcome="ok"}' in metrics
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    log = proc.stdout.read()
    # quiet by default: no APScheduler line per job run, one line for the cycle that sent the notification
    assert "apscheduler" not in log, log[-2000:]
    poller_lines = [line for line in log.splitlines() if "poller: " in line]
    assert poller_lines and all("notification(s) sent" in line for line in poller_lines), log[-2000:]
    handled = [line for line in log.splitlines() if "handled event:message" in line]
    assert len(handled) == 2 and all("[req=Ev" in line for line in handled), log[-2000:]
    for secret in (BOT_TOKEN, SIGNING_SECRET, creds["client_secret"], "projector in meeting room"):
        assert secret not in log


@pytest.mark.slow
def test_concierge_run_in_socket_mode(sf, tmp_path):
    creds = sf.info["clients"]["integration"]
    ops_port = free_port()
    with SlackStandIn(SIGNING_SECRET, BOT_TOKEN, app_token=APP_TOKEN) as slack:
        env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN,
               "SLACK_SIGNING_SECRET": "", "SLACK_API_URL": slack.api_url,
               "SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
               "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
               "SF_API_VERSION": sf.info["api_version"], "DATABASE_URL": f"sqlite:///{tmp_path}/state.sqlite",
               "RUN_POLLER": "false", "METRICS_PORT": str(ops_port), "HOST": "127.0.0.1", "LOG_FORMAT": "json"}
        proc = subprocess.Popen([sys.executable, "-m", "concierge", "run"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert slack.socket_mode.wait_connected(60), "the bot did not open a Socket Mode connection"
            ready = requests.get(f"http://127.0.0.1:{ops_port}/readyz", timeout=10)
            assert ready.status_code == 200 and ready.json()["checks"]["socket_mode"] == "ok", ready.text
            first = slack.send_dm("carol", "The projector in meeting room 4 shows no signal")
            assert first.status == 200  # acked over the socket
            again = slack.redeliver(first, retry_num=1, reason="timeout")  # Socket Mode retries too
            assert again.status == 200
            [reply] = slack.wait_for_bot_messages("carol", 1, timeout=20)
            assert "filed case" in reply["text"]
            help_ = slack.slash("carol", "/case", "help")
            assert "/case new" in str(help_.json())  # the ack's response payload
            time.sleep(0.5)
            assert len(slack.bot_messages("carol")) == 1
            metrics = requests.get(f"http://127.0.0.1:{ops_port}/metrics", timeout=5).text
            assert 'concierge_slack_requests_total{kind="event:message",outcome="duplicate"} 1.0' in metrics
            assert 'concierge_slack_requests_total{kind="command",outcome="ok"} 1.0' in metrics
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    records = [json.loads(line) for line in proc.stdout.read().splitlines() if line.startswith("{")]
    handled = [r for r in records if r["message"].startswith("handled ")]
    assert {r["message"].split()[1] for r in handled} == {"event:message", "command"}
    assert all(r["request_id"] and len(r["reference"]) == 4 for r in handled)


def test_concierge_run_refuses_client_credentials_on_login_salesforce_com(tmp_path, monkeypatch, capsys):
    from runtime.run import main
    for name, value in {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                        "SF_LOGIN_URL": "https://login.salesforce.com", "SF_CLIENT_ID": "id",
                        "SF_CLIENT_SECRET": "secret", "SF_AUTH_FLOW": "client_credentials",
                        "DATABASE_URL": f"sqlite:///{tmp_path}/state.sqlite"}.items():
        monkeypatch.setenv(name, value)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "request not supported on this domain" in err and "My Domain" in err
    assert not (tmp_path / "state.sqlite").exists()     # refused before anything started
