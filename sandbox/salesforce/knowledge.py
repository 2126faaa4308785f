"""What Salesforce Knowledge does (the objects are knowledge_objects.py's): the values it sets when a draft
article is created, the rules of article and CaseArticle writes, and the publishing actions of
`knowledgeManagement/articleVersions` (publish, archive, unpublish, a new draft of a published article, a
translation). Called by records.py (inserts and updates) and api.py (the knowledgeManagement routes).

Rules (sources in README.md, "Knowledge"):
- POST sobjects/Knowledge__kav creates a Draft, version 1, of a new article (a new KnowledgeArticle and
  ArticleNumber); PublishStatus and VersionNumber are not writable.
- "You can only update draft versions."
- UrlName: letters, digits and hyphens, not starting or ending with a hyphen; unique among the other articles
  in the same language.
- Publishing a draft (PATCH .../masterVersions/{id} {"publishStatus": "Online"}, 204) archives the version
  that was online; archiving ({"publishStatus": "Archived"}) takes the online version (and its translations)
  offline; {"publishStatus": "Draft"} unpublishes when there is no draft.
- POST .../masterVersions {"articleId"} makes a draft copy of the online version ("This does not unpublish the
  online version"); POST .../translations {"articleId", "language"} a draft translation, published with PATCH
  .../translations/{id}.
- CaseArticle: creating a link that exists returns the existing one.
"""
from __future__ import annotations

import re
from typing import Any

from .database import Database
from .errors import ApiError, not_found
from .fields import SObject
from .knowledge_objects import LANGUAGES
from .schema import SCHEMA

ARTICLE_NUMBER_START = 1000          # the first article is 000001000
_URL_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
_COPIED = ("Title", "UrlName", "Summary", "IsVisibleInApp", "IsVisibleInPkb", "IsVisibleInCsp", "Details__c",
           "Support_Category__c", "OwnerId")


def _one(db: Database, sql: str, params: tuple | list) -> dict | None:
    cur = db.conn.execute(sql, params)
    row = cur.fetchone()
    return None if row is None else {d[0]: v for d, v in zip(cur.description, row, strict=True)}


def _check_url_name(db: Database, record: dict[str, Any]) -> None:
    url = record.get("UrlName")
    if url is None:
        return
    if not _URL_NAME_RE.match(str(url)):
        raise ApiError(400, "FIELD_INTEGRITY_EXCEPTION", "URL Name: The URL Name can contain only letters, numbers "
                       "and hyphens, and can't begin or end with a hyphen.", ["UrlName"])
    clash = db.conn.execute('SELECT 1 FROM "Knowledge__kav" WHERE "UrlName" = ? AND "Language" = ? AND '
                            '"KnowledgeArticleId" IS NOT ? AND "IsDeleted" = 0',
                            (url, record.get("Language"), record.get("KnowledgeArticleId"))).fetchone()
    if clash:
        raise ApiError(400, "DUPLICATE_VALUE", "URL Name: Another article is using this URL Name. Choose a unique "
                       "URL Name.", ["UrlName"])


def derive(db: Database, obj: SObject, record: dict[str, Any], now: str) -> None:
    """Values Salesforce sets on insert: a new article's master record, number and version; a CaseArticle's
    language and version number."""
    if obj.name == "Knowledge__kav":
        number = f"{ARTICLE_NUMBER_START + db.next('ArticleNumber') - 1:09d}"
        article_id = db.new_id(SCHEMA["KnowledgeArticle"])
        db.conn.execute('INSERT INTO "KnowledgeArticle" ("Id", "ArticleNumber", "MasterLanguage", '
                        '"CaseAssociationCount", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", '
                        '"LastModifiedById", "SystemModstamp") VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, ?)',
                        (article_id, number, record.get("Language"), now, record["CreatedById"], now,
                         record["CreatedById"], now))
        record.update(KnowledgeArticleId=article_id, ArticleNumber=number, VersionNumber=1, PublishStatus="Draft",
                      IsLatestVersion=1, IsMasterLanguage=1, MasterVersionId=record["Id"])
        _check_url_name(db, record)
    elif obj.name == "CaseArticle":
        version = None
        if record.get("KnowledgeArticleVersionId"):
            version = _one(db, 'SELECT * FROM "Knowledge__kav" WHERE "Id" = ?', (record["KnowledgeArticleVersionId"],))
            if version is None or version["KnowledgeArticleId"] != record.get("KnowledgeArticleId"):
                raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id",
                               ["KnowledgeArticleVersionId"])
        else:
            version = _one(db, 'SELECT * FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND "IsMasterLanguage" '
                           '= 1 ORDER BY "PublishStatus" = \'Online\' DESC, "VersionNumber" DESC',
                           (record.get("KnowledgeArticleId"),))
        if version is not None:
            record["ArticleLanguage"] = version["Language"]
            record.setdefault("ArticleVersionNumber", version["VersionNumber"])
            if record.get("ArticleVersionNumber") is None:
                record["ArticleVersionNumber"] = version["VersionNumber"]


