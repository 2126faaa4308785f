"""Injection corpus in DMs, comments and searches: filed verbatim, searches stay within the user's own cases,
and nothing the bot echoes back can ping anyone."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.acceptance.conftest import all_text, say

CORPUS = {
    "soql_quotes": "it's broken \\' OR Name != '' \\\\ -- and still broken",
    "soql_or_contact": "' OR ContactId != '",
    "sosl_braces": "vpn} OR {payroll",
    "like_wildcards": "100% of the time the _ key fails",
    "composite_ref": "@{c.records[0].Id} and @{q.records[0].ContactId}",
    "mentions": "<!channel> <!here> <@U0BEN> please look",
    "html_script": "<script>alert('x')</script> <b>bold</b> &amp; &lt;",
}
PINGS = re.compile(r"<!(channel|here|everyone)(\|[^>]*)?>|<@U[0-9A-Z]+>|<!subteam")


def _no_pings(bot, user: str) -> None:
    for m in bot.slack.bot_messages(user):
        assert not PINGS.search(all_text(m)), all_text(m)


def _is_summary_of(subject: str, text: str) -> bool:
    """The Subject is the problem sentence of the text: a piece of it (mentions aside), never over 120."""
    without_mentions = re.sub(r"<[@#!][^>]*>", " ", text)
    return 0 < len(subject) <= 120 and " ".join(subject.split()) in " ".join(without_mentions.split())


def _dm_text(payload: str) -> str:
    # a clear problem statement around the payload, so the intent is unambiguous; a unique word per test so
    # the "Is this about case X?" check never fires between tests' cases
    return f"My printer {uuid.uuid4().hex[:6]} is broken and shows this error: {payload}"


@pytest.mark.parametrize("name", CORPUS)
def test_dm_is_filed_verbatim_and_the_echo_pings_nobody(bot, h, name):
    text = _dm_text(CORPUS[name])
    reply = say(h, "amy", text)
    [case] = h.open_cases("amy")
    assert case.case_number in all_text(reply)
    assert _is_summary_of(case.subject, text) and h.case("amy", case.id).description == text
    assert h.open_cases("ben") == []                                 # nobody else's data touched
    _no_pings(bot, "amy")


@pytest.mark.parametrize("name", CORPUS)
def test_comment_is_filed_verbatim(bot, h, name):
    case = h.file_case("amy", "Printer on floor 3 jams")
    other = h.file_case("ben", "Printer on floor 3 jams too")
    reply = say(h, "amy", f"add a comment to {case.case_number}: {CORPUS[name]}")
    assert f"Added your comment to case {case.case_number}" in all_text(reply)
    assert h.comments(case.id) == [CORPUS[name]] and h.comments(other.id) == []
    _no_pings(bot, "amy")


@pytest.mark.parametrize("name", CORPUS)
def test_search_returns_only_the_users_own_matching_cases(bot, h, name):
    mine = h.file_case("amy", "VPN drops every hour at home")
    h.file_case("amy", "Badge reader at the door refuses my card")
    bens = [h.file_case("ben", "VPN drops every hour at home"), h.file_case("ben", "Payroll shows 100% tax"),
            h.file_case("ben", "The _ key on my keyboard fails")]
    reply = say(h, "amy", f"what's the status of my vpn ticket? {CORPUS[name]}")
    words = all_text(reply)
    for other in bens:
        assert other.case_number not in words
    numbers = set(re.findall(r"\b\d{8}\b", words))
    assert numbers <= {mine.case_number}, words                      # never someone else's, never unrelated
    assert mine.case_number in words or "couldn't find" in words
    assert "Payroll" not in words and "keyboard" not in words
    _no_pings(bot, "amy")


def test_real_slack_mentions_are_filed_as_names_and_never_echoed_as_pings(bot, h):
    """What Slack delivers when a person picks @channel or @ben from the autocomplete: markup, not text."""
    before = len(bot.slack.bot_messages("amy"))
    ts = "1700000000.000100"
    channel = bot.slack.dm_channel("amy")
    event = {"type": "message", "user": "U0AMY", "channel": channel, "channel_type": "im", "ts": ts,
             "event_ts": ts, "team": "T0CONCIERGE",
             "text": "My printer is broken, <!channel> and <@U0BEN> <!subteam^S0ALL|@it-team> know it"}
    assert bot.slack.deliver_event(event).status == 200
    [reply] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    [case] = h.open_cases("amy")
    assert case.case_number in all_text(reply)
    assert "<!channel>" not in case.subject and "<@U0BEN>" not in case.subject
    description = h.case("amy", case.id).description
    assert "@channel" in description and "@it-team" in description and "<!channel>" not in description
    _no_pings(bot, "amy")


@pytest.mark.parametrize("name", ["soql_or_contact", "mentions", "html_script", "composite_ref"])
def test_new_case_modal_files_the_typed_text_verbatim(bot, h, name):
    """Modal inputs arrive as typed (no Slack markup): filed exactly, `&amp;` and `<!channel>` included."""
    from slackui import ids
    subject = f"Badge reader {uuid.uuid4().hex[:6]} refuses me {CORPUS[name]}"
    description = f"Details: {CORPUS[name]} {CORPUS['soql_quotes']}"
    assert bot.slack.slash("amy", "/case", "new").status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))
    n = len(bot.slack.bot_messages("amy"))
    bot.slack.submit_view("amy", view["id"], {ids.INPUT_SUBJECT: subject, ids.INPUT_DESCRIPTION: description,
                                               ids.INPUT_TYPE: "Incident"})
    bot.slack.wait_for_bot_messages("amy", n + 1)
    [listed] = h.open_cases("amy")
    case = h.case("amy", listed.id)
    assert case.subject == subject and description in (case.description or "")
    _no_pings(bot, "amy")


@pytest.mark.parametrize("name", ["soql_or_contact", "sosl_braces", "mentions"])
def test_slash_command_words_are_filed_verbatim_and_answered_without_pings(bot, h, name):
    text = _dm_text(CORPUS[name])
    assert bot.slack.slash("amy", "/case", text).status == 200
    [card] = bot.slack.wait_for(lambda: [m for m in bot.slack.messages("amy") if m.get("is_ephemeral")])
    [case] = h.open_cases("amy")
    assert _is_summary_of(case.subject, text) and case.case_number in all_text(card)
    assert h.case("amy", case.id).description == text
    assert not PINGS.search(all_text(card)), all_text(card)
