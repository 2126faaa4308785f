"""Answers before tickets (bot/knowledge.py), through the real bot over HTTP, the Slack stand-in and the emulator's
seeded knowledge base: articles first for a described problem, "File my case" files once with the articles tried,
"This fixed it" files nothing, nothing shown when nothing fits, urgent and security messages filed at once, and with
Knowledge off nothing changes."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from sandbox.salesforce.knowledge_seed import BOT_SETTINGS
from slackui import ids
from tests.plugins.slack import BotHarness, make_settings, serve_bot

from tests.bot.conftest import Helpers

ORG = {"knowledge": BOT_SETTINGS}      # the seeded knowledge base's settings, as the demo and the e2e bench use


def _harness(request: pytest.FixtureRequest, slack: Any, store: Any, tmp_path: Any, org: dict) -> Iterator[BotHarness]:
    from sandbox.slack import SlackUser
    from servicecloud.config import load_org_config

    path = tmp_path / "org.yml"
    path.write_text(yaml.safe_dump(org))
    settings = make_settings(slack.api_url, CONCIERGE_CONFIG=str(path))
    desk = request.getfixturevalue("make_desk")(load_org_config(str(path)))
    sf = request.getfixturevalue("sf")
    contact = request.getfixturevalue("employee")
    slack.add_user(SlackUser("U0AMY", "amy", contact.name or "amy", contact.email))
    yield from serve_bot(slack, settings, store, desk, sf)


@pytest.fixture
def kb(request: pytest.FixtureRequest, slack: Any, store: Any, tmp_path: Any) -> Iterator[Helpers]:
    for harness in _harness(request, slack, store, tmp_path, ORG):
        yield Helpers(harness)


@pytest.fixture
def kb_off(request: pytest.FixtureRequest, slack: Any, store: Any, tmp_path: Any) -> Iterator[Helpers]:
    for harness in _harness(request, slack, store, tmp_path, {"knowledge": {"enabled": False}}):
        yield Helpers(harness)


def _buttons(msg: dict) -> list[str]:
    return [e.get("action_id", "") for b in msg.get("blocks") or [] for e in
            (b.get("elements") or []) + ([b["accessory"]] if b.get("accessory") else []) if e.get("type") == "button"]


def _calls(h: Helpers) -> int:
    return h.bot.sf.api_usage()[0]


def test_a_described_problem_gets_articles_first_and_file_my_case_files_once(kb):
    h = kb
    h.say("amy", "show my cases")                                   # directory look-up out of the way
    before = _calls(h)
    [card] = h.say("amy", "my VPN keeps disconnecting every few minutes when I work from home")
    assert _calls(h) - before == 1                                   # one Salesforce call for the answer
    assert "VPN keeps disconnecting" in str(card["blocks"])
    assert {ids.KB_FIXED, ids.KB_FILE} <= set(_buttons(card)) and any(b.startswith(ids.KB_OPEN) for b in _buttons(card))
    assert h.open_cases("amy") == []                                  # nothing filed yet
    before = _calls(h)
    h.click("amy", ids.KB_FILE)
    assert _calls(h) - before == 1      # the Case, its CaseArticle links, the read-back: one Composite; with the
                                        # answer's one, 2 calls in all (issue 22's bar)
    [listed] = h.open_cases("amy")
    case = h.case("amy", listed.id)
    assert "keeps disconnecting" in case.description and "Tried before filing" in case.description
    row = h.bot.sf.salesforce("agent").Case.get(case.id)
    assert row["Internal_Support_Category__c"] == "Network"
    links = h.bot.sf.salesforce("agent").query(f"SELECT Id FROM CaseArticle WHERE CaseId = '{case.id}'")
    assert links["totalSize"] >= 1
    h.click("amy", ids.KB_FILE)                                        # a second click files nothing more
    assert len(h.open_cases("amy")) == 1
    answers = h.bot.store.answers.since(case.created_date.replace(year=2000))
    assert answers[-1].filed_at is not None and answers[-1].case_id == case.id


def test_this_fixed_it_files_nothing(kb):
    h = kb
    h.say("amy", "how do I set up my work email on my phone?")
    [reply] = h.click("amy", ids.KB_FIXED)
    assert "Nothing was filed" in reply["text"]
    assert h.open_cases("amy") == []
    [answer] = h.bot.store.answers.since(h.bot.store.answers.by_message(answer_key(h)).shown_at)
    assert answer.confirmed_at is not None and answer.filed_at is None


def answer_key(h: Helpers) -> str:
    rows = h.bot.store.answers.open_for("U0AMY", __import__("datetime").timedelta(days=1))
    if rows is not None:
        return rows.asked_by
    from datetime import UTC, datetime, timedelta
    return h.bot.store.answers.since(datetime.now(UTC) - timedelta(days=1))[-1].asked_by


def test_typing_that_it_did_not_help_files_the_problem(kb):
    h = kb
    h.say("amy", "the printer says paper jam in tray 2 but there is no paper stuck")
    h.say("amy", "that didn't help, please file it")
    [listed] = h.open_cases("amy")
    case = h.case("amy", listed.id)
    assert "paper jam" in case.description and "Tried before filing" in case.description


def test_nothing_fits_so_the_case_is_filed_at_once(kb):
    h = kb
    h.say("amy", "the SAP purchase order screen shows a blank grid")
    [listed] = h.open_cases("amy")
    case = h.case("amy", listed.id)
    assert "Tried before filing" not in case.description


@pytest.mark.parametrize(("text", "title"), [
    # a task word ("connect") and the thing in the article's title fit, though each alone is too common
    ("my laptop won't connect to the VPN since this morning", "Connect to the VPN from home"),
    ("my phone won't connect to the office wifi", "Connect to the office Wi-Fi"),       # "Wi-Fi" is "wifi"
    # a question for a piece of information is looked up before it is read as out of scope
    ("what's the wifi code for visitors?", "Wi-Fi for visitors and guests"),
])
def test_weak_spots_get_the_article_that_fits(kb, text, title):
    h = kb
    [card] = h.say("amy", text)
    assert title in str(card["blocks"]) and ids.KB_FILE in _buttons(card)
    assert h.open_cases("amy") == []


@pytest.mark.parametrize("text", [
    "URGENT: the VPN is down for the whole team and we have a client demo in an hour",
    "I clicked a link in a phishing email and entered my password, my account may be hacked",
])
def test_urgent_and_security_messages_are_filed_without_articles(kb, text):
    h = kb
    h.say("amy", text)
    assert len(h.open_cases("amy")) == 1


def test_with_knowledge_off_nothing_changes(kb_off):
    h = kb_off
    h.say("amy", "show my cases")
    before = _calls(h)
    h.say("amy", "my VPN keeps disconnecting every few minutes when I work from home")
    assert _calls(h) - before == 1              # the filing alone: no Knowledge search
    assert len(h.open_cases("amy")) == 1
