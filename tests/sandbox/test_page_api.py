"""The page's HTTP API over a recording fake of the Slack side (no bot, no Salesforce, no browser)."""
from __future__ import annotations

import asyncio
import base64
import threading
from typing import Any, Callable

import warnings

import pytest

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project ships
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

from sandbox.web import ChangeHub, DeliveryError, Employee, UploadedFile, create_app


class RecordingChat:
    """A ChatBackend that records what the page asked for."""

    bot_name = "Concierge"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.subscribers: list[Callable[[str | None, str], None]] = []
        self.fail_with: DeliveryError | None = None

    def employees(self) -> list[Employee]:
        return [Employee("U0ALICE", "Alice Johnson", "alice@example.com"),
                Employee("U0ERIN", "Erin Walsh", "erin@example.com", note="no contact")]

    def _record(self, name: str, *args: Any) -> None:
        if self.fail_with:
            raise self.fail_with
        self.calls.append((name, args))

    def send_message(self, user_id: str, text: str, files: list[UploadedFile]) -> None:
        self._record("send_message", user_id, text, files)

    def reply_in_thread(self, user_id: str, thread_ts: str, text: str) -> None:
        self._record("reply_in_thread", user_id, thread_ts, text)

    def slash_command(self, user_id: str, command: str, text: str) -> None:
        self._record("slash_command", user_id, command, text)

    def click(self, user_id: str, action: dict[str, Any], *, message_ts=None, view_id=None) -> None:
        self._record("click", user_id, action, message_ts, view_id)

    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, Any] | None:
        self._record("submit_view", user_id, view_id, values)
        return {"response_action": "errors", "errors": {"comment_block": "Too short"}}

    def close_view(self, user_id: str, view_id: str) -> None:
        self._record("close_view", user_id, view_id)

    def open_home(self, user_id: str) -> None:
        self._record("open_home", user_id)

    def upload_file(self, user_id: str, file: UploadedFile) -> dict[str, Any]:
        self._record("upload_file", user_id, file)
        return {"id": "F1", "name": file.name, "size": len(file.content)}

    def channels(self) -> list[dict[str, Any]]:
        return [{"id": "C0ITHELP", "name": "it-help"}]

    def post_in_channel(self, user_id: str, channel: str, text: str, thread_ts: str | None) -> None:
        self._record("post_in_channel", user_id, channel, text, thread_ts)

    def react(self, user_id: str, channel: str, ts: str, name: str) -> None:
        self._record("react", user_id, channel, ts, name)

    def shortcut(self, user_id: str, channel: str, ts: str) -> None:
        self._record("shortcut", user_id, channel, ts)

    def conversation(self, user_id: str) -> list[dict[str, Any]]:
        return [{"ts": "1.000001", "user": user_id, "text": "hi"}]

    def channel_messages(self, user_id: str, channel: str) -> list[dict[str, Any]]:
        return [{"ts": "2.000001", "user": "U0ERIN", "text": "printer jammed", "reactions": [
            {"name": "ticket", "users": [user_id, "U0CONCIERGEBOT"], "count": 2}]}]

    def views(self, user_id: str) -> list[dict[str, Any]]:
        return []

    def home(self, user_id: str) -> dict[str, Any] | None:
        return None

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        self.subscribers.append(callback)
        return lambda: self.subscribers.remove(callback)


@pytest.fixture
def chat() -> RecordingChat:
    return RecordingChat()


@pytest.fixture
def client(chat: RecordingChat) -> TestClient:
    return TestClient(create_app(chat, None))


def test_session_lists_the_employees_and_says_the_agent_console_is_off(client: TestClient) -> None:
    session = client.get("/api/session").json()
    assert [e["email"] for e in session["employees"]] == ["alice@example.com", "erin@example.com"]
    assert session["employees"][1]["note"] == "no contact"
    assert session["agent"]["enabled"] is False
    assert client.get("/api/agent/cases").status_code == 503


def test_page_and_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/js/main.js" in page.text
    for asset in ("js/main.js", "js/blockkit.js", "js/mrkdwn.js", "js/modal.js", "js/agent.js", "js/articles.js",
                  "js/dialogs.js", "js/channels.js", "css/app.css"):
        assert client.get(f"/static/{asset}").status_code == 200, asset


def test_typed_text_is_a_dm_and_a_leading_slash_is_a_slash_command(client: TestClient, chat: RecordingChat) -> None:
    assert client.post("/api/users/U0ALICE/messages", json={"text": "my vpn is down"}).json()["kind"] == "message"
    assert client.post("/api/users/U0ALICE/messages", json={"text": "/case  list "}).json()["kind"] == "command"
    assert chat.calls == [("send_message", ("U0ALICE", "my vpn is down", [])),
                          ("slash_command", ("U0ALICE", "/case", "list"))]


