"""Every agent reply, whatever its channel, told once (issue 16, items 5-7): an email sent from the case, a
post or comment in the case feed, a file linked to the case. Private ones (internal-only posts and files,
drafts, incoming mail) never reach the employee. Against the emulator, with a recording Slack that checks
every Block Kit payload as Slack does."""
from __future__ import annotations

import base64


QUOTED_EMAIL = ("Please restart the VPN client and tell me if it drops again.\n\nThanks,\nSam\n-- \n"
                "Sam Rivera | IT Service Desk | ext. 4411\n\nOn Mon, Nov 23, 2026 at 9:02 AM Alice wrote:\n"
                "> My VPN drops every hour\n> since Monday\n")


def card_text(msg) -> str:
    return "\n".join(b["text"]["text"] for b in msg["blocks"] if b["type"] == "section")


def email(w, case_id, body, **extra):
    return w.agent.EmailMessage.create({"ParentId": case_id, "Incoming": False, "Status": "3",
                                        "FromAddress": "support@example.com", "ToAddress": w.employee.email,
                                        "Subject": "Re: VPN", "TextBody": body, **extra})["id"]


def test_an_email_reply_is_told_once_without_quoted_history_or_signature(world):
    w = world
    case = w.file()
    p = w.poller()
    p.run_once()                                                      # starts the feed "from now"
    email(w, case.id, QUOTED_EMAIL)
    email(w, case.id, "Incoming: it still drops", Incoming=True, Status="0")     # the employee's own mail
    email(w, case.id, "Draft, not sent yet", Status="5")                         # a draft: never told
    r = p.run_once()
    assert r.sent == 1
    [msg] = w.slack.posts("UEMP")
    text = card_text(msg)
    assert "Please restart the VPN client" in text and "Sam Rivera" in msg["text"] and "email" in msg["text"]
    assert "since Monday" not in text and "ext. 4411" not in text and "Incoming" not in text
    assert "Draft" not in text

    for _ in range(3):                                                # overlaps re-read it: nothing new
        assert p.run_once().sent == 0
    p.release()
    assert w.poller().run_once().sent == 0                            # a restart (or another replica) neither
    assert len(w.slack.posts("UEMP")) == 1                            # repeats it


def test_a_public_feed_post_and_comment_are_told_once_and_internal_ones_never(world):
    w = world
    case = w.file("Laptop fan is loud")
    p = w.poller()
    p.run_once()
    public = w.agent.FeedItem.create({"ParentId": case.id, "Body": "Bring it to the IT bar at 2pm.",
                                      "Visibility": "AllUsers"})["id"]
    internal = w.agent.FeedItem.create({"ParentId": case.id, "Body": "Internal: warranty expired, bill them",
                                        "Visibility": "InternalUsers"})["id"]
    w.agent.FeedComment.create({"FeedItemId": internal, "CommentBody": "Internal: agreed, charge it"})
    assert p.run_once().sent == 1
    w.agent.FeedComment.create({"FeedItemId": public, "CommentBody": "Or tomorrow at 10 if that suits you."})
    assert p.run_once().sent == 1                                      # a comment on an older post
    posts = w.slack.posts("UEMP")
    assert "Bring it to the IT bar" in card_text(posts[0]) and "tomorrow at 10" in card_text(posts[1])
    assert all("Internal" not in card_text(m) and "Internal" not in m["text"] for m in posts)
    for _ in range(2):
        assert p.run_once().sent == 0
    p.release()
    assert w.poller().run_once().sent == 0
    assert len(w.slack.posts("UEMP")) == 2


def test_a_file_an_agent_attaches_is_told_with_its_name_and_link_and_an_internal_one_never(world):
    w = world
    case = w.file("Printer drivers")
    p = w.poller()
    p.run_once()
    data = base64.b64encode(b"driver notes").decode()
    w.agent.ContentVersion.create({"PathOnClient": "install-guide.pdf", "VersionData": data,
                                   "FirstPublishLocationId": case.id})
    hidden = w.agent.ContentVersion.create({"PathOnClient": "cost-sheet.xlsx", "VersionData": data})["id"]
    doc = w.agent.ContentVersion.get(hidden)["ContentDocumentId"]
    w.agent.ContentDocumentLink.create({"ContentDocumentId": doc, "LinkedEntityId": case.id, "ShareType": "V",
                                        "Visibility": "InternalUsers"})
    assert p.run_once().sent == 1
    [msg] = w.slack.posts("UEMP")
    text = card_text(msg)
    assert "install-guide.pdf" in text and "/lightning/r/ContentDocument/" in text
    assert "cost-sheet" not in text
    assert p.run_once().sent == 0


def test_a_reply_on_a_case_nobody_tracks_reaches_its_contact_at_one_more_call(world):
    w = world
    case = w.file("Monitor flickers", track=False)
    p = w.poller(overlap_seconds=1)
    p.run_once()
    w.sf.advance_clock(5)
    w.agent.Case.create({"Subject": "Another org's case, no contact"})      # moves the watermark on
    p.run_once()
    w.sf.advance_clock(5)                       # the monitor case is no longer read again
    post = w.agent.FeedItem.create({"ParentId": case.id, "Body": "Swapped the cable: better?"})["id"]
    before = w.calls()
    r = p.run_once()
    assert r.sent == 1
    # change feed + the reply's case (the post names only its Id) + one work-note batch
    assert w.calls() - before == 3
    [msg] = w.slack.posts("UEMP")
    assert "Swapped the cable" in card_text(msg) and case.case_number in card_text(msg)
    assert w.store.ledger_entries(statuses=["sent"])[0].source_id == post


def test_the_bots_own_feed_posts_and_emails_are_not_told(world):
    w = world
    case = w.file("Badge does not open door 4")
    p = w.poller()
    p.run_once()
    bot = w.desk.client
    bot.create("FeedItem", {"ParentId": case.id, "Body": "Posted by Concierge"})
    bot.create("EmailMessage", {"ParentId": case.id, "Incoming": False, "Status": "3", "TextBody": "by the bot"})
    assert p.run_once().sent == 0 and w.slack.posts("UEMP") == []