def existing_link(db: Database, obj: SObject, values: dict[str, Any]) -> str | None:
    """The CaseArticle that already links this case and article (a duplicate create returns it), or None."""
    if obj.name != "CaseArticle":
        return None
    row = db.conn.execute('SELECT "Id" FROM "CaseArticle" WHERE "CaseId" = ? AND "KnowledgeArticleId" = ? AND '
                          '"IsDeleted" = 0', (values.get("CaseId"), values.get("KnowledgeArticleId"))).fetchone()
    return row[0] if row else None


def after_insert(db: Database, obj: SObject, record: dict[str, Any]) -> None:
    if obj.name == "CaseArticle":
        db.conn.execute('UPDATE "KnowledgeArticle" SET "CaseAssociationCount" = "CaseAssociationCount" + 1 '
                        'WHERE "Id" = ?', (record["KnowledgeArticleId"],))


def check_update(db: Database, obj: SObject, old: dict[str, Any], record: dict[str, Any]) -> None:
    """Only drafts can be updated; the URL name rules hold on updates too."""
    if obj.name != "Knowledge__kav":
        return
    if old.get("PublishStatus") != "Draft":
        raise ApiError(400, "INVALID_OPERATION", "You can only update draft versions of an article. Create a draft "
                       "from the published version first (knowledgeManagement/articleVersions/masterVersions).")
    _check_url_name(db, record)


# ------------------------------------------------------------------------------- publishing actions
def _version(db: Database, version_id: str) -> dict:
    row = _one(db, 'SELECT * FROM "Knowledge__kav" WHERE "Id" = ? AND "IsDeleted" = 0', (version_id,))
    if row is None:
        raise not_found("The requested resource does not exist")
    return row


def _set(db: Database, version_id: str, user_id: str, now: str, **values: Any) -> None:
    values.update(LastModifiedDate=now, LastModifiedById=user_id, SystemModstamp=now)
    cols = ", ".join(f'"{k}" = ?' for k in values)
    db.conn.execute(f'UPDATE "Knowledge__kav" SET {cols} WHERE "Id" = ?', [*values.values(), version_id])


def set_publish_status(db: Database, version_id: str, status: str, user_id: str, *, translation: bool) -> None:
    """PATCH knowledgeManagement/articleVersions/masterVersions/{id} (or translations/{id})."""
    wanted = {s.lower(): s for s in ("Online", "Archived", "Draft")}.get(str(status).lower())
    if wanted is None:
        raise ApiError(400, "INVALID_INPUT", f"publishStatus: bad value '{status}' (Online, Archived or Draft)")
    with db.transaction():
        row = _version(db, version_id)
        if bool(row["IsMasterLanguage"]) == translation:
            raise ApiError(400, "INVALID_ID_FIELD", "This version is " + (
                "a master version: use articleVersions/masterVersions" if translation else
                "a translation: use articleVersions/translations"))
        now = db.stamp()
        same = ('"KnowledgeArticleId" = ? AND "Language" = ? AND "Id" != ? AND "IsDeleted" = 0',
                (row["KnowledgeArticleId"], row["Language"], version_id))
        if wanted == "Online":
            if row["PublishStatus"] != "Draft":
                raise ApiError(400, "INVALID_OPERATION", "Only a draft version can be published.")
            db.conn.execute('UPDATE "Knowledge__kav" SET "PublishStatus" = \'Archived\', "ArchivedDate" = ?, '
                            '"ArchivedById" = ?, "IsLatestVersion" = 0, "SystemModstamp" = ? WHERE '
                            + same[0] + ' AND "PublishStatus" = \'Online\'', (now, user_id, now, *same[1]))
            db.conn.execute('UPDATE "Knowledge__kav" SET "IsLatestVersion" = 0 WHERE ' + same[0]
                            + ' AND "PublishStatus" = \'Archived\'', same[1])
            first = db.conn.execute('SELECT MIN("FirstPublishedDate") FROM "Knowledge__kav" WHERE '
                                    '"KnowledgeArticleId" = ?', (row["KnowledgeArticleId"],)).fetchone()[0]
            _set(db, version_id, user_id, now, PublishStatus="Online", IsLatestVersion=1, LastPublishedDate=now,
                 FirstPublishedDate=first or now)
            db.conn.execute('UPDATE "KnowledgeArticle" SET "LastPublishedDate" = ?, "FirstPublishedDate" = '
                            'COALESCE("FirstPublishedDate", ?), "ArchivedDate" = NULL, "SystemModstamp" = ? '
                            'WHERE "Id" = ?', (now, now, now, row["KnowledgeArticleId"]))
        elif wanted == "Archived":
            if row["PublishStatus"] != "Online":
                raise ApiError(400, "INVALID_OPERATION", "Only the published version of an article can be archived.")
            targets = [version_id]
            if not translation:          # archiving the master version takes its translations offline too
                targets += [r[0] for r in db.conn.execute(
                    'SELECT "Id" FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND "IsMasterLanguage" = 0 '
                    'AND "PublishStatus" = \'Online\'', (row["KnowledgeArticleId"],))]
            for vid in targets:
                _set(db, vid, user_id, now, PublishStatus="Archived", ArchivedDate=now, ArchivedById=user_id)
            if not translation:
                db.conn.execute('UPDATE "KnowledgeArticle" SET "ArchivedDate" = ?, "SystemModstamp" = ? WHERE "Id" = ?',
                                (now, now, row["KnowledgeArticleId"]))
        else:
            if row["PublishStatus"] != "Online":
                raise ApiError(400, "INVALID_OPERATION", "Only a published version can be unpublished.")
            if db.conn.execute('SELECT 1 FROM "Knowledge__kav" WHERE ' + same[0] + ' AND "PublishStatus" = '
                               '\'Draft\'', same[1]).fetchone():
                raise ApiError(400, "INVALID_OPERATION", "The article already has a draft: it can't be unpublished.")
            _set(db, version_id, user_id, now, PublishStatus="Draft")


