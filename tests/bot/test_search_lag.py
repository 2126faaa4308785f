"""Search-index lag (issue 11, item 4): Salesforce's search index sees a new case minutes later, so the
duplicate check and "status of my vpn ticket" match the employee's own cases by SOQL."""
from __future__ import annotations

from tests.bot.conftest import all_text


def test_a_case_filed_a_minute_ago_is_offered_as_a_duplicate_and_found_by_its_words(bot, h, sf):
    sf.set_options(search_index_delay_seconds=900)
    existing = h.file_case("amy", "VPN disconnects every hour")
    [question] = h.say("amy", "My VPN keeps disconnecting again today")
    assert f"is this about case *{existing.case_number}*" in all_text(question)
    assert len(h.open_cases("amy")) == 1
    h.say("amy", "no")
    [reply] = h.say("amy", "what's the status of my vpn ticket")
    assert existing.case_number in all_text(reply)


def test_a_filed_case_hidden_by_private_sharing_is_reported_filed_with_the_missing_permission(bot, h, sf):
    sf.set_options(case_sharing="private", integration_view_all=False)
    [reply] = h.say("amy", "My laptop won't connect to the VPN since this morning")
    text = all_text(reply)
    assert "I filed your case" in text and "View All" in text and "not found" not in text.lower()
    with sf.org.lock:
        n = sf.org.conn.execute('SELECT COUNT(*) FROM "Case" WHERE "Subject" LIKE ?',
                                ("My laptop won't connect to the VPN since this morning",)).fetchone()[0]
    assert n == 1
