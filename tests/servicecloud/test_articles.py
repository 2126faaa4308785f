"""Knowledge for the case desk (servicecloud/articles.py): article search in one call, only Online articles in
the person's language, and filing with the articles tried (CaseArticle links, a Description line, the category
mapped from the article), against the emulator's seeded knowledge base."""
from __future__ import annotations

from servicecloud import OrgConfig
from servicecloud.config import CategoryFrom, KnowledgeConfig

VALUES = {"Network": "Network", "Accounts and Access": "Access", "Hardware": "Hardware", "Printing": "Hardware",
          "Software": "Software"}


def _org(**category_from) -> OrgConfig:
    return OrgConfig(knowledge=KnowledgeConfig(enabled=True, category_from=CategoryFrom(**{"values": VALUES,
                                                                                          **category_from})))


def test_search_is_one_call_and_returns_online_articles_in_the_language(sf, make_desk, desk_calls):
    desk = make_desk(_org(field="Support_Category__c"))
    desk.search_articles(["warm", "up"])          # sign-in and first call out of the way
    before = desk_calls()
    articles = desk.search_articles(["vpn", "home"])
    assert desk_calls() - before == 1
    assert articles and articles[0].title == "Connect to the VPN from home"
    assert all(a.language == "en_US" for a in articles)
    assert articles[0].version == 2 and articles[0].category == "Network"      # the revised version, online
    assert articles[0].url and articles[0].article_id.startswith("kA0")
    german = desk.search_articles(["vpn"], language="de")
    assert [a.title for a in german] == ["Von zu Hause mit dem VPN verbinden"]
    assert not any("draft" in a.title.lower() or "legacy" in a.title.lower()
                   for a in desk.search_articles(["vpn", "split", "legacy", "anylink"]))


def test_filing_after_articles_links_them_names_them_and_takes_their_category(sf, make_desk, employee, desk_calls,
                                                                              sf_agent):
    desk = make_desk(_org(field="Support_Category__c"))
    articles = desk.search_articles(["printer", "jam"])[:2]
    before = desk_calls()
    case = desk.file_case(employee.id, "the printer on floor 3 keeps jamming", articles=articles)
    assert desk_calls() - before == 1
    assert "Tried before filing" in (case.description or "") and articles[0].title in (case.description or "")
    links = sf_agent.query(f"SELECT KnowledgeArticleId FROM CaseArticle WHERE CaseId = '{case.id}'")["records"]
    assert {r["KnowledgeArticleId"] for r in links} == {a.article_id for a in articles}
    row = sf_agent.Case.get(case.id)
    assert row["Internal_Support_Category__c"] == "Hardware"


def test_the_category_can_come_from_the_data_category(sf, make_desk, employee, sf_agent):
    desk = make_desk(_org(data_category_group="IT_Services", values={"VPN": "Network"}))
    articles = desk.search_articles(["vpn", "disconnecting"])
    case = desk.file_case(employee.id, "vpn drops all the time", articles=articles[:1])
    assert sf_agent.Case.get(case.id)["Internal_Support_Category__c"] == "Network"


def test_an_unmapped_article_category_gives_the_default(sf, make_desk, employee, sf_agent):
    desk = make_desk(_org(field="Support_Category__c"))
    [article] = [a for a in desk.search_articles(["badge", "door"]) if a.category == "Facilities IT"][:1]
    case = desk.file_case(employee.id, "my badge does not open the door", articles=[article])
    assert sf_agent.Case.get(case.id)["Internal_Support_Category__c"] == "Concierge Uncategorized"


def test_filing_without_articles_is_unchanged(sf, desk, employee, sf_agent):
    case = desk.file_case(employee.id, "my monitor flickers")
    assert "Tried before filing" not in (case.description or "")
    assert sf_agent.query(f"SELECT Id FROM CaseArticle WHERE CaseId = '{case.id}'")["totalSize"] == 0
