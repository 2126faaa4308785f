"""Buttons, modals, the slash command, files and the App Home tab, with Slack's real payload shapes."""
from __future__ import annotations

from slackui import ids
from tests.bot.conftest import all_text, buttons


def _card_for(bot, h, user, subject):
    """File a case through the DM and return (case, the confirmation card message)."""
    [card] = h.say(user, subject)
    [case] = [c for c in h.open_cases(user) if c.subject == subject]
    return case, card


# ---------------------------------------------------------------- buttons on cards
def test_close_button_closes_and_refreshes_home(bot, h):
    case, card = _card_for(bot, h, "amy", "My laptop won't connect to the VPN since this morning")
    [reply] = h.click("amy", ids.CLOSE_CASE, message=card)
    assert h.case("amy", case.id).is_closed
    assert ids.REOPEN_CASE in buttons(reply)
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and "Recently closed" in all_text(v) and v)
    assert case.case_number in all_text(home)


def test_reopen_and_view_details_buttons(bot, h):
    case = h.file_case("amy", "Docking station not detected", description="Happens with the USB-C dock")
    bot.desk.close_case(h.contact_id("amy"), case.id)
    [card] = h.say("amy", f"what is the status of {case.case_number}")
    [reopened] = h.click("amy", ids.REOPEN_CASE, message=card)
    assert h.case("amy", case.id).status == "Reopened" and "Reopened" in reopened["text"]
    [details] = h.click("amy", ids.VIEW_CASE, message=reopened)
    assert "USB-C dock" in all_text(details) and case.case_number in all_text(details)


def test_add_comment_button_opens_modal_and_submission_comments(bot, h):
    case, _ = _card_for(bot, h, "amy", "My laptop won't connect to the VPN since this morning")
    [status] = h.say("amy", f"what is the status of {case.case_number}")
    assert bot.slack.click("amy", ids.ADD_COMMENT, message=status).status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))
    assert view["callback_id"] == ids.VIEW_ADD_COMMENT and view["private_metadata"] == case.id
    empty = bot.slack.submit_view("amy", view["id"], {ids.INPUT_COMMENT: "   "})
    assert empty.json()["response_action"] == "errors" and bot.slack.views("amy")
    ok = bot.slack.submit_view("amy", view["id"], {ids.INPUT_COMMENT: "Rebooting didn't help"})
    assert ok.status == 200 and not bot.slack.views("amy")
    bot.slack.wait_for(lambda: h.comments(case.id) == ["Rebooting didn't help"])


def test_add_details_button_appends_to_description(bot, h):
    case, card = _card_for(bot, h, "amy", "My laptop won't connect to the VPN since this morning")
    bot.slack.click("amy", ids.ADD_DETAILS, message=card)
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))
    bot.slack.submit_view("amy", view["id"], {ids.INPUT_DESCRIPTION: "Using GlobalProtect 6.1"})
    bot.slack.wait_for(lambda: "GlobalProtect 6.1" in (h.case("amy", case.id).description or ""))


def test_mute_button_mutes_notifications(bot, h):
    case = h.file_case("amy", "Phone not syncing mail")
    [card] = h.say("amy", f"what is the status of {case.case_number}")
    before = len(bot.slack.bot_messages("amy"))
    bot.slack.click("amy", ids.MUTE_CASE, case.id, message=card)  # a notification card's button
    bot.slack.wait_for_bot_messages("amy", before + 1)
    assert bot.store.is_muted(case.id)


def test_another_users_button_is_refused_like_not_found(bot, h):
    case, card = _card_for(bot, h, "amy", "My laptop won't connect to the VPN since this morning")
    forwarded = dict(card, channel=bot.slack.dm_channel("ben"))  # the same card, clicked by Bob
    [reply] = h.click("ben", ids.CLOSE_CASE, case.id, message=forwarded)
    assert "couldn't find" in all_text(reply)
    assert not h.case("amy", case.id).is_closed
    [reply] = h.click("ben", ids.VIEW_CASE, case.id, message=forwarded)
    assert "couldn't find" in all_text(reply) and "VPN" not in all_text(reply)


