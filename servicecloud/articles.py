"""Salesforce Knowledge for the case desk: the articles that may answer a problem (one SOSL call), and the case
category a filing takes from the articles tried (the org mapping's `knowledge.category_from`).

Only Online article versions in the person's language that are visible in the internal app are ever asked for:
every search names `PublishStatus = 'Online'` and `Language = ...`, which Salesforce requires anyway ("Always
filter on a single value of PublishStatus ... Always filter on a single value of Language", Salesforce Knowledge
Developer Guide, "Salesforce Knowledge with SOQL and SOSL").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql

from servicecloud.config import OrgConfig
from servicecloud.mapping import DeskPart
from servicecloud.soql import sosl_phrase

SEARCH_ROWS = 6            # read a few more than shown: the bot keeps only those that fit well
SNIPPET_LENGTH = 160
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Article:
    """One Online article version, as shown to an employee."""

    id: str                      # the version's Id (Knowledge__kav / KnowledgeArticleVersion)
    article_id: str              # KnowledgeArticleId: the same for every version and language
    number: str                  # ArticleNumber
    title: str
    summary: str
    url_name: str
    language: str
    version: int
    url: str | None = None
    snippet: str | None = None   # plain text around the words found (Salesforce's <mark> tags removed)
    category: str | None = None  # the article's value of `knowledge.category_from.field`, when one is set

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "article_id": self.article_id, "number": self.number, "title": self.title,
                "summary": self.summary, "url_name": self.url_name, "language": self.language,
                "version": self.version, "url": self.url, "snippet": self.snippet, "category": self.category}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(id=str(data["id"]), article_id=str(data["article_id"]), number=str(data.get("number") or ""),
                   title=str(data.get("title") or ""), summary=str(data.get("summary") or ""),
                   url_name=str(data.get("url_name") or ""), language=str(data.get("language") or ""),
                   version=int(data.get("version") or 0), url=data.get("url"), snippet=data.get("snippet"),
                   category=data.get("category"))


def article_search(org: OrgConfig, keywords: Sequence[str], language: str, limit: int = SEARCH_ROWS) -> str | None:
    """The SOSL statement for the articles matching any keyword, or None when no keyword is searchable."""
    phrases = []
    for kw in keywords:
        phrase = sosl_phrase(str(kw))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        return None
    k = org.knowledge
    fields = ["Id", "KnowledgeArticleId", "ArticleNumber", "Title", "Summary", "UrlName", "Language", "VersionNumber"]
    if k.category_from.field and k.category_from.field not in fields:
        fields.append(k.category_from.field)
    where = format_soql("PublishStatus = 'Online' AND Language = {} AND IsVisibleInApp = true", language)
    return (f"FIND {{{' OR '.join(phrases[:20])}}} RETURNING {k.article_object}({', '.join(fields)} WHERE {where} "
            f"LIMIT {int(limit)}) WITH SNIPPET (target_length={SNIPPET_LENGTH})")


class Knowledge(DeskPart):
    """Articles for the desk (CaseDesk.search_articles, CaseDesk.article_category)."""

    def article(self, rec: dict[str, Any]) -> Article:
        k = self.org.knowledge
        fields = {"id": rec["Id"], "article_id": rec.get("KnowledgeArticleId") or "",
                  "url_name": rec.get("UrlName") or "", "article_number": rec.get("ArticleNumber") or "",
                  "instance_url": self.client.instance_url}
        url = k.url_template.format(**fields) if k.url_template else None
        snippet = rec.get("snippet.text")
        return Article(id=rec["Id"], article_id=str(rec.get("KnowledgeArticleId") or ""),
                       number=str(rec.get("ArticleNumber") or ""), title=str(rec.get("Title") or ""),
                       summary=str(rec.get("Summary") or ""), url_name=str(rec.get("UrlName") or ""),
                       language=str(rec.get("Language") or ""), version=int(rec.get("VersionNumber") or 0),
                       url=url, snippet=" ".join(_TAG_RE.sub("", snippet).split()) if snippet else None,
                       category=rec.get(k.category_from.field) if k.category_from.field else None)

    def search_articles(self, keywords: Sequence[str], *, language: str | None = None,
                        limit: int = SEARCH_ROWS) -> list[Article]:
        """Online articles in `language` (the org's default when None) matching any keyword, most relevant first.
        One call (none when no keyword is searchable)."""
        sosl = article_search(self.org, keywords, language or self.org.knowledge.language, limit)
        if sosl is None:
            return []
        return [self.article(rec) for rec in self.client.search(sosl)
                if rec.get("attributes", {}).get("type") == self.org.knowledge.article_object]

    def category_of(self, articles: Sequence[Article]) -> str | None:
        """The Case category for a filing after `articles` were shown (the first is the best): the mapped value of
        its field (no call) or of its data category (one query), else the org's default; None when the org maps
        no category from articles."""
        source = self.org.knowledge.category_from
        default = self.org.defaults.category_value or None
        if not articles or not (source.field or source.data_category_group):
            return None
        if source.field:
            return source.values.get(articles[0].category or "", default)
        rows = self.client.query(format_soql(
            "SELECT ParentId, DataCategoryName FROM Knowledge__DataCategorySelection WHERE ParentId IN {} AND "
            "DataCategoryGroupName = {}", [a.id for a in articles[:1]], source.data_category_group)).get("records") or []
        for row in rows:
            if row.get("DataCategoryName") in source.values:
                return source.values[row["DataCategoryName"]]
        return default


def tried_line(articles: Sequence[Article]) -> str:
    """The Description line naming what the employee tried before filing."""
    names = "; ".join(f"“{a.title}” ({a.number})" if a.number else f"“{a.title}”" for a in articles)
    return f"Tried before filing (Knowledge articles shown by Concierge): {names}"