def test_a_reply_in_a_thread_reaches_the_backend_as_one(client: TestClient, chat: RecordingChat) -> None:
    sent = client.post("/api/users/U0ALICE/messages", json={"text": "/case list", "thread_ts": "17.000001"})
    assert sent.json()["kind"] == "thread_reply"                  # no slash command in a thread: sent as typed
    assert chat.calls == [("reply_in_thread", ("U0ALICE", "17.000001", "/case list"))]
    refused = client.post("/api/users/U0ALICE/messages", json={"text": "x", "thread_ts": "17.000001", "files": [
        {"name": "a.txt", "content_base64": "eA=="}]})
    assert refused.status_code == 400 and len(chat.calls) == 1


def test_a_shared_file_travels_with_its_text(client: TestClient, chat: RecordingChat) -> None:
    content = b"\x89PNG fake screenshot"
    body = {"text": "attach this to my vpn case",
            "files": [{"name": "shot.png", "mimetype": "image/png", "content_base64": base64.b64encode(content).decode()}]}
    assert client.post("/api/users/U0ALICE/messages", json=body).status_code == 200
    (_, (user, text, files)), = chat.calls
    assert (user, text) == ("U0ALICE", "attach this to my vpn case")
    assert files == [UploadedFile("shot.png", content, "image/png")]


@pytest.mark.parametrize("body, status", [
    ({"text": "   "}, 400),
    ({"text": "x", "files": [{"name": "a.txt", "content_base64": "not base64!"}]}, 400),
    ({"text": "x", "files": [{"content_base64": ""}]}, 400),
])
def test_bad_messages_are_refused_with_a_reason(client: TestClient, chat: RecordingChat, body, status) -> None:
    response = client.post("/api/users/U0ALICE/messages", json=body)
    assert response.status_code == status and response.json()["error"]
    assert chat.calls == []


def test_unknown_employee_is_404(client: TestClient) -> None:
    assert client.post("/api/users/U0NOBODY/messages", json={"text": "hi"}).status_code == 404
    assert client.get("/api/users/U0NOBODY/state").status_code == 404


def test_clicks_submissions_and_home_reach_the_backend(client: TestClient, chat: RecordingChat) -> None:
    action = {"action_id": "case_add_comment", "block_id": "b1", "type": "button", "value": "500X"}
    assert client.post("/api/users/U0ALICE/actions", json={"action": action, "message_ts": "1.2"}).status_code == 200
    submitted = client.post("/api/users/U0ALICE/views/V1/submit",
                            json={"values": {"comment_block": {"comment_input": {"type": "plain_text_input", "value": "x"}}}})
    assert submitted.json()["response"] == {"response_action": "errors", "errors": {"comment_block": "Too short"}}
    assert client.post("/api/users/U0ALICE/views/V1/close", json={}).status_code == 200
    assert client.post("/api/users/U0ALICE/home", json={}).status_code == 200
    assert [name for name, _ in chat.calls] == ["click", "submit_view", "close_view", "open_home"]
    assert chat.calls[0][1] == ("U0ALICE", action, "1.2", None)
    assert client.post("/api/users/U0ALICE/actions", json={"action": {}}).status_code == 400


def test_a_refused_delivery_is_reported_not_crashed(client: TestClient, chat: RecordingChat) -> None:
    chat.fail_with = DeliveryError("The bot did not accept your message (HTTP 401).")
    response = client.post("/api/users/U0ALICE/messages", json={"text": "hello"})
    assert response.status_code == 502
    assert response.json() == {"ok": False, "error": "The bot did not accept your message (HTTP 401)."}


def test_a_channel_beside_the_dm_posts_reacts_and_files_by_shortcut(client: TestClient, chat: RecordingChat) -> None:
    assert client.get("/api/session").json()["channels"] == [{"id": "C0ITHELP", "name": "it-help"}]
    state = client.get("/api/users/U0ALICE/state", params={"channel": "C0ITHELP"}).json()
    assert [m["text"] for m in state["conversation"]] == ["printer jammed"]          # the channel, not the DM
    assert state["conversation"][0]["reactions"][0]["name"] == "ticket"
    base = "/api/users/U0ALICE/channels/C0ITHELP"
    assert client.post(f"{base}/messages", json={"text": "printer jammed"}).json()["kind"] == "message"
    assert client.post(f"{base}/messages", json={"text": "still", "thread_ts": "2.000001"}).json()["kind"] \
        == "thread_reply"
    assert client.post(f"{base}/reactions", json={"ts": "2.000001"}).status_code == 200
    assert client.post(f"{base}/shortcut", json={"ts": "2.000001"}).status_code == 200
    assert chat.calls == [("post_in_channel", ("U0ALICE", "C0ITHELP", "printer jammed", None)),
                          ("post_in_channel", ("U0ALICE", "C0ITHELP", "still", "2.000001")),
                          ("react", ("U0ALICE", "C0ITHELP", "2.000001", "ticket")),
                          ("shortcut", ("U0ALICE", "C0ITHELP", "2.000001"))]
    refused = [client.post(f"{base}/messages", json={"text": "  "}),                   # nothing typed
               client.post(f"{base}/messages", json={"text": "/case list"}),           # slash commands: the DM
               client.post(f"{base}/reactions", json={}),                              # which message?
               client.post("/api/users/U0ALICE/channels/C0NOPE/shortcut", json={"ts": "2.000001"}),
               client.get("/api/users/U0ALICE/state", params={"channel": "C0NOPE"}),
               client.post("/api/users/U0NOBODY/channels/C0ITHELP/reactions", json={"ts": "2.000001"})]
    assert [r.status_code for r in refused] == [400, 400, 400, 404, 404, 404]
    assert len(chat.calls) == 4