# ---------------------------------------------------------------- slash command
def test_slash_help_list_and_case_number(bot, h):
    help_ = bot.slack.slash("amy", "/case", "")
    assert help_.status == 200 and "/case new" in all_text(help_.json())
    case = h.file_case("amy", "Webcam not detected")
    bot.slack.slash("amy", "/case", "list")
    eph = bot.slack.wait_for(lambda: [m for m in bot.slack.messages("amy") if m.get("is_ephemeral")])
    assert case.case_number in all_text(eph[-1]) and buttons(eph[-1])[ids.CLOSE_CASE] == case.id
    bot.slack.slash("amy", "/case", case.case_number)
    eph = bot.slack.wait_for(lambda: (e := [m for m in bot.slack.messages("amy") if m.get("is_ephemeral")])
                             and len(e) >= 2 and e)
    assert "Webcam" in all_text(eph[-1]) and "Assignee" in all_text(eph[-1])


def test_slash_new_opens_modal_and_files_with_attachment(bot, h):
    d = bot.slack.slash("amy", "/case", "new")
    assert d.status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))  # opened right after the ack (trigger: 3 s)
    assert view["callback_id"] == ids.VIEW_NEW_CASE
    f = bot.slack.add_file("amy", "screenshot.png", b"\x89PNG fake image", "image/png")
    bot.slack.submit_view("amy", view["id"], {ids.INPUT_SUBJECT: "Cannot print from Outlook",
                                               ids.INPUT_DESCRIPTION: "Printing hangs at 50%",
                                               ids.INPUT_TYPE: "Incident", ids.INPUT_FILE: [f]})
    [card] = bot.slack.wait_for_bot_messages("amy", 1)
    [listed] = h.open_cases("amy")
    case = h.case("amy", listed.id)
    assert case.subject == "Cannot print from Outlook" and "Printing hangs" in (case.description or "")
    assert case.case_number in card["text"]
    assert h.attachments(case.id) == [("screenshot.png", b"\x89PNG fake image")]


# ---------------------------------------------------------------- files
def test_file_with_case_number_is_attached_to_that_case(bot, h):
    case = h.file_case("amy", "VPN drops every hour")
    other = h.file_case("amy", "Printer jammed")
    [reply] = h.say("amy", f"attach this to {case.case_number}",
                    files=[("vpn.log", b"line1\nline2\n", "text/plain")])
    assert h.attachments(case.id) == [("vpn.log", b"line1\nline2\n")] and h.attachments(other.id) == []
    assert "vpn.log" in reply["text"]
    downloads = bot.slack.calls_to("file.download")
    assert downloads and all(c.args["authorized"] for c in downloads)


def test_file_with_new_issue_is_attached_to_the_case_filed(bot, h):
    [reply] = h.say("amy", "My laptop won't connect to the VPN since this morning",
                    files=[("error.png", b"PNGDATA", "image/png")])
    [case] = h.open_cases("amy")
    assert h.attachments(case.id) == [("error.png", b"PNGDATA")]
    assert "1 attachment" in all_text(reply)


def test_file_over_the_limit_is_refused_clearly(bot, h):
    case = h.file_case("amy", "VPN drops every hour")
    big = b"x" * (bot.settings.org.attachments.max_bytes + 1)
    f = bot.slack.add_file("amy", "huge.bin", b"small")  # Slack reports the size; we trust it before download
    f["size"] = len(big)
    [reply] = h.say("amy", f"attach this to {case.case_number}", files=[f])
    assert "limit" in all_text(reply) and "huge.bin" in all_text(reply)
    assert h.attachments(case.id) == [] and not bot.slack.calls_to("file.download")


# ---------------------------------------------------------------- App Home
def test_home_shows_open_then_recently_closed_with_buttons(bot, h):
    open_case = h.file_case("amy", "Second monitor is blank")
    closed = h.file_case("amy", "Password reset done")
    bot.desk.close_case(h.contact_id("amy"), closed.id)
    assert bot.slack.open_home("amy").status == 200
    home = bot.slack.wait_for(lambda: bot.slack.home("amy"))
    text = all_text(home)
    assert text.index(open_case.case_number) < text.index("Recently closed") < text.index(closed.case_number)
    values = {(el["action_id"], el.get("value")) for b in home["blocks"] if b["type"] == "actions" for el in b["elements"]}
    assert (ids.CLOSE_CASE, open_case.id) in values and (ids.REOPEN_CASE, closed.id) in values
    # a button clicked on Home acts and the reply goes to the DM
    [reply] = h.click("amy", ids.CLOSE_CASE, open_case.id, view_id=home["id"])
    assert h.case("amy", open_case.id).is_closed and reply["channel"] == bot.slack.dm_channel("amy")


