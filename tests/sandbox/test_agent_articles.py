"""The agent console writes and publishes a Knowledge article (issue 22: "the agent console can write and publish
one"), through the page's HTTP endpoint with the run's token, as the agent over the REST API: a draft
(POST sobjects/Knowledge__kav), its data category, then published (PATCH knowledgeManagement/...); the bot's own
article search then finds it. Without the token, or not as JSON, nothing is written."""
from __future__ import annotations

import warnings
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project ships
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

from sandbox.web import create_app
from sandbox.web.agent import AgentConsole, AgentCredentials
from sandbox.web.articles import body_html, url_name
from servicecloud import OrgConfig
from servicecloud.config import KnowledgeConfig
from tests.sandbox.test_page_api import RecordingChat

TOKEN = {"X-Sandbox-Token": "run-token"}
ARTICLE = {"title": "Zebra label printer shows 'Ribbon out'", "summary": "Load a new ribbon roll and calibrate.",
           "body": "Open the cover, load the ribbon <shiny side out>.\n\nHold Feed for 2 seconds to calibrate.",
           "category": "Printer"}


@pytest.fixture
def page(sf: Any) -> TestClient:
    return TestClient(create_app(RecordingChat(), AgentConsole(AgentCredentials.from_emulator_info(sf.info)),
                                 token="run-token"))


def _articles(sf_agent: Any) -> int:
    return sf_agent.query("SELECT Id FROM Knowledge__kav WHERE PublishStatus = 'Draft' AND Language = 'en_US'")[
        "totalSize"] + sf_agent.query("SELECT Id FROM Knowledge__kav WHERE PublishStatus = 'Online' AND "
                                      "Language = 'en_US'")["totalSize"]


def test_the_console_writes_and_publishes_an_article_the_bot_then_finds(page, sf_agent, make_desk):
    categories = page.get("/api/agent/articles/categories", headers=TOKEN).json()["categories"]
    assert {"group": "IT_Services", "name": "Printer"} in categories
    made = page.post("/api/agent/articles", json=ARTICLE, headers=TOKEN)
    assert made.status_code == 200, made.text
    article = made.json()["article"]
    assert (article["status"], article["url_name"], article["category"]) == (
        "Online", "zebra-label-printer-shows-ribbon-out", "Printer")
    assert len(article["number"]) == 9
    row = sf_agent.Knowledge__kav.get(article["id"])
    assert row["Details__c"] == ("<p>Open the cover, load the ribbon &lt;shiny side out&gt;.</p>"
                                 "<p>Hold Feed for 2 seconds to calibrate.</p>")
    assert row["CreatedById"] == sf_agent.query("SELECT Id FROM User WHERE Username = 'sam.rivera@example.com'")[
        "records"][0]["Id"]                                                  # written as the agent
    [selection] = sf_agent.query("SELECT DataCategoryGroupName, DataCategoryName FROM "
                                 f"Knowledge__DataCategorySelection WHERE ParentId = '{article['id']}'")["records"]
    assert (selection["DataCategoryGroupName"], selection["DataCategoryName"]) == ("IT_Services", "Printer")
    desk = make_desk(OrgConfig(knowledge=KnowledgeConfig(enabled=True)))
    assert article["id"] in [a.id for a in desk.search_articles(["ribbon", "zebra"])]

    again = page.post("/api/agent/articles", json=ARTICLE, headers=TOKEN)      # Salesforce's own refusal
    assert again.status_code == 400 and "URL Name" in again.json()["error"]


def test_without_the_token_or_json_or_a_known_category_nothing_is_written(page, sf_agent):
    before = _articles(sf_agent)
    assert page.post("/api/agent/articles", json=ARTICLE).status_code == 403
    assert page.get("/api/agent/articles/categories").status_code == 403
    assert page.post("/api/agent/articles", data=ARTICLE, headers=TOKEN).status_code == 415     # a form post
    assert page.post("/api/agent/articles", json=ARTICLE, headers={**TOKEN, "Origin": "https://evil.example"}
                     ).status_code == 403
    unknown = page.post("/api/agent/articles", json={**ARTICLE, "category": "Coffee"}, headers=TOKEN)
    assert unknown.status_code == 400 and "Printer" in unknown.json()["error"]
    empty = page.post("/api/agent/articles", json={**ARTICLE, "body": "  "}, headers=TOKEN)
    assert empty.status_code == 400 and "body" in empty.json()["error"]
    assert _articles(sf_agent) == before


def test_url_names_and_bodies():
    assert url_name("  Wi-Fi: connect (CorpNet) — café ") == "wi-fi-connect-corpnet-cafe"
    assert url_name("!!!") == ""
    assert body_html("a & b\nnext line\n\n\nnew <p>") == "<p>a &amp; b<br>next line</p><p>new &lt;p&gt;</p>"