def test_state_is_the_users_conversation(client: TestClient) -> None:
    state = client.get("/api/users/U0ALICE/state").json()
    assert state == {"conversation": [{"ts": "1.000001", "user": "U0ALICE", "text": "hi"}], "views": [], "home": None}


def test_change_hub_routes_changes_to_the_right_streams() -> None:
    async def scenario() -> list[Any]:
        hub = ChangeHub()
        alice = hub.listen("U0ALICE")
        agent = hub.listen("U0BOB", agent=True)
        # publish from another thread, as the stand-in does
        thread = threading.Thread(target=lambda: (hub.publish("U0ALICE", "conversation"),
                                                  hub.publish(None, "cases")))
        thread.start()
        thread.join()
        got = [await asyncio.wait_for(alice.queue.get(), 1), await asyncio.wait_for(alice.queue.get(), 1),
               await asyncio.wait_for(agent.queue.get(), 1)]
        hub.close()
        got.append(await asyncio.wait_for(alice.queue.get(), 1))
        assert agent.queue.qsize() == 1  # only the close sentinel: Alice's change was not Bob's
        return got

    # (in a thread of its own: Playwright's sync API may already run an event loop in this one)
    results: list[Any] = []
    runner = threading.Thread(target=lambda: results.append(asyncio.run(scenario())))
    runner.start()
    runner.join(10)
    assert results and results[0] == [{"user": "U0ALICE", "kind": "conversation"},
                                       {"user": None, "kind": "cases"},
                                       {"user": None, "kind": "cases"}, None]


def test_a_busy_preferred_port_is_replaced_by_a_free_one() -> None:
    from runtime.serving import bind_socket

    taken = bind_socket("127.0.0.1", 0)
    busy = taken.getsockname()[1]
    try:
        replacement = bind_socket("127.0.0.1", busy, fallback_to_free=True)
        try:
            assert replacement.getsockname()[1] not in (0, busy)
        finally:
            replacement.close()
        with pytest.raises(OSError):
            bind_socket("127.0.0.1", busy, fallback_to_free=False).close()
    finally:
        taken.close()


def test_fresh_deletes_only_what_a_sandbox_wrote(tmp_path) -> None:
    from sandbox.demo import Sandbox, SandboxConfig

    state = tmp_path / "state"
    (state / "salesforce").mkdir(parents=True)
    for name in ("salesforce.sqlite", "salesforce.sqlite-wal", "concierge.sqlite", "bot.log", "salesforce/ca.pem",
                 "notes.txt"):
        (state / name).write_text("x")
    Sandbox(SandboxConfig(state_dir=state, fresh=True))._prepare_state_dir()
    assert sorted(p.name for p in state.iterdir()) == ["notes.txt"]


def test_the_page_answers_only_its_own_page_with_the_runs_token(chat: RecordingChat) -> None:
    """sandbox/web/localguard.py: the per-run token, JSON-only changes, the Host header, no cross-site posts."""
    page = TestClient(create_app(chat, None, token="run-token"))
    assert page.get("/api/session").status_code == 403                       # no token
    assert page.get("/api/session", headers={"X-Sandbox-Token": "other"}).status_code == 403
    opened = page.get("/?token=run-token")                                    # the printed URL
    assert opened.status_code == 200 and "HttpOnly" in opened.headers["set-cookie"] \
        and "SameSite=Strict" in opened.headers["set-cookie"]
    assert page.get("/api/session").status_code == 200                        # the page's cookie from now on
    assert page.get("/static/js/main.js").status_code == 200
    send = "/api/users/U0ALICE/messages"
    assert page.post(send, json={"text": "hi"}).status_code == 200
    assert page.post(send, data={"text": "hi"}).status_code == 415            # a form post: never
    assert page.post(send, content=b'{"text": "hi"}', headers={"Content-Type": "text/plain"}).status_code == 415
    assert page.post(send, json={"text": "hi"}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert page.post(send, json={"text": "hi"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert page.get("/api/session", headers={"Host": "evil.example:8080"}).status_code == 421   # DNS rebinding
    react = "/api/users/U0ALICE/channels/C0ITHELP/reactions"                  # the channel's routes alike
    assert page.post(react, data={"ts": "2.000001"}).status_code == 415
    assert page.post(react, json={"ts": "2.000001"}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert TestClient(create_app(chat, None, token="run-token")).post(react, json={"ts": "2.000001"}).status_code == 403
    assert [name for name, _ in chat.calls] == ["send_message"]