def test_home_for_unknown_employee_explains(bot, h):
    bot.slack.open_home("erin")
    home = bot.slack.wait_for(lambda: bot.slack.home("erin"))
    assert "can't find you in Salesforce" in all_text(home)


def test_new_issue_with_a_file_over_the_limit_is_filed_without_it(bot, h):
    f = bot.slack.add_file("amy", "huge.bin", b"small")
    f["size"] = bot.settings.org.attachments.max_bytes + 1
    [reply] = h.say("amy", "My laptop won't connect to the VPN since this morning", files=[f])
    [case] = h.open_cases("amy")
    assert h.attachments(case.id) == []
    assert case.case_number in all_text(reply) and "huge.bin" in all_text(reply) and "limit" in all_text(reply)


def test_slash_list_in_a_channel_then_a_click_answers_in_the_dm(bot, h):
    case = h.file_case("amy", "Webcam not detected")
    assert bot.slack.slash("amy", "/case", "list", channel="C0GENERAL").status == 200
    [card] = bot.slack.wait_for(lambda: bot.slack.messages("C0GENERAL"))
    assert card["is_ephemeral"] and card["for_user"] == "U0AMY"
    [reply] = h.click("amy", ids.CLOSE_CASE, case.id, message=card)
    assert reply["channel"] == bot.slack.dm_channel("amy") and h.case("amy", case.id).is_closed
    assert len(bot.slack.messages("C0GENERAL")) == 1  # nothing posted in the channel


def test_slash_with_plain_words_works_like_a_dm(bot, h):
    assert bot.slack.slash("amy", "/case", "My laptop won't connect to the VPN since this morning").status == 200
    [card] = bot.slack.wait_for(lambda: [m for m in bot.slack.messages("amy") if m.get("is_ephemeral")])
    [case] = h.open_cases("amy")
    assert case.case_number in card["text"] and buttons(card)[ids.CLOSE_CASE] == case.id


def test_attach_file_button_explains_then_the_file_lands_on_the_case(bot, h):
    case, card = _card_for(bot, h, "amy", "My laptop won't connect to the VPN since this morning")
    [how] = h.click("amy", ids.ATTACH_FILE, message=card)
    assert f"attach to {case.case_number}" in how["text"]
    h.say("amy", f"attach to {case.case_number}", files=[("trace.txt", b"trace", "text/plain")])
    assert h.attachments(case.id) == [("trace.txt", b"trace")]


def test_unmute_and_looks_good_buttons(bot, h):
    case = h.file_case("amy", "Phone not syncing mail")
    [card] = h.say("amy", f"what is the status of {case.case_number}")
    [muted] = h.click("amy", ids.MUTE_CASE, case.id, message=card)
    assert bot.store.is_muted(case.id) and buttons(muted)[ids.UNMUTE_CASE] == case.id
    h.click("amy", ids.UNMUTE_CASE, message=muted)
    assert not bot.store.is_muted(case.id)
    [thanks] = h.click("amy", ids.LOOKS_GOOD, case.id, message=card)
    assert case.case_number in thanks["text"]
    [refused] = h.click("ben", ids.MUTE_CASE, case.id, message=dict(card, channel=bot.slack.dm_channel("ben")))
    assert "couldn't find" in all_text(refused) and not bot.store.is_muted(case.id)


def test_file_without_text_asks_which_case_when_several_are_open(bot, h):
    a = h.file_case("amy", "VPN drops every hour")
    b = h.file_case("amy", "Printer jammed")
    [question] = h.say("amy", "", files=[("photo.jpg", b"JPEG", "image/jpeg")])
    assert "photo.jpg" in all_text(question) and h.attachments(a.id) == h.attachments(b.id) == []
    pick = next(el for blk in question["blocks"] if blk["type"] == "actions" for el in blk["elements"]
                if b.case_number in el["text"]["text"])
    [done] = h.click("amy", ids.PICK_CASE, pick["value"])
    assert h.attachments(b.id) == [("photo.jpg", b"JPEG")] and h.attachments(a.id) == []
    assert b.case_number in done["text"]


def test_file_without_text_goes_to_the_only_open_case(bot, h):
    only = h.file_case("amy", "VPN drops every hour")
    [reply] = h.say("amy", "", files=[("log.txt", b"log", "text/plain")])
    assert h.attachments(only.id) == [("log.txt", b"log")] and only.case_number in reply["text"]
