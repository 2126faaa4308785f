"""File downloads (bot/files.py): the bot token only ever goes to Slack's file host, never on a redirect; a file
meant for someone else's case is not downloaded at all; one message brings at most a default number of files."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.files import FileFetcher, SharedFile, file_hosts
from servicecloud.config import AttachmentLimits


class Recorder:
    """A local HTTP server that records each request's path and Authorization header; `/start` redirects to
    `/file` on the same host, `/file` answers the bytes."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                recorder.requests.append((self.path, self.headers.get("Authorization")))
                if self.path == "/start":
                    self.send_response(302)
                    self.send_header("Location", "/file")
                    self.end_headers()
                    return
                body = b"file bytes"
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def elsewhere():
    r = Recorder()
    try:
        yield r
    finally:
        r.close()


def _file(url: str, name: str = "log.txt") -> dict:
    return {"id": "F0ELSEWHERE", "name": name, "title": name, "mimetype": "text/plain", "size": 10,
            "user": "U0AMY", "url_private": url, "url_private_download": url}


def test_a_file_on_another_host_is_never_fetched_with_the_token(bot, h, elsewhere):
    h.say("amy", "My laptop won't connect to the VPN since this morning", files=[_file(elsewhere.url + "/file")])
    time.sleep(0.3)
    assert elsewhere.requests == []
    [case] = h.open_cases("amy")
    assert h.attachments(case.id) == []


def test_no_token_on_a_redirect(elsewhere):
    fetcher = FileFetcher("xoxb-secret", AttachmentLimits(max_bytes=1000), hosts=frozenset({elsewhere.url}))
    upload = fetcher.download(SharedFile("F1", "log.txt", 10, "text/plain", elsewhere.url + "/start"))
    assert upload.content == b"file bytes"
    assert elsewhere.requests == [("/start", "Bearer xoxb-secret"), ("/file", None)]


def test_file_hosts():
    assert file_hosts("https://slack.com/api/") == frozenset({"https://files.slack.com"})
    assert file_hosts("http://127.0.0.1:5000/api/") == frozenset({"https://files.slack.com", "http://127.0.0.1:5000"})
    fetcher = FileFetcher("t", AttachmentLimits(max_bytes=10), hosts=file_hosts("https://slack.com/api/"))
    assert fetcher.allowed("https://files.slack.com/files-pri/T1-F1/x.png")
    for url in ("http://files.slack.com/files-pri/T1-F1/x.png", "https://files.slack.com.evil.example/x",
                "https://evil.example/files.slack.com/x", "https://user@evil.example/x", None, ""):
        assert not fetcher.allowed(url)


def test_a_file_for_someone_elses_case_is_not_downloaded(bot, h):
    theirs = h.file_case("ben", "Monitor flickers")
    f = bot.slack.add_file("amy", "screenshot.png", b"\x89PNG...", "image/png")
    [reply] = h.say("amy", f"attach this to case {theirs.case_number}", files=[f])
    assert "couldn't find" in reply["text"].lower() or "can't find" in reply["text"].lower()
    assert [c for c in bot.slack.calls if c.method == "file.download"] == []
    assert h.attachments(theirs.id) == []


def test_one_message_brings_at_most_ten_files_by_default(bot):
    assert bot.runtime.bot.fetcher.max_files == 10


def test_the_files_one_message_brings_are_capped_by_what_a_case_may_hold():
    """One owner of the limits (AttachmentLimits): the bot's fetcher takes its count from there."""
    assert AttachmentLimits().files_per_message == 10
    assert AttachmentLimits(max_per_case=3).files_per_message == 3
    assert FileFetcher("t", AttachmentLimits(max_per_case=3, max_per_message=2)).max_files == 2


def test_a_file_shared_as_a_check_file_info_stub_is_resolved_with_files_info_and_attached(bot, h):
    """Slack Connect (and some shares) deliver a file as a stub with no name, size or URL: the bot asks files.info
    for the file object, then attaches it as usual."""
    case = h.file_case("amy", "VPN drops every hour")
    real = bot.slack.add_file("amy", "vpn.log", b"line1\nline2\n", "text/plain")
    stub = {"id": real["id"], "mode": "file_access", "file_access": "check_file_info", "created": 0, "timestamp": 0,
            "user": ""}
    [reply] = h.say("amy", f"attach this to {case.case_number}", files=[stub])
    assert h.attachments(case.id) == [("vpn.log", b"line1\nline2\n")]
    assert "vpn.log" in reply["text"] and bot.slack.calls_to("files.info")
