"""The REST API surface: routes `/services/data/vXX.X/...` to the org, in Salesforce's wire format.

`RestApi.dispatch` is transport-free (method, path, query, body, acting user -> status, body, headers) so
that Composite subrequests run through exactly the same code as top-level requests.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import ApiError, not_found
from .fields import SObject
from .store import Org

MAX_COMPOSITE = 25
MAX_COMPOSITE_QUERIES = 5      # of the 25, at most 5 may be queries or sObject Collections
MAX_COLLECTION = 200
MIN_VERSION = 31.0             # 21.0 through 30.0 are retired (Summer '25): 410 GONE
MAX_VERSION = 66.0             # the current release (Spring '26)
_VERSION_RE = re.compile(r"^/services/data/v(\d+\.\d)(/.*)?$")
_REF_RE = re.compile(r"@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}")


@dataclass
class Reply:
    status: int
    body: Any = None                      # JSON-able, bytes, or None (no content)
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json;charset=UTF-8"


class RestApi:
    def __init__(self, org: Org, api_version: str) -> None:
        self.org = org
        self.api_version = api_version
        self._batch_size: int | None = None   # from the current request's Sforce-Query-Options
        self._headers: dict[str, str] = {}
        self._auto_assign = True

    # --------------------------------------------------------------------------------------- dispatch
    def versions(self) -> list[dict]:
        top = max(MAX_VERSION, float(self.api_version))
        out, v = [], MIN_VERSION
        while v <= top + 1e-9:
            out.append({"label": f"v{v:.1f}", "url": f"/services/data/v{v:.1f}", "version": f"{v:.1f}"})
            v += 1.0
        return out

    def dispatch(self, method: str, path: str, query: dict[str, list[str]], body: bytes | Any, user: str,
                 *, in_composite: bool = False, headers: dict[str, str] | None = None) -> Reply:
        """Serve one data-API request. Raises nothing: errors come back as Salesforce error replies."""
        self._headers = {k.lower(): v for k, v in (headers or {}).items()}
        self._batch_size = _batch_size(self._headers.get("sforce-query-options", ""))
        # Sforce-Auto-Assign: absent or TRUE applies the org's case assignment rule (REST's default).
        self._auto_assign = self._headers.get("sforce-auto-assign", "true").strip().lower() != "false"
        try:
            return self._dispatch(method, path, query, body, user, in_composite)
        except ApiError as e:
            return Reply(e.status, e.body())

    def _dispatch(self, method: str, path: str, query: dict[str, list[str]], body: bytes | Any, user: str,
                  in_composite: bool) -> Reply:
        m = _VERSION_RE.match(path)
        if not m:
            raise not_found()
        version, rest = m.group(1), (m.group(2) or "/")
        if float(version) < MIN_VERSION:
            # Salesforce: "If you request any resource or use an operation from a retired API version, REST API
            # returns the 410:GONE error code."
            raise ApiError(410, "GONE", f"API version {version} is retired and no longer available.")
        if float(version) > max(MAX_VERSION, float(self.api_version)):
            raise not_found()
        parts = [p for p in rest.split("/") if p]
        head = parts[0] if parts else ""

        if not parts:
            self._allow(method, "GET")
            base = f"/services/data/v{version}"
            return Reply(200, {k: f"{base}/{k}" for k in ("sobjects", "query", "queryAll", "search", "composite",
                                                          "limits")})
        if head == "limits" and len(parts) == 1:
            self._allow(method, "GET")
            used, limit = self.org.api_usage()
            return Reply(200, {
                "DailyApiRequests": {"Max": limit, "Remaining": max(0, limit - used)},
                "DataStorageMB": {"Max": 1024, "Remaining": 1000},
                "FileStorageMB": {"Max": 1024, "Remaining": 1000},
            })
        if head in ("query", "queryAll"):
            self._allow(method, "GET")
            include_deleted = head == "queryAll"
            if len(parts) == 2:
                return Reply(200, self.org.query_more(parts[1], version))
            if len(parts) != 1:
                raise not_found()
            q = (query.get("q") or [""])[0]
            if not q:
                raise ApiError(400, "MALFORMED_QUERY", "SOQL statement cannot be empty")
            batch = self._batch_size
            return Reply(200, self.org.query(q, version, include_deleted=include_deleted, batch_size=batch,
                                             user=user))
        if head == "search" and len(parts) == 1:
            self._allow(method, "GET")
            from .sosl import search
            q = (query.get("q") or [""])[0]
            return Reply(200, search(self.org, q, version, user=user))
        if head == "sobjects":
            return self._sobjects(method, parts[1:], query, body, user, version)
        if head == "knowledgeManagement":
            return self._knowledge(method, parts[1:], body, user, version)
        if head == "composite":
            if len(parts) == 1:
                if in_composite:
                    raise ApiError(400, "INVALID_API_INPUT", "Composite requests cannot be nested")
                self._allow(method, "POST")
                return self._composite(self._json(body), user, version)
            if len(parts) >= 2 and parts[1] == "sobjects":
                return self._collections(method, parts[2:], query, body, user, version)
        raise not_found()

    def _knowledge(self, method: str, parts: list[str], body: Any, user: str, version: str) -> Reply:
        """knowledgeManagement/articleVersions/masterVersions[/{id}] and .../translations[/{id}] (knowledge.py)."""
        from . import knowledge
        if len(parts) < 2 or parts[0] != "articleVersions" or parts[1] not in ("masterVersions", "translations"):
            raise not_found()
        translation = parts[1] == "translations"
        db = self.org.db
        if len(parts) == 2:
            self._allow(method, "POST")
            data = self._json(body)
            if not isinstance(data, dict):
                raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
            new_id = (knowledge.new_translation(db, data.get("articleId"), data.get("language"), user) if translation
                      else knowledge.new_draft(db, data.get("articleId"), user))
            return Reply(201, {"id": new_id, "url": f"/services/data/v{version}/sobjects/Knowledge__kav/{new_id}"})
        if len(parts) == 3:
            self._allow(method, "PATCH")
            data = self._json(body)
            if not isinstance(data, dict) or "publishStatus" not in data:
                raise ApiError(400, "INVALID_INPUT", "publishStatus is required")
            from . import ids
            vid = ids.normalize(parts[2])
            if vid is None:
                raise not_found()
            knowledge.set_publish_status(db, vid, data["publishStatus"], user, translation=translation)
            return Reply(204)
        raise not_found()

    @staticmethod
    def _allow(method: str, *allowed: str) -> None:
        if method not in allowed:
            raise ApiError(405, "METHOD_NOT_ALLOWED",
                           f"HTTP Method '{method}' not allowed. Allowed are {','.join(allowed)}")

    @staticmethod
    def _json(body: bytes | Any) -> Any:
        if not isinstance(body, (bytes, bytearray)):
            return body
        if not body.strip():
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body is empty")
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError) as e:
            raise ApiError(400, "JSON_PARSER_ERROR", f"Unexpected character in request body: {e}") from None

    # --------------------------------------------------------------------------------------- sobjects
    def _sobjects(self, method: str, parts: list[str], query: dict, body: Any, user: str, version: str) -> Reply:
        if not parts:
            self._allow(method, "GET")
            return Reply(200, {"encoding": "UTF-8", "maxBatchSize": 200,
                               "sobjects": [o.basic_info(version) for o in self.org.schema.values()]})
        obj = self.org.sobject_or_404(parts[0])
        if len(parts) == 1:
            self._allow(method, "GET", "POST")
            if method == "GET":
                return Reply(200, {"objectDescribe": obj.basic_info(version), "recentItems": []})
            data = self._json(body)
            self._check_write(obj, data, user, "inserted")
            new_id = self.org.create(obj.name, data, user, auto_assign=self._auto_assign)
            return Reply(201, {"id": new_id, "success": True, "errors": []},
                         {"Location": f"/services/data/v{version}/sobjects/{obj.name}/{new_id}"})
        if len(parts) == 2 and parts[1] == "describe":
            self._allow(method, "GET")
            described = obj.describe(version)
            hidden = self.org.hidden_fields(user)
            described["fields"] = [f for f in described["fields"] if f"{obj.name}.{f['name']}".lower() not in hidden]
            described["recordTypeInfos"] = self._record_type_infos(obj.name, version, user)
            return Reply(200, described)
        if len(parts) == 2:
            self._allow(method, "GET", "PATCH", "DELETE")
            rid = parts[1]
            if method == "GET":
                fields = (query.get("fields") or [""])[0]
                return Reply(200, self.org.get(obj.name, rid, version,
                                               [f for f in fields.split(",") if f.strip()] if fields else None,
                                               user=user))
            if method == "PATCH":
                data = self._json(body)
                self._check_write(obj, data, user, "updated")
                self.org.update(obj.name, rid, data, user, auto_assign=self._auto_assign)
                return Reply(204)
            self._check_write(obj, {}, user, "deleted")
            self.org.delete(obj.name, rid, user)
            return Reply(204)
        if len(parts) == 3:
            self._allow(method, "GET")
            data = self.org.blob(obj.name, parts[1], parts[2])
            return Reply(200, data, content_type="application/octetstream")
        raise not_found()

    def _check_write(self, obj: SObject, data: Any, user: str, verb: str) -> None:
        """Refuse writes to set-up objects, and to fields field-level security hides from `user` (Salesforce
        answers as for a field that does not exist)."""
        if obj.read_only:
            raise ApiError(400, "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", f"entity type cannot be {verb}: {obj.label}")
        hidden = self.org.hidden_fields(user)
        for key in (data if isinstance(data, dict) and hidden else ()):
            f = obj.field(key)
            if f is not None and f"{obj.name}.{f.name}".lower() in hidden:
                raise ApiError(400, "INVALID_FIELD", f"No such column '{key}' on sobject of type {obj.name}")

    def _record_type_infos(self, sobject_name: str, version: str, user: str | None) -> list[dict]:
        """describe's recordTypeInfos for `user`: the object's active record types (`available` when the
        user's profile has it; the first available one is their default), then the Master record type, as
        Salesforce lists them."""
        with self.org.lock:
            rows = self.org.conn.execute('SELECT "Id", "Name", "DeveloperName" FROM "RecordType" '
                                         'WHERE "SobjectType" = ? AND "IsActive" = 1 ORDER BY rowid',
                                         (sobject_name,)).fetchall()
        available = [not self.org.records.record_type_unavailable(name, user) for _, name, _ in rows]
        default = available.index(True) if True in available else -1
        infos = [{"active": True, "available": available[i], "defaultRecordTypeMapping": i == default,
                  "master": False, "name": name, "developerName": dev, "recordTypeId": rid,
                  "urls": {"layout": f"/services/data/v{version}/sobjects/{sobject_name}/describe/layouts/{rid}"}}
                 for i, (rid, name, dev) in enumerate(rows)]
        infos.append({"active": True, "available": True, "defaultRecordTypeMapping": default < 0, "master": True,
                      "name": "Master", "developerName": "Master", "recordTypeId": "012000000000000AAA",
                      "urls": {}})
        return infos

    # -------------------------------------------------------------------------------------- composite
    def _composite(self, payload: Any, user: str, version: str) -> Reply:
        if not isinstance(payload, dict) or not isinstance(payload.get("compositeRequest"), list):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must contain compositeRequest")
        subs = payload["compositeRequest"]
        all_or_none = bool(payload.get("allOrNone", False))
        if not subs:
            raise ApiError(400, "INVALID_API_INPUT", "compositeRequest must contain at least one subrequest")
        if len(subs) > MAX_COMPOSITE:
            raise ApiError(400, "LIMIT_EXCEEDED", f"Limit Exceeded: Composite requests can have at most "
                           f"{MAX_COMPOSITE} subrequests")
        queries = sum(1 for s in subs if isinstance(s, dict) and _is_query_or_collection(s))
        if queries > MAX_COMPOSITE_QUERIES:
            raise ApiError(400, "LIMIT_EXCEEDED", f"Limit Exceeded: Composite requests can have at most "
                           f"{MAX_COMPOSITE_QUERIES} query or sObject Collections subrequests")
        seen: set[str] = set()
        for s in subs:
            if not isinstance(s, dict) or not all(k in s for k in ("method", "url", "referenceId")):
                raise ApiError(400, "JSON_PARSER_ERROR", "Each subrequest needs method, url and referenceId")
            ref = str(s["referenceId"])
            if not re.fullmatch(r"[A-Za-z0-9_]+", ref):
                raise ApiError(400, "INVALID_API_INPUT", f"Invalid reference id: {ref}. Reference IDs can only "
                               "contain alphanumeric characters and underscores.")
            if ref in seen:
                raise ApiError(400, "INVALID_API_INPUT", f"Duplicate ReferenceId provided in the request: {ref}")
            seen.add(ref)
        results: list[dict] = []
        outputs: dict[str, Any] = {}
        failed = False
        outer_headers = dict(self._headers)

        try:
            with self.org.transaction():
                for s in subs:
                    ref = s["referenceId"]
                    if failed and all_or_none:
                        results.append(self._halted(ref, rolled_back=True))
                        continue
                    try:
                        # References may sit in the path, raw or percent-encoded in the query string, or in
                        # the body (a lone reference keeps its JSON type).
                        split = urlsplit(str(s["url"]))
                        path = self._resolve_refs(split.path, outputs, in_url=True)
                        query = {k: [self._resolve_refs(v, outputs, in_url=True) for v in vs]
                                 for k, vs in parse_qs(split.query, keep_blank_values=True).items()}
                        body = self._resolve_refs(s.get("body"), outputs, in_url=False)
                    except ApiError as e:
                        results.append({"body": e.body(), "httpHeaders": {}, "httpStatusCode": e.status,
                                        "referenceId": ref})
                        failed = True
                        continue
                    method = str(s["method"]).upper()
                    try:
                        with self.org.transaction():
                            own = s.get("httpHeaders") if isinstance(s.get("httpHeaders"), dict) else {}
                            sub_headers = {**outer_headers, **{str(k).lower(): str(v) for k, v in own.items()}}
                            reply = self._dispatch_checked(method, path, query, body, user, sub_headers)
                    except _SubFailed as f:
                        reply = f.reply
                    if reply.status >= 400:
                        failed = True
                    else:
                        outputs[ref] = reply.body
                    results.append({"body": reply.body if not isinstance(reply.body, bytes) else None,
                                    "httpHeaders": reply.headers, "httpStatusCode": reply.status,
                                    "referenceId": ref})
                if failed and all_or_none:
                    raise _Rollback()
        except _Rollback:
            # Everything was rolled back: the successful subrequests report that, as Salesforce does.
            for i, r in enumerate(results):
                if r["httpStatusCode"] < 400:
                    results[i] = self._halted(r["referenceId"], rolled_back=True)
        return Reply(200, {"compositeResponse": results})

    def _dispatch_checked(self, method: str, path: str, query: dict, body: Any, user: str,
                          headers: dict[str, str]) -> Reply:
        reply = self.dispatch(method, path, query, body, user, in_composite=True, headers=headers)
        if reply.status >= 400:
            raise _SubFailed(reply)   # roll back this subrequest's savepoint
        return reply

    @staticmethod
    def _halted(ref: str, rolled_back: bool) -> dict:
        msg = ("The transaction was rolled back since another operation in the same transaction failed."
               if rolled_back else "The request was not processed because a previous subrequest failed.")
        return {"body": [{"errorCode": "PROCESSING_HALTED", "message": msg}], "httpHeaders": {},
                "httpStatusCode": 400, "referenceId": ref}

    def _resolve_refs(self, value: Any, outputs: dict[str, Any], in_url: bool) -> Any:
        if isinstance(value, dict):
            return {k: self._resolve_refs(v, outputs, in_url) for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve_refs(v, outputs, in_url) for v in value]
        if not isinstance(value, str) or "@{" not in value:
            return value

        def lookup(m: re.Match) -> Any:
            ref, path = m.group(1), m.group(2)
            expr = ref + path
            if ref not in outputs:
                raise ApiError(400, "PROCESSING_HALTED", f"Invalid reference specified. No value for {expr} "
                               f"found in {ref}. Provided referenceId ({ref}) might not exist or the subrequest "
                               "may have failed.")
            cur: Any = outputs[ref]
            for step in re.findall(r"\.([A-Za-z0-9_]+)|\[(\d+)\]", path):
                key, idx = step
                try:
                    cur = cur[int(idx)] if idx else cur[key]
                except (KeyError, IndexError, TypeError):
                    raise ApiError(400, "PROCESSING_HALTED", f"Invalid reference specified. No value for {expr} "
                                   f"found in {ref}. Provided referenceId ({ref}) might not exist or the "
                                   "subrequest may have failed.") from None
            if cur is None:
                raise ApiError(400, "PROCESSING_HALTED", f"Invalid reference specified. No value for {expr} "
                               f"found in {ref}.")
            return cur

        whole = _REF_RE.fullmatch(value)
        if whole and not in_url:
            return lookup(whole)     # a lone reference keeps its JSON type (boolean, number...)

        def text(m: re.Match) -> str:
            v = lookup(m)
            if isinstance(v, (dict, list)):
                raise ApiError(400, "PROCESSING_HALTED", f"Invalid reference specified: {m.group(0)} is not a "
                               "primitive value")
            if isinstance(v, bool):
                return "true" if v else "false"
            return str(v)

        return _REF_RE.sub(text, value)

    # ---------------------------------------------------------------------------- sObject Collections
    def _collections(self, method: str, parts: list[str], query: dict, body: Any, user: str,
                     version: str) -> Reply:
        if parts:
            raise not_found()
        self._allow(method, "POST", "PATCH", "DELETE")
        if method == "DELETE":
            id_list = [i for i in (query.get("ids") or [""])[0].split(",") if i]
            all_or_none = (query.get("allOrNone") or ["false"])[0].lower() == "true"
            ops = [("delete", None, rid) for rid in id_list]
        else:
            payload = self._json(body)
            if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
                raise ApiError(400, "JSON_PARSER_ERROR", "The request body must contain records")
            all_or_none = bool(payload.get("allOrNone", False))
            ops = []
            for rec in payload["records"]:
                if not isinstance(rec, dict) or not isinstance(rec.get("attributes"), dict) \
                        or not rec["attributes"].get("type"):
                    raise ApiError(400, "INVALID_FIELD", "No SObject Type defined in JSON")
                ops.append(("create" if method == "POST" else "update", rec["attributes"]["type"], rec))
        if not ops:
            raise ApiError(400, "INVALID_API_INPUT", "The request must contain at least one record")
        if len(ops) > MAX_COLLECTION:
            raise ApiError(400, "EXCEEDED_ID_LIMIT", f"record limit reached. cannot submit more than "
                           f"{MAX_COLLECTION} records into this call")
        results: list[dict] = []
        failed = False

        try:
            with self.org.transaction():
                for kind, type_name, rec in ops:
                    try:
                        with self.org.transaction():
                            if kind == "create":
                                if rec.get("Id"):
                                    raise ApiError(400, "INVALID_FIELD", "cannot specify Id in an insert call",
                                                   ["Id"])
                                data = {k: v for k, v in rec.items() if k != "attributes"}
                                self._check_write(self.org.sobject_or_404(type_name), data, user, "inserted")
                                rid = self.org.create(type_name, data, user, auto_assign=self._auto_assign)
                            elif kind == "update":
                                rid = rec.get("Id")
                                if not rid:
                                    raise ApiError(400, "MISSING_ARGUMENT", "Id not specified in an update call")
                                data = {k: v for k, v in rec.items() if k not in ("attributes", "Id")}
                                self._check_write(self.org.sobject_or_404(type_name), data, user, "updated")
                                self.org.update(type_name, rid, data, user, auto_assign=self._auto_assign)
                            else:
                                rid = rec
                                from . import ids as _ids
                                from .schema import sobject_for_prefix
                                norm = _ids.normalize(rid)
                                target = sobject_for_prefix(norm[:3]) if norm else None
                                if target is None:
                                    raise ApiError(400, "MALFORMED_ID", f"malformed id {rid}")
                                self._check_write(target, {}, user, "deleted")
                                self.org.delete(target.name, rid, user)
                        results.append({"id": rid, "success": True, "errors": []})
                    except ApiError as e:
                        failed = True
                        results.append({"success": False, "errors": [
                            {"statusCode": err["errorCode"], "message": err["message"],
                             "fields": err.get("fields", [])} for err in e.errors]})
                if failed and all_or_none:
                    raise _Rollback()
        except _Rollback:
            rolled = {"statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                      "message": "Record rolled back because not all records were valid and the request was "
                                 "using AllOrNone header", "fields": []}
            results = [r if not r["success"] else {"id": None, "success": False, "errors": [rolled]}
                       for r in results]
            results = [{"id": None, **r} if "id" not in r else r for r in results]
        else:
            results = [{"id": None, **r} if "id" not in r else r for r in results]
        return Reply(200, results)


def _is_query_or_collection(sub: dict) -> bool:
    path = urlsplit(str(sub.get("url", ""))).path
    m = _VERSION_RE.match(path)
    rest = [p for p in ((m.group(2) or "") if m else path).split("/") if p]
    return bool(rest) and (rest[0] in ("query", "queryAll") or rest[:2] == ["composite", "sobjects"])


def _batch_size(option: str) -> int | None:
    """`Sforce-Query-Options: batchSize=N` (200..2000; anything else: the default)."""
    m = re.search(r"batchSize\s*=\s*(\d+)", option or "")
    if not m:
        return None
    n = int(m.group(1))
    return n if 200 <= n <= 2000 else None


class _Rollback(Exception):
    """Raised inside an allOrNone transaction to undo everything after some subrequest failed."""


class _SubFailed(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply
