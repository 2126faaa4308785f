"""The whole sandbox, as `concierge sandbox` wires it: Salesforce emulator + Slack stand-in + the real bot
(`concierge run` in a subprocess) + the page. One sandbox per module, shared by the tests below."""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.demo import Sandbox, SandboxConfig
from sandbox.slack import BOT_USER_ID
from tests.sandbox.conftest import artifact_path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "screenshots" / "demo.png"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    config = SandboxConfig(state_dir=tmp_path_factory.mktemp("sandbox"), page_port=0, slack_port=0, bot_port=0,
                           salesforce_port=0, poll_interval=1.0, fresh=True, bot_start_timeout=90)
    with Sandbox(config) as running:
        yield running
    assert running.bot_process is not None and running.bot_process.poll() is not None, "the bot outlived stop()"


def test_a_dm_through_the_stand_in_reaches_the_real_bot_and_its_reply_reaches_the_page(sandbox: Sandbox) -> None:
    standin = sandbox.standin
    delivery = standin.send_dm("U0BOB", "help")
    assert delivery.ok, delivery.response_text
    reply = standin.wait_for_bot_messages("U0BOB", 1, timeout=15)[0]
    assert reply["blocks"] or reply["text"]

    # The page reads the same conversation, and the agent console reaches Salesforce as the agent.
    token = {"X-Sandbox-Token": sandbox.page_token}      # (the page has it as a cookie; localguard.py)
    state = requests.get(f"{sandbox.page_url}api/users/U0BOB/state", timeout=5, headers=token).json()
    assert [m.get("text") for m in state["conversation"]][:2] == ["help", reply["text"]]
    session = requests.get(f"{sandbox.page_url}api/session", timeout=5, headers=token).json()
    assert {e["email"] for e in session["employees"]} >= {"alice@example.com", "erin@example.com"}
    assert session["agent"] == {"enabled": True, "name": "Sam Rivera"}
    cases = requests.get(f"{sandbox.page_url}api/agent/cases", timeout=5, headers=token).json()["cases"]
    assert {"alice@example.com", "bob@example.com"} <= {c["contact_email"] for c in cases}

    # The bot runs as a black box configured by environment only, pointed at the stand-in and emulator.
    env = sandbox.bot_environment(1234)
    assert env["SLACK_API_URL"] == standin.api_url
    assert env["SF_LOGIN_URL"] == sandbox.salesforce_info["login_url"]
    assert env["POLL_INTERVAL_SECONDS"] == "1.0"
    assert env["DATABASE_URL"].startswith("sqlite:///") and str(sandbox.state_dir) in env["DATABASE_URL"]


def test_the_agent_console_acts_as_the_agent_through_the_rest_api(sandbox: Sandbox) -> None:
    from sandbox.web import AgentError

    agent = sandbox.agent
    assert agent is not None
    bob_case = next(c for c in agent.list_cases(include_closed=False) if c["contact_email"] == "bob@example.com")
    agent.add_comment(bob_case["id"], "Checking the battery report now.")
    detail = agent.get_case(bob_case["id"])
    mine = [c for c in detail["comments"] if c["body"] == "Checking the battery report now."]
    assert mine and mine[0]["public"] and mine[0]["author"] == "Sam Rivera"   # CreatedBy = the agent user

    with pytest.raises(AgentError) as refused:   # a restricted picklist: Salesforce's own message comes back
        agent.set_status(bob_case["id"], "Pending Coffee")
    assert "Pending Coffee" in refused.value.message or "picklist" in refused.value.message.lower()
    assert {"New", "Closed", "Waiting for user response"} <= {s["value"] for s in agent.statuses()}

    agent.set_status(bob_case["id"], "Waiting for user response")
    assert agent.get_case(bob_case["id"])["status"] == "Waiting for user response"
    agent.close(bob_case["id"])
    closed = agent.get_case(bob_case["id"])
    assert closed["status"] == "Closed" and closed["closed"]
    assert bob_case["id"] not in {c["id"] for c in agent.list_cases(include_closed=False)}


