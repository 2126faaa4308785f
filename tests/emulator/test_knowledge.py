"""Salesforce Knowledge in the emulator (sandbox/salesforce/knowledge*.py): drafts, publishing, versions and
translations, the PublishStatus/Language query rule, SOSL with snippets and data categories, CaseArticle."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simple_salesforce.exceptions import SalesforceMalformedRequest

from .conftest import error_code

ONLINE_EN = "PublishStatus = 'Online' AND Language = 'en_US'"


def _publish(sf_agent, version_id: str, status: str = "Online", kind: str = "masterVersions") -> int:
    return sf_agent.restful(f"knowledgeManagement/articleVersions/{kind}/{version_id}", method="PATCH",
                            json={"publishStatus": status}) or 204


def _search(client, terms: str, where: str = ONLINE_EN, extra: str = "") -> list[dict]:
    q = (f"FIND {{{terms}}} RETURNING KnowledgeArticleVersion(Id, Title, KnowledgeArticleId, Language, "
         f"PublishStatus WHERE {where}){extra}")
    return client.restful("search", params={"q": q})["searchRecords"]


def _draft(sf_agent, url: str, title: str, **extra) -> str:
    return sf_agent.Knowledge__kav.create({"UrlName": url, "Title": title, "Summary": "Zebra printers " + title,
                                           **extra})["id"]


def test_a_new_article_is_a_draft_until_published_and_then_searchable(sf, sf_agent, sf_integration):
    vid = _draft(sf_agent, "zebra-labels", "Zebra label printer offline")
    assert vid.startswith("ka0")
    row = sf_agent.Knowledge__kav.get(vid)
    assert (row["PublishStatus"], row["VersionNumber"], row["IsLatestVersion"]) == ("Draft", 1, True)
    assert row["KnowledgeArticleId"].startswith("kA0") and len(row["ArticleNumber"]) == 9
    assert _search(sf_integration, "zebra") == []
    assert _publish(sf_agent, vid) == 204
    [hit] = _search(sf_integration, "zebra")
    assert hit["Id"] == vid and hit["PublishStatus"] == "Online"
    assert sf_agent.Knowledge__kav.get(vid)["LastPublishedDate"]


def test_archiving_takes_an_article_offline(sf, sf_agent, sf_integration):
    vid = _draft(sf_agent, "zebra-2", "Zebra ribbon")
    _publish(sf_agent, vid)
    _publish(sf_agent, vid, "Archived")
    assert _search(sf_integration, "zebra") == []
    assert _search(sf_integration, "zebra", "PublishStatus = 'Archived' AND Language = 'en_US'")[0]["Id"] == vid


def test_a_new_version_replaces_the_online_one_which_is_archived(sf, sf_agent, sf_integration):
    vid = _draft(sf_agent, "zebra-3", "Zebra driver")
    _publish(sf_agent, vid)
    article = sf_agent.Knowledge__kav.get(vid)["KnowledgeArticleId"]
    new = sf_agent.restful("knowledgeManagement/articleVersions/masterVersions", method="POST",
                           json={"articleId": article})["id"]
    assert [h["Id"] for h in _search(sf_integration, "zebra")] == [vid]      # the draft does not unpublish v1
    sf_agent.Knowledge__kav.update(new, {"Title": "Zebra driver 2"})
    _publish(sf_agent, new)
    rows = sf_agent.query(f"SELECT Id, VersionNumber, PublishStatus, IsLatestVersion FROM Knowledge__kav "
                          f"WHERE KnowledgeArticleId = '{article}' ORDER BY VersionNumber")["records"]
    assert [(r["VersionNumber"], r["PublishStatus"], r["IsLatestVersion"]) for r in rows] == [
        (1, "Archived", False), (2, "Online", True)]
    assert [h["Id"] for h in _search(sf_integration, "zebra")] == [new]


def test_only_drafts_can_be_updated_and_url_names_are_checked(sf, sf_agent):
    vid = _draft(sf_agent, "zebra-4", "Zebra")
    _publish(sf_agent, vid)
    with pytest.raises(SalesforceMalformedRequest):
        sf_agent.Knowledge__kav.update(vid, {"Title": "Changed"})
    with pytest.raises(SalesforceMalformedRequest) as exc:
        _draft(sf_agent, "zebra-4", "Another article, same URL name")
    assert error_code(exc) == "DUPLICATE_VALUE"
    with pytest.raises(SalesforceMalformedRequest):
        _draft(sf_agent, "has spaces", "Bad URL name")
    with pytest.raises(SalesforceMalformedRequest) as exc:
        sf_agent.Knowledge__kav.create({"UrlName": "x-1", "Title": "t", "PublishStatus": "Online"})
    assert error_code(exc) == "INVALID_FIELD_FOR_INSERT_UPDATE"


@pytest.mark.parametrize("soql", [
    "SELECT Id FROM KnowledgeArticleVersion",
    "SELECT Id FROM KnowledgeArticleVersion WHERE PublishStatus = 'Online'",
    "SELECT Id FROM Knowledge__kav WHERE Language = 'en_US'",
    "SELECT Id FROM Knowledge__kav WHERE PublishStatus IN ('Online', 'Draft') AND Language = 'en_US'",
    "SELECT Id FROM KnowledgeArticleVersion WHERE PublishStatus = 'Online' OR Language = 'en_US'",
])
def test_article_queries_without_one_publish_status_and_language_are_refused(sf_emulator, soql):
    client = sf_emulator.salesforce("integration")
    with pytest.raises(SalesforceMalformedRequest) as exc:
        client.query(soql)
    assert error_code(exc) == "MALFORMED_QUERY" and "Implementation restriction" in exc.value.content[0]["message"]


def test_article_queries_by_article_id_need_no_status(sf_emulator):
    client = sf_emulator.salesforce("integration")
    online = client.query(f"SELECT Id, KnowledgeArticleId FROM KnowledgeArticleVersion WHERE {ONLINE_EN}")
    assert online["totalSize"] >= 30
    article = online["records"][0]["KnowledgeArticleId"]
    assert client.query(f"SELECT Id FROM Knowledge__kav WHERE KnowledgeArticleId = '{article}'")["totalSize"] >= 1


def test_article_search_without_status_and_language_is_refused(sf_emulator):
    client = sf_emulator.salesforce("integration")
    for where in ("PublishStatus = 'Online'", "Language = 'en_US'"):
        with pytest.raises(SalesforceMalformedRequest) as exc:
            _search(client, "vpn", where)
        assert error_code(exc) == "MALFORMED_SEARCH"
    with pytest.raises(SalesforceMalformedRequest):
        client.restful("search", params={"q": "FIND {vpn} RETURNING KnowledgeArticleVersion(Id)"})


def test_search_is_per_language_and_snippets_mark_the_words(sf_emulator):
    client = sf_emulator.salesforce("integration")
    german = _search(client, "VPN", "PublishStatus = 'Online' AND Language = 'de'")
    assert [h["Language"] for h in german] == ["de"]
    english = _search(client, "VPN", extra=" WITH SNIPPET (target_length=80)")
    assert english and all(h["Language"] == "en_US" for h in english)
    assert any("<mark>" in (h.get("snippet.text") or "") for h in english)
    assert "<mark>VPN</mark>" in english[0]["highlight.Title"]


def test_data_category_filters(sf_emulator):
    client = sf_emulator.salesforce("integration")
    below = _search(client, "printer OR laptop", extra=" WITH DATA CATEGORY IT_Services__c BELOW Hardware__c")
    at_printer = _search(client, "printer OR laptop", extra=" WITH DATA CATEGORY IT_Services__c AT Printer__c")
    assert at_printer and {h["Id"] for h in at_printer} < {h["Id"] for h in below}
    assert _search(client, "printer", extra=" WITH DATA CATEGORY IT_Services__c AT VPN__c") == []


def test_a_case_article_link_is_created_once(sf, sf_integration, alice_id):
    case = sf_integration.Case.create({"ContactId": alice_id, "Subject": "VPN"})["id"]
    [hit] = _search(sf_integration, "GlobalConnect", extra=" LIMIT 1")
    link = {"CaseId": case, "KnowledgeArticleId": hit["KnowledgeArticleId"], "KnowledgeArticleVersionId": hit["Id"]}
    first = sf_integration.CaseArticle.create(link)["id"]
    assert sf_integration.CaseArticle.create(link)["id"] == first
    rows = sf_integration.query(f"SELECT Id, ArticleLanguage, ArticleVersionNumber FROM CaseArticle "
                                f"WHERE CaseId = '{case}'")["records"]
    assert [(r["Id"], r["ArticleLanguage"]) for r in rows] == [(first, "en_US")] and rows[0]["ArticleVersionNumber"]


def test_the_search_index_delay_applies_to_articles(sf, sf_agent, sf_integration):
    sf.org.options.search_index_delay_seconds = 600
    vid = _draft(sf_agent, "zebra-5", "Zebra tags")
    _publish(sf_agent, vid)
    assert _search(sf_integration, "zebra") == []
    sf.advance_clock(601)
    assert [h["Id"] for h in _search(sf_integration, "zebra")] == [vid]


_STATES = st.lists(st.tuples(st.sampled_from(["draft", "online", "archived", "revised"]),
                             st.sampled_from(["en_US", "de"]), st.booleans()), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=_STATES)
def test_online_search_never_returns_drafts_archived_or_other_languages(sf_emulator, plan):
    """Over random knowledge bases: only Online versions in the language asked for come back."""
    sf_emulator.reset()
    agent = sf_emulator.salesforce("agent")
    client = sf_emulator.salesforce("integration")
    expected = set()
    for i, (state, language, visible) in enumerate(plan):
        vid = agent.Knowledge__kav.create({"UrlName": f"quokka-{i}", "Title": f"Quokka {i}", "Language": language,
                                           "IsVisibleInApp": visible})["id"]
        if state == "draft":
            continue
        _publish(agent, vid)
        if state == "archived":
            _publish(agent, vid, "Archived")
        elif state == "revised":
            article = agent.Knowledge__kav.get(vid)["KnowledgeArticleId"]
            new = agent.restful("knowledgeManagement/articleVersions/masterVersions", method="POST",
                                json={"articleId": article})["id"]
            _publish(agent, new)
            vid = new
        if state != "archived" and language == "en_US":
            expected.add(vid)
    hits = _search(client, "quokka")
    assert {h["Id"] for h in hits} == expected
    assert all(h["PublishStatus"] == "Online" and h["Language"] == "en_US" for h in hits)
