"""The rating on a resolution notice, end to end (issue 24): the real poller posts the resolved notice through the
Slack stand-in, the real bot answers the taps, the emulator is Salesforce. One tap stores the rating (store and
Case fields) in one Salesforce call with the agent's work note; a change within ten minutes updates; a low score
offers to reopen and a reason chip reopens with the reason as a public comment; a case reopened before an answer
has its survey withdrawn and a late tap is answered kindly."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
import yaml
from simple_salesforce import format_soql
from slack_sdk import WebClient

from notifications import Poller
from slackui import rating
from tests.bot.conftest import Helpers, all_text, buttons
from tests.notifications.world import talk_ignored

_CONFIG = Path(tempfile.mkdtemp(prefix="csat-")) / "org.yml"
_CONFIG.write_text(yaml.safe_dump({"csat": {"enabled": True, "store": "case_fields", "reopen_at_or_below": 2}}))
pytestmark = pytest.mark.bot_settings(CONCIERGE_CONFIG=str(_CONFIG))


def _poller(bot) -> Poller:
    client = WebClient(token=bot.settings.slack_bot_token, base_url=bot.slack.api_url)
    return Poller(store=bot.store, desk=bot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                  org=talk_ignored(bot.settings.org))


def _resolved_notice(bot, h: Helpers, sf_agent, subject: str):
    h.say("amy", subject)
    [case] = [c for c in h.open_cases("amy") if c.subject == subject]
    poller = _poller(bot)
    poller.run_once()                                          # the feed starts "from now"
    sf_agent.Case.update(case.id, {"Status": "Resolved"})
    report = poller.run_once()
    assert (report.sent, report.surveys) == (1, 1)
    notice = bot.slack.bot_messages("amy")[-1]
    return case, poller, notice


def _wait_for(bot, ts: str, text: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = next(m for m in bot.slack.bot_messages("amy") if m["ts"] == ts)
        if text in all_text(found):
            return found
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared in the message: {all_text(found)}")


def _case_fields(bot, case_id: str) -> dict:
    client = bot.sf.salesforce("integration")
    try:
        return client.query(format_soql("SELECT CSAT_Score__c, CSAT_Rated_At__c, Status FROM Case WHERE Id = {}",
                                        case_id))["records"][0]
    finally:
        client.session.close()


def test_one_tap_stores_the_rating_in_one_call_a_change_updates_and_a_low_score_reopens(bot, sf_agent, desk_calls):
    h = Helpers(bot)
    case, poller, notice = _resolved_notice(bot, h, sf_agent, "The projector in room 4 shows no picture")
    rates = {k: v for k, v in buttons(notice).items() if k.startswith(rating.RATE)}
    assert len(rates) == 5 and rating.MORE in buttons(notice) and "How did we do?" in all_text(notice)

    before = desk_calls()
    bot.slack.click("amy", rating.RATE, rates[f"{rating.RATE}:3"], message=notice)      # 4 of 5
    _wait_for(bot, notice["ts"], "You rated it 4 of 5")
    assert desk_calls() - before == 1                          # the Case fields and the work note: one call
    assert _case_fields(bot, case.id)["CSAT_Score__c"] == 4
    assert any("rated the resolution 4 of 5" in c for c in h.bot.sf_comments(case.id, published=False))
    [survey] = bot.store.surveys.of_person("U0AMY")
    assert (survey.score, survey.case_id) == (4, case.id)

    # Changed to 2 within ten minutes: the same row and the same fields, and at once "Should I reopen it?"
    before = desk_calls()
    [offer] = h.click("amy", rating.RATE, rates[f"{rating.RATE}:1"], message=notice)
    assert desk_calls() - before == 1
    assert "Should I reopen it?" in all_text(offer) and offer.get("thread_ts") == notice.get("thread_ts")
    assert [s.score for s in bot.store.surveys.of_person("U0AMY")] == [2]
    assert _case_fields(bot, case.id)["CSAT_Score__c"] == 2
    chips = {el["text"]["text"]: el for b in offer["blocks"] if b["type"] == "actions" for el in b["elements"]}
    assert {"Reopen", "No, it's fixed", "It came back"} <= set(chips)

    chip = chips["It came back"]
    [reopened] = h.click("amy", chip["action_id"], chip["value"], message=offer)
    assert "reopened" in all_text(reopened).lower()
    assert _case_fields(bot, case.id)["Status"] == "Reopened"
    assert any("It came back" in c and "2 of 5" in c for c in h.comments(case.id))      # public comment

    poller.run_once()                                          # seen open again: an answered survey stays
    assert bot.store.surveys.of_person("U0AMY")[0].status == "answered"
    metrics = bot.runtime.metrics.render().decode()
    assert 'concierge_csat_ratings{score="2"} 1.0' in metrics
    assert 'concierge_csat_surveys{status="answered"} 1.0' in metrics


def test_a_case_reopened_before_an_answer_withdraws_the_survey_and_a_late_tap_is_answered_kindly(bot, sf_agent):
    h = Helpers(bot)
    case, poller, notice = _resolved_notice(bot, h, sf_agent, "The scanner on floor 2 jams on every page")
    sf_agent.Case.update(case.id, {"Status": "In Progress"})
    report = poller.run_once()
    assert report.surveys_withdrawn == 1
    withdrawn = _wait_for(bot, notice["ts"], "reopened")
    assert not any(k.startswith(rating.RATE) for k in buttons(withdrawn))     # the buttons are gone

    # A tap on the card as it was (an old client, a second device) is answered kindly and stores nothing.
    value = buttons(notice)[f"{rating.RATE}:4"]
    [late] = h.click("amy", rating.RATE, value, message=notice)
    assert "was reopened since" in all_text(late)
    assert bot.store.surveys.of_person("U0AMY")[0].score is None
    assert _case_fields(bot, case.id)["CSAT_Score__c"] is None
