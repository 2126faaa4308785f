"""Emails, feed posts and comments, files (sandbox/salesforce/reply_objects.py): fields, derived values,
timestamps and the query restriction Salesforce has on ContentDocumentLink."""
from __future__ import annotations

import base64

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from .conftest import error_code


@pytest.fixture
def case_id(sf_integration, alice_id) -> str:
    return sf_integration.Case.create({"ContactId": alice_id, "Subject": "Replies"})["id"]


def test_an_email_on_a_case_has_its_fields_and_parent(sf, sf_agent, case_id):
    mid = sf_agent.EmailMessage.create({"ParentId": case_id, "Incoming": False, "Status": "3",
                                        "TextBody": "Restart it", "Subject": "Re: VPN"})["id"]
    assert mid.startswith("02s")
    [row] = sf_agent.query(f"SELECT Incoming, Status, TextBody, CreatedById, Parent.CaseNumber FROM EmailMessage "
                           f"WHERE Id = '{mid}'")["records"]
    assert row["Incoming"] is False and row["Status"] == "3" and row["CreatedById"] == sf.user_id("agent")
    assert row["Parent"]["CaseNumber"]
    with pytest.raises(SalesforceMalformedRequest) as exc:
        sf_agent.EmailMessage.create({"ParentId": case_id, "Status": "Sent"})        # restricted picklist
    assert error_code(exc) == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"


def test_a_feed_comment_takes_its_posts_parent_and_moves_the_posts_stamps(sf, sf_agent, case_id):
    post = sf_agent.FeedItem.create({"ParentId": case_id, "Body": "Hello", "Visibility": "InternalUsers"})["id"]
    before = sf_agent.FeedItem.get(post)
    sf.advance_clock(3)
    comment = sf_agent.FeedComment.create({"FeedItemId": post, "CommentBody": "More"})["id"]
    after = sf_agent.FeedItem.get(post)
    assert sf_agent.FeedComment.get(comment)["ParentId"] == case_id
    assert after["CommentCount"] == 1 and after["SystemModstamp"] > before["SystemModstamp"]
    assert after["Type"] == "TextPost" and after["Visibility"] == "InternalUsers"
    with pytest.raises(SalesforceMalformedRequest) as exc:
        sf_agent.FeedComment.create({"FeedItemId": post, "CommentBody": "x", "ParentId": case_id})
    assert error_code(exc) == "INVALID_FIELD_FOR_INSERT_UPDATE"


def test_a_content_version_makes_its_document_and_its_link_to_the_record(sf_agent, case_id):
    vid = sf_agent.ContentVersion.create({"PathOnClient": "guide.PDF", "VersionData":
                                          base64.b64encode(b"%PDF").decode(), "FirstPublishLocationId": case_id})["id"]
    version = sf_agent.ContentVersion.get(vid)
    assert version["Title"] == "guide" and version["FileExtension"] == "pdf" and version["ContentSize"] == 4
    [link] = sf_agent.query(f"SELECT ContentDocumentId, Visibility, ShareType, ContentDocument.Title "
                            f"FROM ContentDocumentLink WHERE LinkedEntityId = '{case_id}'")["records"]
    assert link["ContentDocumentId"] == version["ContentDocumentId"] and link["Visibility"] == "AllUsers"
    assert link["ContentDocument"]["Title"] == "guide"


def test_content_document_links_need_a_filter_on_an_id_as_in_salesforce(sf_agent):
    for soql in ("SELECT Id FROM ContentDocumentLink",
                 "SELECT Id FROM ContentDocumentLink WHERE Visibility = 'AllUsers'",
                 "SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId != null"):
        with pytest.raises(SalesforceMalformedRequest) as exc:
            sf_agent.query(soql)
        assert error_code(exc) == "MALFORMED_QUERY" and "Implementation restriction" in str(exc.value)
    sf_agent.query("SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId IN (SELECT Id FROM Case) "
                   "AND Visibility = 'AllUsers'")
    sf_agent.query("SELECT Id, (SELECT Id FROM ContentDocumentLinks) FROM Case LIMIT 1")