def _copy(db: Database, source: dict, user_id: str, **overrides: Any) -> str:
    now = db.stamp()
    new_id = db.new_id(SCHEMA["Knowledge__kav"])
    record = {k: source.get(k) for k in _COPIED}
    record.update(Id=new_id, KnowledgeArticleId=source["KnowledgeArticleId"], ArticleNumber=source["ArticleNumber"],
                  VersionNumber=source["VersionNumber"], IsLatestVersion=1, PublishStatus="Draft",
                  Language=source["Language"], IsMasterLanguage=source["IsMasterLanguage"],
                  MasterVersionId=source["MasterVersionId"], IsDeleted=0, CreatedDate=now, CreatedById=user_id,
                  LastModifiedDate=now, LastModifiedById=user_id, SystemModstamp=now)
    record.update(overrides)
    cols = list(record)
    db.conn.execute(f'INSERT INTO "Knowledge__kav" ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES '
                    f'({", ".join("?" for _ in cols)})', [record[c] for c in cols])
    for group, name in db.conn.execute('SELECT "DataCategoryGroupName", "DataCategoryName" FROM '
                                       '"Knowledge__DataCategorySelection" WHERE "ParentId" = ? AND "IsDeleted" = 0',
                                       (source["Id"],)).fetchall():
        db.conn.execute('INSERT INTO "Knowledge__DataCategorySelection" ("Id", "ParentId", "DataCategoryGroupName", '
                        '"DataCategoryName", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", '
                        '"LastModifiedById", "SystemModstamp") VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)',
                        (db.new_id(SCHEMA["Knowledge__DataCategorySelection"]), new_id, group, name, now, user_id,
                         now, user_id, now))
    return new_id


def _online_master(db: Database, article_id: Any) -> dict:
    if not isinstance(article_id, str):
        raise ApiError(400, "INVALID_INPUT", "articleId is required")
    row = _one(db, 'SELECT * FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND "IsMasterLanguage" = 1 AND '
               '"PublishStatus" = \'Online\' AND "IsDeleted" = 0', (article_id,))
    if row is None:
        raise ApiError(400, "INVALID_ID_FIELD", f"No published version of article {article_id}")
    return row


def new_draft(db: Database, article_id: Any, user_id: str) -> str:
    """POST knowledgeManagement/articleVersions/masterVersions {"articleId"}: a draft copy of the online version."""
    with db.transaction():
        online = _online_master(db, article_id)
        if db.conn.execute('SELECT 1 FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND "IsMasterLanguage" = 1 '
                           'AND "PublishStatus" = \'Draft\'', (article_id,)).fetchone():
            raise ApiError(400, "INVALID_OPERATION", "The article already has a draft version.")
        top = db.conn.execute('SELECT MAX("VersionNumber") FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND '
                              '"IsMasterLanguage" = 1', (article_id,)).fetchone()[0]
        new_id = _copy(db, online, user_id, VersionNumber=top + 1)
        db.conn.execute('UPDATE "Knowledge__kav" SET "MasterVersionId" = ? WHERE "Id" = ?', (new_id, new_id))
        return new_id


def new_translation(db: Database, article_id: Any, language: Any, user_id: str) -> str:
    """POST knowledgeManagement/articleVersions/translations {"articleId", "language"}: a draft translation."""
    if language not in LANGUAGES:
        raise ApiError(400, "INVALID_INPUT", f"language: bad value '{language}'")
    with db.transaction():
        online = _online_master(db, article_id)
        if language == online["Language"] or db.conn.execute(
                'SELECT 1 FROM "Knowledge__kav" WHERE "KnowledgeArticleId" = ? AND "Language" = ? AND "PublishStatus" '
                '!= \'Archived\'', (article_id, language)).fetchone():
            raise ApiError(400, "INVALID_OPERATION", f"The article already has a version in {language}.")
        return _copy(db, online, user_id, Language=language, IsMasterLanguage=0, MasterVersionId=online["Id"])