def test_the_agent_console_replies_by_email_feed_post_and_file_and_the_employee_hears_each_once(
        sandbox: Sandbox) -> None:
    agent, standin = sandbox.agent, sandbox.standin
    assert agent is not None
    case = next(c for c in agent.list_cases(include_closed=False) if c["contact_email"] == "alice@example.com")

    def told(needle: str) -> list[dict[str, Any]]:
        return [m for m in standin.bot_messages("U0ALICE") if needle in json.dumps(m.get("blocks") or m["text"])]

    agent.reply(case["id"], "email", "Please restart the dock.\n\nOn Monday Alice wrote:\n> it blinks")
    agent.reply(case["id"], "feed", "Internal: dock firmware is known bad", public=False)
    agent.reply(case["id"], "feed", "New dock ordered, arrives Friday.")
    agent.reply(case["id"], "file", "", file=("dock-manual.pdf", b"%PDF-1.4"))
    for needle in ("Please restart the dock.", "New dock ordered", "dock-manual.pdf"):
        standin.wait_for(lambda n=needle: told(n), 15)
    calls = sandbox.emulator.api_usage()[0]     # the poller's cycles (one call each) re-read the overlap:
    standin.wait_for(lambda: sandbox.emulator.api_usage()[0] >= calls + 4, 15)      # they must add nothing
    assert [len(told(n)) for n in ("Please restart the dock.", "New dock ordered", "dock-manual.pdf")] == [1, 1, 1]
    assert not told("firmware") and not told("it blinks")


