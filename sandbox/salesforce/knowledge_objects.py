"""Salesforce Knowledge (Lightning Knowledge): the objects and the query rule articles are read by.

- `Knowledge__kav` (prefix ka0): one row per article *version* in one language. Created as a Draft with POST
  sobjects/Knowledge__kav; PublishStatus, VersionNumber, IsLatestVersion, ArticleNumber, KnowledgeArticleId,
  LastPublishedDate are Salesforce's to set (knowledge.py: the publishing actions of knowledgeManagement).
  "This object is derived from KnowledgeArticleVersion."
- `KnowledgeArticleVersion`: the global, read-only view of the standard fields of every article version (the
  same Ids as Knowledge__kav; a SQLite view over its table, so the custom fields are not in it).
- `KnowledgeArticle` (kA0): the master article, the same Id whatever the version or language.
- `Knowledge__DataCategorySelection` (02o): the data categories an article version is classified in
  (DataCategoryGroupName, DataCategoryName); child relationship `DataCategorySelections`.
- `CaseArticle` (ka5): the link between a Case and an article; creating one that exists returns the existing
  record ("If you attempt to create a record that matches an existing record, the create request simply returns
  the existing record").

Query rule (`article_filter_error`), from "Salesforce Knowledge with SOQL and SOSL": "Always filter on a single
value of PublishStatus unless the query filters on one or more primary key IDs" and "Always filter on a single
value of Language. However, in SOQL, you can filter on more than one Language if there is a filter on Id or
KnowledgeArticleId." Sources are listed in README.md, "Knowledge".
"""
from __future__ import annotations

from typing import Any

from . import soql
from .fields import (BOOLEAN, DATETIME, ID, INT, PICKLIST, REFERENCE, STRING, TEXTAREA, ChildRelationship, Field,
                     SObject)

LANGUAGES = ("en_US", "de", "fr", "es", "it", "ja", "nl_NL", "pt_BR")
DEFAULT_LANGUAGE = "en_US"
PUBLISH_STATUSES = ("Draft", "Online", "Archived")
ARTICLE_VERSION_OBJECTS = ("Knowledge__kav", "KnowledgeArticleVersion")
VIEWS = {"KnowledgeArticleVersion": "Knowledge__kav"}     # read-only objects served from another's table
BODY_FIELD = "Details__c"
ARTICLE_CATEGORY_FIELD = "Support_Category__c"
ARTICLE_CATEGORIES = ("Network", "Accounts and Access", "Hardware", "Software", "Email and Calendar",
                      "Security", "Printing", "Mobile", "Facilities IT")
# The org's data category group and its tree (child -> parent); "All" is the root, as in Salesforce.
CATEGORY_GROUP = "IT_Services"
CATEGORY_TREE = {
    "Network": "All", "VPN": "Network", "WiFi": "Network",
    "Accounts": "All", "Password": "Accounts", "MFA": "Accounts",
    "Hardware": "All", "Laptop": "Hardware", "Printer": "Hardware", "Monitor": "Hardware", "Phone": "Hardware",
    "Software": "All", "Email": "Software", "Office": "Software", "Collaboration": "Software",
    "Security": "All", "Phishing": "Security",
}


def _ro(name: str, type_: str, label: str, length: int = 0, **kw: Any) -> Field:
    return Field(name, type_, label, length, createable=False, updateable=False, **kw)


def _audit() -> dict[str, Field]:
    return {
        "IsDeleted": _ro("IsDeleted", BOOLEAN, "Deleted", nillable=False, default=False),
        "CreatedDate": _ro("CreatedDate", DATETIME, "Created Date", nillable=False),
        "CreatedById": _ro("CreatedById", REFERENCE, "Created By ID", 18, nillable=False, reference_to=("User",),
                           relationship_name="CreatedBy"),
        "LastModifiedDate": _ro("LastModifiedDate", DATETIME, "Last Modified Date", nillable=False),
        "LastModifiedById": _ro("LastModifiedById", REFERENCE, "Last Modified By ID", 18, nillable=False,
                                reference_to=("User",), relationship_name="LastModifiedBy"),
        "SystemModstamp": _ro("SystemModstamp", DATETIME, "System Modstamp", nillable=False),
    }


