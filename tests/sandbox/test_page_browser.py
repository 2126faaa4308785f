"""The page itself in headless Chromium, over a scripted Slack side: Block Kit, mrkdwn, modals, SSE, files, and a
channel beside the DM (post, react with :ticket:, the "File as a case" shortcut, thread replies, reactions)."""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from runtime.serving import BackgroundServer
from sandbox.web import ChangeHub, create_app
from tests.sandbox.conftest import artifact_path
from tests.sandbox.scripted import ScriptedChat

pytestmark = pytest.mark.browser


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedChat, str]]:
    chat = ScriptedChat()
    hub = ChangeHub()
    server = BackgroundServer(create_app(chat, None, hub=hub), port=0, on_stopping=hub.close).start()
    try:
        yield chat, server.url
    finally:
        server.stop()


def test_block_kit_mrkdwn_modal_and_live_updates(page: Any, scripted: tuple[ScriptedChat, str], tmp_path) -> None:
    chat, url = scripted
    page.goto(url)
    page.locator("#live.live-on").wait_for()           # the SSE stream is connected

    page.fill("#composer-input", "my vpn is down")
    page.keyboard.press("Enter")
    card = page.locator('.msg[data-from="bot"]', has=page.locator(".bk-header")).first
    card.locator(".bk-header").wait_for()
    # Block Kit: header (emoji shortcode), section text in mrkdwn, fields, accessory, context, divider, actions
    assert card.locator(".bk-header").inner_text() == "Case 00001027 filed 🎉"
    text = card.locator('[data-block-id="summary"] .bk-text')
    assert text.locator("strong").inner_text() == "your case"
    assert text.locator("em").inner_text() == "you"
    assert text.locator("code").inner_text() == "VPN"
    assert text.locator("a").get_attribute("href") == "https://example.com/case"
    assert "&" in text.inner_text() and text.locator("br").count() == 1
    assert card.locator(".bk-field").all_inner_texts() == ["Status\nNew", "Type\nIncident"]
    assert card.locator(".bk-accessory button").inner_text() == "View details"
    assert "🔔" in card.locator(".bk-context").inner_text()
    assert card.locator(".bk-divider").count() == 1
    assert "bk-primary" in card.get_by_role("button", name="Add comment").get_attribute("class")
    assert "bk-danger" in card.get_by_role("button", name="Close").get_attribute("class")
    page.screenshot(path=str(artifact_path("page_browser", "01-card")))

    # A confirm dialog guards "Close": deny sends nothing, confirm sends the click
    card.get_by_role("button", name="Close").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Keep it open").click()
    assert not [r for r in chat.received if r[0] == "click"]
    card.get_by_role("button", name="Close").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Close it").click()
    page.get_by_text("Case 00001027 is closed.").wait_for()
    kind, (user, action, message_ts, view_id) = [r for r in chat.received if r[0] == "click"][0]
    assert (user, action["action_id"], action["value"], action["block_id"], view_id) == \
        ("U0ALICE", "case_close", "500A", "buttons", None)
    assert message_ts == chat.messages["U0ALICE"][1]["ts"]

    # Modal: required check, server-side errors under the input, then a Slack-shaped state.values
    card.get_by_role("button", name="Add comment").click()
    modal = page.get_by_role("dialog")
    modal.get_by_text("Add a comment").wait_for()
    modal.get_by_role("button", name="Add").click()
    assert modal.locator(".bk-has-error").count() == 2          # comment and type are required
    modal.locator("textarea").fill("ok")
    modal.locator("select").select_option("Service Request")
    modal.get_by_role("button", name="Add").click()
    modal.get_by_text("A little longer, please.").wait_for()
    modal.locator("textarea").fill("It fails after the 2FA prompt")
    modal.get_by_label("High").check()
    modal.locator("input[type=file]").set_input_files(
        files=[{"name": "log.txt", "mimeType": "text/plain", "buffer": b"vpn log"}])
    page.screenshot(path=str(artifact_path("page_browser", "02-modal")))
    modal.get_by_role("button", name="Add").click()
    page.get_by_text("Added your comment:").wait_for()
    assert page.get_by_role("dialog").count() == 0
    values = [r for r in chat.received if r[0] == "submit"][-1][1][2]
    assert values["comment_block"]["comment_input"] == {"type": "plain_text_input", "value": "It fails after the 2FA prompt"}
    assert values["type_block"]["type_input"]["selected_option"]["value"] == "Service Request"
    assert values["urgency_block"]["urgency_input"]["selected_option"]["value"] == "high"
    assert values["file_block"]["file_input"]["files"] == [{"id": "F1", "name": "log.txt", "size": 7}]

    # A file shared from the composer, with text
    page.locator("#file-input").set_input_files(files=[{"name": "screen.png", "mimeType": "image/png", "buffer": b"PNGDATA"}])
    page.get_by_text("screen.png").wait_for()
    page.fill("#composer-input", "attach this")
    page.click("#send-button")
    page.locator(".msg-file .file-name", has_text="screen.png").wait_for()
    user, text, files = [r for r in chat.received if r[0] == "message"][-1][1]
    assert (text, files[0].name, files[0].content, files[0].mimetype) == ("attach this", "screen.png", b"PNGDATA", "image/png")

    # Slash command typed in the composer; the answer is ephemeral
    page.fill("#composer-input", "/case list")
    page.keyboard.press("Enter")
    page.get_by_text("Only visible to you").wait_for()
    assert ("command", ("U0ALICE", "/case", "list")) in chat.received

    # App Home
    page.click("#tab-home")
    page.locator("#home .bk-header", has_text="My cases").wait_for()
    assert ("home", "U0ALICE") in chat.received

    # Live update pushed by the server (no action on the page): arrives through SSE without reload
    page.click("#tab-messages")
    chat._post("U0ALICE", {"bot_id": "B1", "text": ":speech_balloon: *Sam Rivera* commented: _try again_"})
    page.get_by_text("Sam Rivera").wait_for(timeout=5000)
    page.screenshot(path=str(artifact_path("page_browser", "03-live")))
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_a_channel_beside_the_dm(page: Any, scripted: tuple[ScriptedChat, str]) -> None:
    chat, url = scripted
    page.goto(url)
    page.locator("#live.live-on").wait_for()
    page.get_by_role("button", name="# it-help").click()
    assert page.locator("#chat-title").inner_text() == "# it-help"
    assert page.locator("#chat-tabs").is_hidden() and page.locator("#attach-button").is_hidden()
    page.get_by_text("Nobody has asked anything here yet.").wait_for()
    page.fill("#composer-input", "The printer on floor 3 is jammed")
    page.keyboard.press("Enter")
    mine = page.locator('.msg[data-from="user"]', has_text="The printer on floor 3 is jammed")
    mine.wait_for()
    assert ("channel_message", ("U0ALICE", "C0ITHELP", "The printer on floor 3 is jammed", None)) in chat.received

    mine.get_by_role("button", name="🎫 React").click()               # the filing reaction
    page.locator('.msg[data-from="bot"]', has_text="Filed case 00001028").wait_for()
    chip = mine.locator('.reaction[data-reaction="ticket"]')
    chip.locator(".reaction-count", has_text="2").wait_for()           # hers and the bot's
    assert "🎫" in chip.inner_text()
    ts = chat.messages["C0ITHELP"][0]["ts"]
    assert ("react", ("U0ALICE", "C0ITHELP", ts, "ticket")) in chat.received

    mine.get_by_role("button", name="File as a case").click()         # the message shortcut: filed once
    deadline = time.monotonic() + 5
    while ("shortcut", ("U0ALICE", "C0ITHELP", ts)) not in chat.received:
        assert time.monotonic() < deadline, chat.received
        page.wait_for_timeout(50)
    assert page.locator('.msg[data-from="bot"]', has_text="Filed case").count() == 1
    page.screenshot(path=str(artifact_path("page_browser", "04-channel")))

    page.locator("#nav-dm").click()                                    # back to the DM: its own conversation
    page.locator("#chat-tabs").wait_for()
    assert page.locator("#bot-name").inner_text() == "Concierge"
    assert page.locator(".msg", has_text="printer on floor 3").count() == 0
    assert page.js_errors == [], "\n".join(page.js_errors)