@pytest.mark.browser
def test_the_it_help_channel_files_by_reaction_and_shortcut_and_shows_the_status(sandbox: Sandbox) -> None:
    """The demo's request channel through the page's HTTP endpoints (the page's token as a header): a post, the
    :ticket: reaction, the "File as a case" shortcut; the real bot answers in the threads and reacts on the roots,
    and the agent's close (agent console) turns the root's reaction into the resolved one."""
    http = requests.Session()
    http.headers["X-Sandbox-Token"] = sandbox.page_token
    api = f"{sandbox.page_url}api"
    channel = next(c for c in http.get(f"{api}/session", timeout=5).json()["channels"] if c["name"] == "it-help")
    base = f"{api}/users/U0BOB/channels/{channel['id']}"

    def messages(user: str = "U0BOB") -> list[dict]:
        return http.get(f"{api}/users/{user}/state", params={"channel": channel["id"]}, timeout=5).json()["conversation"]

    def wait_for(predicate: Any, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while not (found := predicate()):
            assert time.monotonic() < deadline, messages()
            time.sleep(0.2)
        return found

    def bot_reactions(ts: str) -> set[str]:
        root = next(m for m in messages() if m["ts"] == ts)
        return {r["name"] for r in root.get("reactions") or [] if BOT_USER_ID in r["users"]}

    def answer_in(ts: str) -> list[dict]:
        return [m for m in messages() if m.get("thread_ts") == ts and m.get("bot_id")]

    text = "The till in the staff canteen freezes on every card payment"   # no article fits: filed at once
    assert http.post(f"{base}/messages", json={"text": text}, timeout=10).json()["ok"]
    root = next(m["ts"] for m in messages() if m.get("text") == text)
    assert http.post(f"{base}/reactions", json={"ts": root}, timeout=10).json()["ok"]
    [filed] = wait_for(lambda: answer_in(root))
    number = re.search(r"\b\d{8}\b", filed["text"]).group(0)
    assert "U0BOB" in filed["text"] and wait_for(lambda: bot_reactions(root) == {"ticket"})

    other = "The stock scanner on the warehouse dock will not sync its counts"
    carol = f"{api}/users/U0CAROL/channels/{channel['id']}"
    assert http.post(f"{carol}/messages", json={"text": other}, timeout=10).json()["ok"]
    second = next(m["ts"] for m in messages() if m.get("text") == other)
    assert http.post(f"{base}/shortcut", json={"ts": second}, timeout=10).json()["ok"]   # Bob files Carol's
    wait_for(lambda: answer_in(second))
    assert "U0CAROL" in answer_in(second)[0]["text"]

    agent = sandbox.agent
    assert agent is not None
    case = next(c for c in agent.list_cases(include_closed=False) if c["number"] == number)
    assert http.post(f"{api}/agent/cases/{case['id']}/close", json={}, timeout=10).json()["ok"]
    wait_for(lambda: bot_reactions(root) == {"white_check_mark"})                  # the poller, every second
    assert len(answer_in(root)) == 1 and len(answer_in(second)) == 1


def test_a_newcomer_gets_articles_files_a_case_comments_hears_from_an_agent_closes_and_reopens(
        sandbox: Sandbox, page: Any) -> None:
    def shot(step: str) -> None:
        page.screenshot(path=str(artifact_path("newcomer", step)))

    def bot_messages() -> Any:
        return page.locator('#messages .msg[data-from="bot"]')

    def console_status() -> str:
        return page.locator("#agent-detail .detail-grid .status").inner_text()

    # Carol has no cases yet (the seed gives Alice and Bob some), like a newcomer
    page.goto(f"{sandbox.open_url}&as=U0CAROL")
    page.locator("#live.live-on").wait_for()
    assert page.locator("#me-name").inner_text() == "Carol Diaz"
    shot("01-open")

    # 1. Describe a problem: the demo has Knowledge on, so the articles that fit come first (nothing filed yet);
    #    "File my case" files it without a second description, and the confirmation card shows its number
    page.fill("#composer-input", "my VPN keeps disconnecting since this morning")
    page.keyboard.press("Enter")
    answer = bot_messages().filter(has=page.get_by_role("button", name="File my case")).last
    answer.wait_for()
    assert "VPN keeps disconnecting" in answer.inner_text() and answer.get_by_role("button", name="This fixed it").count() == 1
    assert not re.search(r"\b\d{8}\b", answer.inner_text())
    shot("02-answer")
    answer.get_by_role("button", name="File my case").click()
    card = bot_messages().filter(has_text="VPN keeps disconnecting since this morning").first
    card.locator(".bk-actions").wait_for()
    number = re.search(r"\b\d{8}\b", card.inner_text()).group(0)
    shot("03-filed")
    detail = sandbox.agent.get_case(next(c["id"] for c in sandbox.agent.list_cases() if c["number"] == number))
    assert "Tried before filing" in (detail["description"] or "")      # the articles shown are on the case

    # 2. Its status card (slash command typed in the composer) -> "Add comment" -> the modal -> submit
    page.fill("#composer-input", f"/case {number}")
    page.keyboard.press("Enter")
    status_card = bot_messages().filter(has_text=number).filter(
        has=page.get_by_role("button", name="Add comment")).filter(has=page.get_by_role("button", name="Close")).last
    status_card.wait_for()
    status_card = page.locator(f'#messages .msg[data-ts="{status_card.get_attribute("data-ts")}"]')  # pin it
    status_card.get_by_role("button", name="Add comment").click()
    modal = page.get_by_role("dialog")
    modal.locator("textarea").fill("It fails right after the 2FA prompt.")
    shot("04-comment-modal")
    replies_before = bot_messages().count()
    modal.locator('button[data-role="submit"]').click()
    modal.wait_for(state="detached")
    page.wait_for_function("n => document.querySelectorAll('#messages .msg[data-from=\"bot\"]').length > n",
                           arg=replies_before)   # the bot confirms in the DM

    # 3. The agent opens the case in the console: the employee's comment is there; the agent answers
    page.locator(f'#agent-cases [data-case-number="{number}"]').click()
    page.locator("#agent-detail .comment-body", has_text="It fails right after the 2FA prompt.").wait_for()
    page.fill("#agent-comment", "Could you restart the VPN client and try once more?")
    posted = time.monotonic()
    page.click("#agent-post-comment")

    # 4. The notification arrives in the DM, live (poller -> stand-in -> SSE), within seconds
    notification = bot_messages().filter(has_text="Could you restart the VPN client").last
    notification.wait_for(timeout=15_000)
    latency = time.monotonic() - posted
    assert latency < 10, f"the notification took {latency:.1f}s"
    page.locator("#messages-pane .messages-scroll").evaluate("el => el.scrollTop = el.scrollHeight")
    shot("05-notification")
    if os.environ.get("CONCIERGE_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifact_path("newcomer", "05-notification"), SCREENSHOT)

    # 5. Close it from the status card (confirming if the bot asks), then reopen it from the closed card
    status_card.get_by_role("button", name="Close").click()
    confirm = page.get_by_role("alertdialog")
    if confirm.count():
        confirm.locator('[data-role="confirm"]').click()
    closed_card = bot_messages().filter(has_text=number).filter(
        has=page.get_by_role("button", name="Reopen")).last
    closed_card.wait_for()
    assert number in closed_card.inner_text()
    page.wait_for_function("n => document.querySelector('#agent-detail .detail-grid .status')"
                           "?.textContent.startsWith('Closed')", arg=number, timeout=10_000)
    shot("06-closed")
    closed_card.get_by_role("button", name="Reopen").click()
    page.wait_for_function("() => document.querySelector('#agent-detail .detail-grid .status')"
                           "?.textContent === 'Reopened'", timeout=10_000)
    assert console_status() == "Reopened"
    shot("07-reopened")

    # 6. The App Home tab lists the case with its buttons
    page.click("#tab-home")
    page.locator("#home").get_by_text(number).first.wait_for()
    assert page.locator("#home .bk-button").count() > 0
    shot("08-home")

    # 7. The case number links to the record in Salesforce: on the page it opens the case in the console
    page.click("#agent-detail .link-button")          # back to the list first
    page.locator("#home a", has_text=number).first.click()
    page.locator("#agent-detail .detail-title", has_text=number).wait_for()
    assert len(page.context.pages) == 1               # no new tab on the emulator's (page-less) URL
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_concierge_sandbox_prints_the_url_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    """The real command: it says where to go, serves the page, and Ctrl-C ends everything without a traceback
    (even with a page's live stream open)."""
    import signal
    import subprocess
    import sys
    import threading

    command = [sys.executable, "-m", "concierge", "sandbox", "--state-dir", str(tmp_path / "state"), "--fresh",
               "--port", "0", "--slack-port", "0", "--bot-port", "0", "--salesforce-port", "0"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if "Press Ctrl-C to stop." in line:
                ready.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(100), "".join(output)  # (the first run may train the intent model)
        opened = re.search(r"Open\s+(http://127\.0\.0\.1:\d+/)\?token=(\S+)", "".join(output))
        url, token = opened.group(1), {"X-Sandbox-Token": opened.group(2)}
        bot_url = re.search(r"Bot \(concierge run\)\s+(http://127\.0\.0\.1:\d+)", "".join(output)).group(1)
        sf_url = re.search(r"Salesforce emulator\s+(https://127\.0\.0\.1:\d+)", "".join(output)).group(1)
        slack_url = re.search(r"Slack stand-in\s+(http://127\.0\.0\.1:\d+/\S*)", "".join(output)).group(1)
        bot_pid = int((tmp_path / "state" / "bot.pid").read_text())
        assert "Concierge sandbox" in requests.get(opened.group(0).split()[-1], timeout=5).text
        assert requests.get(f"{url}api/session", timeout=5).status_code == 403     # not without the run's token
        assert requests.get(f"{bot_url}/healthz", timeout=5).status_code == 200
        stream = requests.get(f"{url}api/stream?user=U0ALICE", stream=True, timeout=5,  # a page left open
                              headers=token)
        assert stream.status_code == 200
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0, "".join(output)
        assert time.monotonic() - started < 15
        stream.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(5)
    text = "".join(output)
    assert "Traceback" not in text, text
    assert "Sandbox stopped." in text
    with pytest.raises(requests.ConnectionError):  # the bot subprocess is gone too
        requests.get(f"{bot_url}/healthz", timeout=2)
    for gone in (sf_url + "/services/oauth2/token", slack_url + "api.test"):  # and every server it started
        with pytest.raises(requests.ConnectionError):
            requests.get(gone, timeout=2, verify=False)
    assert not _alive(bot_pid) and not (tmp_path / "state" / "bot.pid").exists()


def _alive(pid: int) -> bool:
    """True while `pid` is a running (not zombie) process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_while_the_sandbox_is_starting_leaves_nothing_behind(tmp_path: Path) -> None:
    """Ctrl-C before the banner (the bot still starting) also ends at once, quietly, with the bot stopped."""
    import signal
    import subprocess
    import sys

    state = tmp_path / "state"
    command = [sys.executable, "-m", "concierge", "sandbox", "--state-dir", str(state), "--fresh",
               "--port", "0", "--slack-port", "0", "--bot-port", "0", "--salesforce-port", "0"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (state / "bot.pid").exists():          # the bot subprocess has been started
            assert process.poll() is None and time.monotonic() < deadline, "the bot was never started"
            time.sleep(0.02)
        bot_pid = int((state / "bot.pid").read_text())
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in (0, 130), out
    assert "Traceback" not in out and "Sandbox stopped." in out, out
    assert "Concierge sandbox is running" not in out or "Stopping the sandbox" in out
    deadline = time.monotonic() + 5
    while _alive(bot_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(bot_pid), "the bot subprocess outlived the sandbox"


def test_concierge_doctor_says_the_sandbox_is_ready(sandbox: Sandbox) -> None:
    import subprocess
    import sys
    env = sandbox.bot_environment(0)         # the running bot's own settings
    proc = subprocess.run([sys.executable, "-m", "concierge", "doctor"], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Ready: Concierge can run with these settings" in proc.stdout
    assert "tables present and current" in proc.stdout          # the running bot created them


@pytest.mark.browser
def test_an_article_written_in_the_agent_console_answers_the_next_employee(sandbox: Sandbox, page: Any) -> None:
    """The console's New article form publishes through the REST API; the bot's next answer finds it."""
    page.goto(f"{sandbox.open_url}&as=U0DAN")
    page.locator("#live.live-on").wait_for()
    page.click("#agent-new-article")
    page.fill("#article-title", "Zebra label printer shows Ribbon out")
    page.fill("#article-summary", "Load a new ribbon roll, shiny side out, and hold Feed to calibrate.")
    page.fill("#article-body", "Open the cover and load the ribbon.\n\nHold Feed for 2 seconds to calibrate.")
    page.select_option("#article-category", "Printer")
    page.screenshot(path=str(artifact_path("article", "01-form")))
    page.click("#article-publish")
    page.locator(".toast", has_text="Published article").wait_for()
    page.locator("#agent-article").wait_for(state="hidden")

    page.fill("#composer-input", "the zebra label printer says ribbon out")
    page.keyboard.press("Enter")
    answer = page.locator('#messages .msg[data-from="bot"]').filter(
        has=page.get_by_role("button", name="File my case")).last
    answer.wait_for()
    assert "Zebra label printer shows Ribbon out" in answer.inner_text()
    page.screenshot(path=str(artifact_path("article", "02-answered")))
    assert page.js_errors == [], "\n".join(page.js_errors)
