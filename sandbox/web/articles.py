"""The agent console writes and publishes a Knowledge article, through the REST calls an admin's tooling makes on
Salesforce (the rules and their sources: sandbox/salesforce/README.md, "Knowledge"), as the agent:

1. POST sobjects/Knowledge__kav {Title, UrlName, Summary, Details__c, Language} creates a Draft, version 1 of a
   new article;
2. with a data category, POST sobjects/Knowledge__DataCategorySelection {ParentId, DataCategoryGroupName,
   DataCategoryName} files the draft under it;
3. PATCH knowledgeManagement/articleVersions/masterVersions/{id} {"publishStatus": "Online"} publishes it (204).

Then GET sobjects/Knowledge__kav/{id} reads back what Salesforce set (ArticleNumber, PublishStatus). The data
categories offered are those the org's articles are filed under (a query on Knowledge__DataCategorySelection); any
other is refused before anything is written, and so is a form without a title or a body.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from simple_salesforce import Salesforce

from sandbox.web.agent import AgentConsole, AgentError

ARTICLE_OBJECT = "Knowledge__kav"
BODY_FIELD = "Details__c"            # the demo org's article body (rich text)
LANGUAGE = "en_US"
TITLE_MAX, SUMMARY_MAX, BODY_MAX = 255, 1000, 32_000
_NOT_URL = re.compile(r"[^A-Za-z0-9]+")


def categories(console: AgentConsole) -> list[dict[str, str]]:
    """The data categories articles are filed under: [{"group", "name"}], by group and name."""
    soql = "SELECT DataCategoryGroupName, DataCategoryName FROM Knowledge__DataCategorySelection"
    rows = console.call(lambda sf: sf.query_all(soql))["records"]
    found = {(r["DataCategoryGroupName"], r["DataCategoryName"]) for r in rows}
    return [{"group": g, "name": n} for g, n in sorted(found)]


def url_name(title: str) -> str:
    """The article's URL name from its title: letters, digits and hyphens, no hyphen at either end."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_URL.sub("-", ascii_title).strip("-").lower()[:TITLE_MAX].strip("-")


def body_html(text: str) -> str:
    """Plain text as the rich-text body: paragraphs at blank lines, line breaks kept, everything escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{'<br>'.join(html.escape(line) for line in p.splitlines())}</p>" for p in paragraphs)


def publish(console: AgentConsole, title: str, summary: str, body: str, category: str | None = None) -> dict[str, Any]:
    """Write a draft article, file it under `category` (a data category's name), publish it; returns what
    Salesforce made of it."""
    title, summary, body, category = title.strip(), summary.strip(), body.strip(), (category or "").strip() or None
    if not title or not body:
        raise AgentError("An article needs a title and a body.")
    if len(title) > TITLE_MAX or len(summary) > SUMMARY_MAX or len(body) > BODY_MAX:
        raise AgentError(f"Keep the title under {TITLE_MAX} characters, the summary under {SUMMARY_MAX} and the "
                         f"body under {BODY_MAX}.")
    slug = url_name(title)
    if not slug:
        raise AgentError("The title needs at least one letter or digit (it makes the article's URL name).")
    group = None
    if category is not None:
        known = {c["name"]: c["group"] for c in categories(console)}
        if category not in known:
            raise AgentError(f"No data category {category!r}; pick one of: {', '.join(sorted(known))}.")
        group = known[category]
    fields = {"Title": title, "UrlName": slug, "Summary": summary or None, BODY_FIELD: body_html(body),
              "Language": LANGUAGE}
    version = str(console.call(lambda sf: getattr(sf, ARTICLE_OBJECT).create(fields))["id"])
    if group is not None:
        console.call(lambda sf: sf.Knowledge__DataCategorySelection.create(
            {"ParentId": version, "DataCategoryGroupName": group, "DataCategoryName": category}))
    console.call(lambda sf: _publish(sf, version))
    made = console.call(lambda sf: getattr(sf, ARTICLE_OBJECT).get(version))
    return {"id": version, "article_id": made.get("KnowledgeArticleId"), "number": made.get("ArticleNumber"),
            "title": made.get("Title"), "url_name": made.get("UrlName"), "status": made.get("PublishStatus"),
            "language": made.get("Language"), "category": category}


def _publish(sf: Salesforce, version: str) -> None:
    path = f"knowledgeManagement/articleVersions/masterVersions/{quote(version, safe='')}"
    sf.restful(path, method="PATCH", json={"publishStatus": "Online"})