def _version_fields() -> dict[str, Field]:
    """The standard fields every article version has (KnowledgeArticleVersion's)."""
    return {
        "Id": _ro("Id", ID, "Knowledge Article Version ID", 18, nillable=False),
        "KnowledgeArticleId": _ro("KnowledgeArticleId", REFERENCE, "Knowledge Article ID", 18,
                                  reference_to=("KnowledgeArticle",), relationship_name="KnowledgeArticle"),
        "ArticleNumber": _ro("ArticleNumber", STRING, "Article Number", 30, nillable=False),
        "VersionNumber": _ro("VersionNumber", INT, "Version Number", nillable=False),
        "IsLatestVersion": _ro("IsLatestVersion", BOOLEAN, "Is Latest Version", nillable=False, default=True),
        "PublishStatus": _ro("PublishStatus", PICKLIST, "Publication Status", 40, nillable=False,
                             picklist=PUBLISH_STATUSES, restricted=True, default="Draft"),
        "Language": Field("Language", PICKLIST, "Language", 40, nillable=False, picklist=LANGUAGES,
                          restricted=True, default=DEFAULT_LANGUAGE, updateable=False),
        "IsMasterLanguage": _ro("IsMasterLanguage", BOOLEAN, "Is Master Language", nillable=False, default=True),
        "MasterVersionId": _ro("MasterVersionId", REFERENCE, "Master Version ID", 18,
                               reference_to=("Knowledge__kav",)),
        "Title": Field("Title", STRING, "Title", 255, nillable=False, required=True),
        "UrlName": Field("UrlName", STRING, "URL Name", 255, nillable=False, required=True),
        "Summary": Field("Summary", TEXTAREA, "Summary", 1000),
        "IsVisibleInApp": Field("IsVisibleInApp", BOOLEAN, "Visible In Internal App", nillable=False, default=True),
        "IsVisibleInPkb": Field("IsVisibleInPkb", BOOLEAN, "Visible In Public Knowledge Base", nillable=False,
                                default=False),
        "IsVisibleInCsp": Field("IsVisibleInCsp", BOOLEAN, "Visible to Customer", nillable=False, default=False),
        "FirstPublishedDate": _ro("FirstPublishedDate", DATETIME, "First Published Date"),
        "LastPublishedDate": _ro("LastPublishedDate", DATETIME, "Last Published Date"),
        "ArchivedDate": _ro("ArchivedDate", DATETIME, "Archived Date"),
        "ArchivedById": _ro("ArchivedById", REFERENCE, "Archived By ID", 18, reference_to=("User",)),
        "OwnerId": Field("OwnerId", REFERENCE, "Owner ID", 18, nillable=False, reference_to=("User",),
                         relationship_name="Owner"),
        **_audit(),
    }


def build_knowledge_objects() -> list[SObject]:
    """KnowledgeArticle, KnowledgeArticleVersion (the view), Knowledge__DataCategorySelection, CaseArticle and
    Knowledge__kav (last, so its prefix ka0 names it, not the view)."""
    version_fields = _version_fields()
    kav = SObject("Knowledge__kav", "ka0", "Knowledge", {
        **version_fields,
        BODY_FIELD: Field(BODY_FIELD, TEXTAREA, "Details", 32000, filterable=False),
        ARTICLE_CATEGORY_FIELD: Field(ARTICLE_CATEGORY_FIELD, PICKLIST, "Support Category", 255,
                                      picklist=ARTICLE_CATEGORIES),
    }, children={"DataCategorySelections": ChildRelationship("DataCategorySelections",
                                                             "Knowledge__DataCategorySelection", "ParentId")},
        searchable=("Title", "Summary", BODY_FIELD, "ArticleNumber"), name_field="Title")
    version_view = SObject("KnowledgeArticleVersion", "ka0", "Knowledge Article Version", dict(version_fields),
                           searchable=("Title", "Summary", "ArticleNumber"), name_field="Title", read_only=True)
    article = SObject("KnowledgeArticle", "kA0", "Knowledge Article", {
        "Id": _ro("Id", ID, "Knowledge Article ID", 18, nillable=False),
        "ArticleNumber": _ro("ArticleNumber", STRING, "Article Number", 30, nillable=False),
        "MasterLanguage": _ro("MasterLanguage", PICKLIST, "Master Language", 40, picklist=LANGUAGES),
        "CaseAssociationCount": _ro("CaseAssociationCount", INT, "Case Association Count", default=0),
        "FirstPublishedDate": _ro("FirstPublishedDate", DATETIME, "First Published Date"),
        "LastPublishedDate": _ro("LastPublishedDate", DATETIME, "Last Published Date"),
        "ArchivedDate": _ro("ArchivedDate", DATETIME, "Archived Date"),
        **_audit(),
    }, name_field="ArticleNumber", read_only=True)
    selection = SObject("Knowledge__DataCategorySelection", "02o", "Knowledge Data Category Selection", {
        "Id": _ro("Id", ID, "Record ID", 18, nillable=False),
        "ParentId": Field("ParentId", REFERENCE, "Parent ID", 18, nillable=False, required=True, updateable=False,
                          reference_to=("Knowledge__kav",), relationship_name="Parent"),
        "DataCategoryGroupName": Field("DataCategoryGroupName", STRING, "Data Category Group Name", 80,
                                       nillable=False, required=True, updateable=False),
        "DataCategoryName": Field("DataCategoryName", STRING, "Data Category Name", 80, nillable=False,
                                  required=True, updateable=False),
        **_audit(),
    }, name_field=None)
    case_article = SObject("CaseArticle", "ka5", "Case Article", {
        "Id": _ro("Id", ID, "Case Article ID", 18, nillable=False),
        "CaseId": Field("CaseId", REFERENCE, "Case ID", 18, nillable=False, required=True, updateable=False,
                        reference_to=("Case",), relationship_name="Case"),
        "KnowledgeArticleId": Field("KnowledgeArticleId", REFERENCE, "Article ID", 18, nillable=False,
                                    required=True, updateable=False, reference_to=("KnowledgeArticle",),
                                    relationship_name="KnowledgeArticle"),
        "KnowledgeArticleVersionId": Field("KnowledgeArticleVersionId", REFERENCE, "Knowledge Article Version ID",
                                           18, updateable=False, reference_to=("Knowledge__kav",)),
        "ArticleLanguage": _ro("ArticleLanguage", PICKLIST, "Language", 40, picklist=LANGUAGES, restricted=True),
        "ArticleVersionNumber": Field("ArticleVersionNumber", INT, "Version Number", updateable=False),
        "IsSharedByEmail": Field("IsSharedByEmail", BOOLEAN, "Is Shared by Email", nillable=False, default=False,
                                 updateable=False),
        **{k: v for k, v in _audit().items() if k not in ("LastModifiedDate", "LastModifiedById")},
    }, name_field=None)
    return [article, version_view, selection, case_article, kav]


# ------------------------------------------------------------------------------------------ query rule
_ID_FILTERS = frozenset({"id", "knowledgearticleid"})


def _single_value(expr: soql.Expr | None, name: str) -> bool:
    """`name = 'value'` AND-ed at the top of `expr` (one value only)."""
    if isinstance(expr, soql.BoolOp):
        return expr.op == "AND" and any(_single_value(e, name) for e in expr.items)
    return isinstance(expr, soql.Compare) and expr.op == "=" and expr.path.text.lower() == name


def _id_filter(expr: soql.Expr | None) -> bool:
    if isinstance(expr, soql.BoolOp):
        return expr.op == "AND" and any(_id_filter(e) for e in expr.items)
    if isinstance(expr, soql.Compare):
        return expr.op == "=" and expr.path.text.lower() in _ID_FILTERS
    if isinstance(expr, (soql.InList, soql.SemiJoin)):
        return not expr.negate and expr.path.text.lower() in _ID_FILTERS
    return False


def article_filter_error(obj_name: str, where: soql.Expr | None, *, search: bool = False) -> str | None:
    """Salesforce's refusal of an article query or search that does not name one PublishStatus and one
    Language (a query filtering on Id or KnowledgeArticleId may omit them), or None when it is allowed."""
    if obj_name not in ARTICLE_VERSION_OBJECTS:
        return None
    if not search and _id_filter(where):
        return None
    if not _single_value(where, "publishstatus"):
        return ("Implementation restriction: When querying or searching the Knowledge Article Version object, you "
                "must filter using the following syntax: Id = [single ID], Id IN [list of ID's], KnowledgeArticleId "
                "= [single ID] or PublishStatus = [status].")
    if not _single_value(where, "language"):
        return ("Implementation restriction: When querying or searching the Knowledge Article Version object with "
                "Multi-Language enabled, you must filter using the following syntax: Language = [language].")
    return None
