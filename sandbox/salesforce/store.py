"""The emulated org's state in SQLite, and every rule Salesforce applies when records are written.

`Org` is thread-safe: one lock serialises access to one SQLite connection (WAL mode, short transactions).
Writes go through `create` / `update` / `delete`, which validate like Salesforce (field names, types,
lengths, restricted picklists, required fields, create/update permissions, validation rules) and maintain
the system fields (Id, CaseNumber, audit fields, IsClosed/ClosedDate, Name, Case_Owner__c, BodyLength).
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import sqlite3
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

from . import ids
from .errors import ApiError, not_found
from .query import CompiledQuery, compile_query, run, sobject_named_in
from .schema import (BASE64, BOOLEAN, CLOSED_STATUSES, DATE, DATETIME, DOUBLE, EMAIL, ID, INT, PICKLIST, REFERENCE,
                     SCHEMA, Field, SObject, sobject, sobject_for_prefix)
from .setup_objects import SYNCED as SYNCED_SETUP
from .setup_objects import sync_setup
from .timefmt import UTC, format_datetime, parse_datetime

CASE_NUMBER_START = 1000    # the first case is 00001001
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OAuthError(Exception):
    """An OAuth token-endpoint refusal: `{"error", "error_description"}` with HTTP 400."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error, self.description = error, description


@dataclass
class Options:
    """Org settings that tests and the demo may change."""
    daily_api_limit: int = 15000
    max_attachment_bytes: int = 25 * 1024 * 1024      # Attachment create limit (25 MB in Salesforce)
    max_request_bytes: int = 50 * 1024 * 1024         # REST request body limit
    max_base64_bytes: int = 37_500_000                # a base64 field in a JSON body: 37.5 MB encoded
    batch_size: int = 2000                            # query page size
    comment_touches_case: bool = False                # see README: adding a comment leaves the Case as is
    assignment_rule_on_update: bool = True            # the active case assignment rule also runs on updates
    search_index_delay_seconds: float = 0.0           # SOSL does not see records saved less than this ago
    # Sharing (Organization.DefaultCaseAccess) and the integration user's View All on Case, as the org's
    # set-up objects report them (setup_objects.py).
    case_sharing: str = "public"                      # "public" | "private"
    integration_view_all: bool = True
    # Field-level security: "Object.Field" names the integration user cannot see (absent from describe and
    # records; naming one in SOQL or a write fails with INVALID_FIELD, as for a field that does not exist).
    hidden_fields: tuple[str, ...] = ()


@dataclass
class ValidationRule:
    """A declarative stand-in for a Salesforce validation rule.

    Fires (the save is refused with FIELD_CUSTOM_VALIDATION_EXCEPTION and `message`) when the record as it
    would be saved matches every `when` entry (field -> accepted values, strings compared case-insensitively),
    and, if `changed` is given, one of those fields is being set (create) or changed (update), and, if
    `users` is given, the acting user is one of them.
    """
    name: str
    message: str
    sobject: str = "Case"
    when: dict[str, list] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    error_field: str | None = None
    id: int | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "message": self.message, "sobject": self.sobject,
                "when": self.when, "changed": self.changed, "users": self.users, "error_field": self.error_field}


def _column_type(f: Field) -> str:
    if f.type in (BOOLEAN, INT):
        return "INTEGER"
    if f.type == DOUBLE:
        return "REAL"
    if f.type == BASE64:
        return "BLOB"
    if f.type in (ID, REFERENCE, DATETIME, DATE):
        return "TEXT"
    return "TEXT COLLATE NOCASE"


_INDEXES = [
    ("Case", ("ContactId", "CreatedDate")), ("Case", ("SystemModstamp",)), ("Case", ("CaseNumber",)),
    ("Case", ("OwnerId",)), ("Case", ("LastModifiedDate",)), ("Case", ("ContactId", "IsClosed")),
    ("CaseComment", ("ParentId", "CreatedDate")), ("CaseComment", ("SystemModstamp",)),
    ("Attachment", ("ParentId",)), ("Contact", ("Email",)), ("User", ("Username",)), ("User", ("Email",)),
]


class Org:
    """One emulated Salesforce org."""

    def __init__(self, db_path: str | Path, *, seed: bool = False, options: Options | None = None) -> None:
        self.db_path = str(db_path)
        self.options = options or Options()
        self.seeded = seed
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._depth = 0
        self.clock_offset = timedelta(0)
        self._tokens: dict[str, str] = {}
        self._query_cache: OrderedDict[tuple[str, bool, frozenset[str]], CompiledQuery] = OrderedDict()
        self._cursors: OrderedDict[str, tuple[list[dict], int, bool]] = OrderedDict()
        self._last_stamp = ""
        self._late_commits: list[float] = []     # the next writes' lag (s): see `late_commit`
        with self.lock:
            self._create_tables()
            if self._get_meta("initialised") is None:
                self._build(seed=seed)
            else:
                self.seeded = self._get_meta("seeded") == "1" or seed
            for token, user in self.conn.execute("SELECT token, user_id FROM _tokens WHERE expired = 0"):
                self._tokens[token] = user

    # ------------------------------------------------------------------------------------------ plumbing
    def _create_tables(self) -> None:
        c = self.conn
        for obj in SCHEMA.values():
            cols = ", ".join(f'"{f.name}" {_column_type(f)}' + (" PRIMARY KEY" if f.name == "Id" else "")
                             for f in obj.fields.values())
            c.execute(f'CREATE TABLE IF NOT EXISTS "{obj.name}" ({cols})')
        for table, cols in _INDEXES:
            name = f"ix_{table}_{'_'.join(cols)}"
            columns = ", ".join(f'"{x}"' for x in cols)
            c.execute(f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" ({columns})')
        c.execute("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS _counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        c.execute("CREATE TABLE IF NOT EXISTS _clients (name TEXT PRIMARY KEY, client_id TEXT UNIQUE, "
                  "client_secret TEXT, user_id TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS _tokens (token TEXT PRIMARY KEY, user_id TEXT, client TEXT, "
                  "issued_at TEXT, expired INTEGER NOT NULL DEFAULT 0)")
        c.execute("CREATE TABLE IF NOT EXISTS _jwt_keys (client TEXT PRIMARY KEY, public_pem TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS _rules (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS _usage (day TEXT PRIMARY KEY, count INTEGER NOT NULL)")

    def _get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM _meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM _meta WHERE key = ?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", (key, value))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A transaction (outermost) or savepoint (nested); rolled back on any exception."""
        with self.lock:
            self._depth += 1
            name = f"sp{self._depth}"
            self.conn.execute("BEGIN IMMEDIATE" if self._depth == 1 else f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self._depth == 1:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute("COMMIT" if self._depth == 1 else f"RELEASE {name}")
            finally:
                self._depth -= 1

    def now(self) -> datetime:
        return datetime.now(UTC) + self.clock_offset

    def stamp(self) -> str:
        """The current time as stored (whole seconds, as Salesforce keeps it)."""
        return format_datetime(self.now())

    def late_commit(self, seconds: float, times: int = 1) -> None:
        """Fault: the next `times` record writes commit `seconds` late, i.e. they become visible now but are
        stamped (SystemModstamp, LastModifiedDate, CreatedDate) as of when their transaction began, earlier
        than changes other transactions already made visible. Salesforce stamps a record when its
        transaction saves it, not when it commits, so a long transaction does exactly this."""
        with self.lock:
            self._late_commits.extend([float(seconds)] * int(times))

    def _write_stamp(self, at: datetime | None) -> str:
        if at is not None:
            return format_datetime(at)
        if self._late_commits:
            return format_datetime(self.now() - timedelta(seconds=self._late_commits.pop(0)))
        return self.stamp()

    def _next(self, counter: str) -> int:
        row = self.conn.execute("SELECT value FROM _counters WHERE name = ?", (counter,)).fetchone()
        value = (row[0] if row else 0) + 1
        self.conn.execute("INSERT OR REPLACE INTO _counters (name, value) VALUES (?, ?)", (counter, value))
        return value

    def new_id(self, obj: SObject) -> str:
        return ids.make_id(obj.prefix, self._next("id:" + obj.prefix))

    # --------------------------------------------------------------------------------------- org set-up
    def _build(self, seed: bool) -> None:
        from . import seed as seed_mod
        with self.transaction():
            seed_mod.build_org(self)
            if seed:
                seed_mod.seed_data(self)
            self._set_meta("initialised", "1")
            self._set_meta("seeded", "1" if seed else "0")

    def reset(self, seed: bool | None = None) -> None:
        """Delete all records and rebuild the org (and the seed, if it was seeded). Clients, tokens and user
        Ids stay the same, so connected clients and the info file keep working."""
        seed = self.seeded if seed is None else seed
        from . import seed as seed_mod
        with self.transaction():
            for obj in SCHEMA.values():
                self.conn.execute(f'DELETE FROM "{obj.name}"')
            self.conn.execute("DELETE FROM _counters")
            self.conn.execute("DELETE FROM _rules")
            self.conn.execute("DELETE FROM _usage")
            self._set_meta("assignment_owner", None)
            seed_mod.build_org(self)
            if seed:
                seed_mod.seed_data(self)
            self._set_meta("seeded", "1" if seed else "0")
        self.seeded = seed
        self.clock_offset = timedelta(0)
        self._late_commits.clear()
        self._cursors.clear()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # ------------------------------------------------------------------------------------- OAuth clients
    def client(self, name: str) -> dict | None:
        row = self.conn.execute("SELECT client_id, client_secret, user_id FROM _clients WHERE name = ?",
                                (name,)).fetchone()
        return None if row is None else {"client_id": row[0], "client_secret": row[1], "user_id": row[2]}

    def clients(self) -> dict[str, dict]:
        with self.lock:
            return {r[0]: {"client_id": r[1], "client_secret": r[2], "user_id": r[3]}
                    for r in self.conn.execute("SELECT name, client_id, client_secret, user_id FROM _clients")}

    def register_client(self, name: str, user_id: str) -> dict:
        """An OAuth client acting as `user_id` (kept across resets). Returns its credentials."""
        with self.lock:
            existing = self.client(name)
            if existing:
                self.conn.execute("UPDATE _clients SET user_id = ? WHERE name = ?", (user_id, name))
                return {**existing, "user_id": user_id}
            creds = {"client_id": f"3MVG9{secrets.token_urlsafe(24)}.{name}",
                     "client_secret": secrets.token_hex(32), "user_id": user_id}
            self.conn.execute("INSERT INTO _clients VALUES (?, ?, ?, ?)",
                              (name, creds["client_id"], creds["client_secret"], user_id))
            return creds

    def issue_token(self, client_id: str, client_secret: str) -> tuple[str, str]:
        """(access token, user id) for valid client credentials; ValueError otherwise."""
        with self.lock:
            row = self.conn.execute("SELECT name, client_secret, user_id FROM _clients WHERE client_id = ?",
                                    (client_id,)).fetchone()
            if row is None or not secrets.compare_digest(row[1], client_secret or ""):
                raise ValueError("invalid client credentials")
            token = f"{ids.ORG_ID_15}!{secrets.token_urlsafe(72)}"
            self.conn.execute("INSERT INTO _tokens VALUES (?, ?, ?, ?, 0)", (token, row[2], row[0], self.stamp()))
            self._tokens[token] = row[2]
            return token, row[2]

    def register_jwt_key(self, client_name: str, public_pem: str) -> None:
        """Trust `public_pem` (the connected app's certificate/public key) for JWT bearer sign-in."""
        with self.lock:
            if self.client(client_name) is None:
                raise ValueError(f"unknown client {client_name!r}")
            self.conn.execute("INSERT OR REPLACE INTO _jwt_keys VALUES (?, ?)", (client_name, public_pem))

    def issue_token_jwt(self, assertion: str, audiences: list[str]) -> tuple[str, str]:
        """(access token, user id) for a valid JWT bearer assertion; raises OAuthError otherwise."""
        import jwt

        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise OAuthError("invalid_grant", "invalid assertion") from None
        with self.lock:
            row = self.conn.execute("SELECT c.name, k.public_pem FROM _clients c LEFT JOIN _jwt_keys k "
                                    "ON k.client = c.name WHERE c.client_id = ?", (claims.get("iss"),)).fetchone()
            if row is None:
                raise OAuthError("invalid_client_id", "client identifier invalid")
            if row[1] is None:
                raise OAuthError("invalid_client", "no certificate is registered for this client")
            try:
                jwt.decode(assertion, row[1], algorithms=["RS256"], audience=audiences,
                           options={"require": ["exp", "iss", "sub", "aud"]}, leeway=5)
            except jwt.ExpiredSignatureError:
                raise OAuthError("invalid_grant", "expired authorization code") from None
            except jwt.InvalidAudienceError:
                raise OAuthError("invalid_grant", "audience is invalid") from None
            except jwt.PyJWTError:
                raise OAuthError("invalid_grant", "invalid assertion") from None
            user = self.conn.execute('SELECT "Id", "IsActive" FROM "User" WHERE "Username" = ?',
                                     (claims.get("sub"),)).fetchone()
            if user is None or not user[1]:
                raise OAuthError("invalid_grant", "user hasn't approved this consumer")
            token = f"{ids.ORG_ID_15}!{secrets.token_urlsafe(72)}"
            self.conn.execute("INSERT INTO _tokens VALUES (?, ?, ?, ?, 0)", (token, user[0], row[0], self.stamp()))
            self._tokens[token] = user[0]
            return token, user[0]

    def user_for_token(self, token: str | None) -> str:
        user = self._tokens.get(token or "")
        if user is None:
            raise ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")
        return user

    def expire_tokens(self, user_id: str | None = None) -> int:
        """Expire every issued token (or only `user_id`'s). Returns how many were live."""
        with self.lock:
            live = [t for t, u in self._tokens.items() if user_id is None or u == user_id]
            for t in live:
                del self._tokens[t]
            self.conn.executemany("UPDATE _tokens SET expired = 1 WHERE token = ?", [(t,) for t in live])
            return len(live)

    # ----------------------------------------------------------------------------------------- API usage
    def count_call(self) -> tuple[int, int]:
        """Count one API call today; 403 REQUEST_LIMIT_EXCEEDED once the daily limit is used up."""
        with self.lock:
            day = self.now().date().isoformat()
            row = self.conn.execute("SELECT count FROM _usage WHERE day = ?", (day,)).fetchone()
            used = row[0] if row else 0
            if used >= self.options.daily_api_limit:
                raise ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            self.conn.execute("INSERT OR REPLACE INTO _usage (day, count) VALUES (?, ?)", (day, used + 1))
            return used + 1, self.options.daily_api_limit

    def api_usage(self) -> tuple[int, int]:
        with self.lock:
            row = self.conn.execute("SELECT count FROM _usage WHERE day = ?",
                                    (self.now().date().isoformat(),)).fetchone()
            return (row[0] if row else 0), self.options.daily_api_limit

    def set_api_usage(self, used: int) -> None:
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO _usage (day, count) VALUES (?, ?)",
                              (self.now().date().isoformat(), used))

    # ------------------------------------------------------------------------------------ validation rules
    def add_validation_rule(self, rule: ValidationRule) -> ValidationRule:
        obj = sobject(rule.sobject)
        if obj is None:
            raise ValueError(f"unknown sobject {rule.sobject!r}")
        for name in [*rule.when, *rule.changed] + ([rule.error_field] if rule.error_field else []):
            if obj.field(name) is None:
                raise ValueError(f"unknown field {name!r} on {obj.name}")
        with self.lock:
            body = rule.to_json()
            body.pop("id")
            cur = self.conn.execute("INSERT INTO _rules (body) VALUES (?)", (json.dumps(body),))
            rule.id = cur.lastrowid
            return rule

    def validation_rules(self) -> list[ValidationRule]:
        with self.lock:
            rules = []
            for rid, body in self.conn.execute("SELECT id, body FROM _rules ORDER BY id"):
                rules.append(ValidationRule(**json.loads(body), id=rid))
            return rules

    def clear_validation_rules(self) -> None:
        with self.lock:
            self.conn.execute("DELETE FROM _rules")

    def _check_rules(self, obj: SObject, record: dict, changes: dict, user_id: str, creating: bool) -> None:
        for rule in self.validation_rules():
            if rule.sobject.lower() != obj.name.lower():
                continue
            if rule.users and user_id not in rule.users:
                continue
            if rule.changed:
                changed_names = {k.lower() for k in changes}
                if not any(c.lower() in changed_names for c in rule.changed):
                    continue
            matched = True
            for fname, accepted in rule.when.items():
                f = obj.field(fname)
                value = record.get(f.name) if f else None
                values = accepted if isinstance(accepted, list) else [accepted]
                if f is not None and f.type == BOOLEAN:
                    value = None if value is None else bool(value)
                    ok = value in [bool(v) for v in values]
                elif isinstance(value, str):
                    ok = value.casefold() in {str(v).casefold() for v in values if v is not None}
                else:
                    ok = value in values
                if not ok:
                    matched = False
                    break
            if matched:
                raise ApiError(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message,
                               [rule.error_field] if rule.error_field else [])

    # ------------------------------------------------------------------------------------------ settings
    @property
    def assignment_owner(self) -> str | None:
        """Owner given to new cases that name none (the org's assignment rule), else the acting user."""
        return self._get_meta("assignment_owner")

    def set_assignment_owner(self, user_id: str | None) -> None:
        with self.lock:
            self._set_meta("assignment_owner", user_id)

    def hidden_fields(self, user_id: str | None) -> frozenset[str]:
        """The fields field-level security hides from `user_id` ("object.field", lower case): the option
        `hidden_fields` applies to the integration user (agents are administrators and see everything)."""
        if not self.options.hidden_fields or user_id is None:
            return frozenset()
        integration = self.client("integration")
        if integration is None or integration["user_id"] != user_id:
            return frozenset()
        return frozenset(name.lower() for name in self.options.hidden_fields)

    def sharing_filter(self, user_id: str | None, obj_name: str) -> tuple[str, list] | None:
        """The rows of `obj_name` that sharing lets `user_id` see, as an SQL condition on alias `{t}` (None:
        all). With `case_sharing="private"` (Case OWD Private) and no View All (`integration_view_all=False`)
        the integration user sees only the cases it owns, and their comments and attachments (controlled by
        parent); agents are administrators and see everything."""
        if self.options.case_sharing != "private" or self.options.integration_view_all or user_id is None:
            return None
        integration = self.client("integration")
        if integration is None or integration["user_id"] != user_id:
            return None
        if obj_name == "Case":
            return '{t}."OwnerId" = ?', [user_id]
        if obj_name in ("CaseComment", "Attachment"):
            return '{t}."ParentId" IN (SELECT "Id" FROM "Case" WHERE "OwnerId" = ?)', [user_id]
        return None

    def _check_parent_shared(self, obj: SObject, parent_id: str | None, user_id: str) -> None:
        """A comment or attachment on a case sharing hides from the caller is refused, as Salesforce does."""
        shared = self.sharing_filter(user_id, obj.name) if str(parent_id or "").startswith("500") else None
        if shared is None:
            return
        visible = self.conn.execute('SELECT 1 FROM "Case" c WHERE c."Id" = ? AND c."OwnerId" = ?',
                                    (parent_id, user_id)).fetchone()
        if not visible:
            raise ApiError(400, "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
                           "insufficient access rights on cross-reference id", ["ParentId"])

    # -------------------------------------------------------------------------------------------- reads
    def raw(self, obj: SObject, record_id: str, include_deleted: bool = False) -> dict | None:
        cur = self.conn.execute(f'SELECT * FROM "{obj.name}" WHERE "Id" = ?', (record_id,))
        row = cur.fetchone()
        if row is None:
            return None
        rec = {d[0]: v for d, v in zip(cur.description, row, strict=True)}
        if rec.get("IsDeleted") and not include_deleted:
            return None
        return rec

    def get(self, obj_name: str, record_id: str, version: str, fields: list[str] | None = None,
            user: str | None = None) -> dict:
        """GET /sobjects/{obj}/{id}: every field `user` may see (or `fields`), with attributes."""
        obj = self.sobject_or_404(obj_name)
        rid = ids.normalize(record_id)
        with self.lock:
            rec = None if rid is None or not rid.startswith(obj.prefix) else self.raw(obj, rid)
            shared = self.sharing_filter(user, obj.name)
            if rec is not None and shared is not None and not self.conn.execute(
                    f'SELECT 1 FROM "{obj.name}" t WHERE t."Id" = ? AND ' + shared[0].replace("{t}", "t"),
                    [rec["Id"], *shared[1]]).fetchone():
                rec = None                   # not shared with the caller: as if it did not exist
        if rec is None:
            raise not_found()
        hidden = self.hidden_fields(user)
        wanted = [f for f in obj.fields.values() if f"{obj.name}.{f.name}".lower() not in hidden]
        if fields:
            wanted = []
            for name in fields:
                f = obj.field(name.strip())
                if f is None or f"{obj.name}.{f.name}".lower() in hidden:
                    raise ApiError(400, "INVALID_FIELD", f"No such column '{name.strip()}' on entity "
                                   f"'{obj.name}'. If you are attempting to use a custom field, be sure to append "
                                   "the '__c' after the custom field name. Please reference your WSDL or the "
                                   "describe call for the appropriate names.")
                wanted.append(f)
        return self.to_json(obj, rec, version, wanted)

    def to_json(self, obj: SObject, rec: dict, version: str, wanted: list[Field] | None = None) -> dict:
        url = f"/services/data/v{version}/sobjects/{obj.name}/{rec['Id']}"
        out: dict[str, Any] = {"attributes": {"type": obj.name, "url": url}}
        for f in wanted or obj.fields.values():
            v = rec.get(f.name)
            if v is not None:
                if f.type == BOOLEAN:
                    v = bool(v)
                elif f.type == BASE64:
                    v = f"{url}/{f.name}"
            out[f.name] = v
        return out

    def blob(self, obj_name: str, record_id: str, field_name: str) -> bytes:
        obj = self.sobject_or_404(obj_name)
        f = obj.field(field_name)
        rid = ids.normalize(record_id)
        if f is None or f.type != BASE64 or rid is None:
            raise not_found()
        with self.lock:
            rec = self.raw(obj, rid)
        if rec is None:
            raise not_found()
        return bytes(rec[f.name] or b"")

    def sobject_or_404(self, name: str) -> SObject:
        obj = sobject(name)
        if obj is None:
            raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
        return obj

    # ------------------------------------------------------------------------------------------- writes
    def _coerce(self, obj: SObject, f: Field, value: Any) -> Any:
        """A JSON value -> the stored value, or the error Salesforce answers for it."""
        t = f.type
        if isinstance(value, str) and value == "" and t not in (BOOLEAN, INT, DOUBLE, DATETIME, DATE, BASE64):
            value = None                     # Salesforce stores an empty string as null
        if value is None:
            if f.restricted:
                raise ApiError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                               f"{f.label or f.name}: bad value for restricted picklist field: null", [f.name])
            if t == BOOLEAN and not f.nillable:
                return 0                     # a null checkbox is saved as false
            return None

        def parser_error(kind: str) -> ApiError:
            return ApiError(400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of {kind} from "
                            f"{_json_kind(value)} value {value} or request may be missing a required field")

        if t == BOOLEAN:
            if isinstance(value, bool):
                return 1 if value else 0
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return 1 if value.lower() == "true" else 0
            raise parser_error("boolean")
        if t in (INT, DOUBLE):
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise parser_error("double" if t == DOUBLE else "int")
            try:
                return int(value) if t == INT else float(value)
            except ValueError:
                raise parser_error("double" if t == DOUBLE else "int") from None
        if t == DATETIME:
            if not isinstance(value, str):
                raise parser_error("datetime")
            try:
                return format_datetime(parse_datetime(value))
            except ValueError:
                raise parser_error("datetime") from None
        if t == BASE64:
            if not isinstance(value, str):
                raise parser_error("base64")
            if len(value) > self.options.max_base64_bytes:
                raise ApiError(400, "JSON_PARSER_ERROR", f"{f.label or f.name}: base64-encoded data in a "
                               f"non-multipart request is limited to {self.options.max_base64_bytes} bytes "
                               f"(this one is {len(value)})", [f.name])
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise parser_error("base64") from None
        if isinstance(value, (dict, list)):
            raise parser_error("string")
        s = value if isinstance(value, str) else json.dumps(value)
        label = f.label or f.name
        if t == REFERENCE:
            norm = ids.normalize(s)
            if norm is None:
                raise ApiError(400, "MALFORMED_ID", f"{label}: id value of incorrect type: {s}", [f.name])
            target = sobject_for_prefix(norm[:3])
            if target is None or target.name not in f.reference_to:
                raise ApiError(400, "FIELD_INTEGRITY_EXCEPTION",
                               f"{label}: id value of incorrect type: {s}", [f.name])
            if self.raw(target, norm) is None:
                raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY",
                               "invalid cross reference id", [f.name])
            return norm
        size = len(s.encode("utf-8")) if f.length_in_bytes else len(s)
        if f.length and size > f.length:
            shown = s if len(s) <= 200 else s[:200] + "..."
            raise ApiError(400, "STRING_TOO_LONG",
                           f"{label}: data value too large: {shown} (max length={f.length})", [f.name])
        if t == PICKLIST and f.restricted:
            match = next((v for v in f.picklist if v == s), None)
            if match is None:
                raise ApiError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                               f"{label}: bad value for restricted picklist field: {s}", [f.name])
        if t == EMAIL and s and not _EMAIL_RE.match(s):
            raise ApiError(400, "INVALID_EMAIL_ADDRESS", f"{label}: invalid email address: {s}", [f.name])
        return s

    def _prepare(self, obj: SObject, data: dict, creating: bool) -> dict:
        if not isinstance(data, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
        values: dict[str, Any] = {}
        unwritable: list[str] = []
        for key, value in data.items():
            if key == "attributes":
                continue
            f = obj.field(key)
            if f is None:
                raise ApiError(400, "INVALID_FIELD", f"No such column '{key}' on sobject of type {obj.name}")
            if (creating and not f.createable) or (not creating and not f.updateable):
                if f.name == "Id" and not creating:
                    continue   # PATCH bodies may echo the Id
                unwritable.append(f.name)
                continue
            values[f.name] = value
        if unwritable:
            verb = "create" if creating else "update"
            raise ApiError(400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                           f"Unable to {verb}/update fields: {', '.join(unwritable)}. Please check the security "
                           "settings of this field and verify that it is read/write for your profile or "
                           "permission set.", unwritable)
        out = {}
        for name, value in values.items():
            f = obj.fields[name]
            out[name] = self._coerce(obj, f, value)
        if obj.name == "Attachment" and out.get("Body") is not None:
            size = len(out["Body"])
            if size > self.options.max_attachment_bytes:
                raise ApiError(400, "MAXIMUM_SIZE_OF_ATTACHMENT",
                               f"Attachment size exceeds the maximum of {self.options.max_attachment_bytes} bytes "
                               f"(this one is {size} bytes)", ["Body"])
        return out

    def _missing(self, obj: SObject, record: dict) -> None:
        missing = [f.name for f in obj.fields.values()
                   if (f.required or (not f.nillable and f.createable and f.default is None and f.type != BOOLEAN
                                      and f.name != "OwnerId"))
                   and record.get(f.name) in (None, "")]
        if missing:
            raise ApiError(400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]",
                           missing)

    def _check_unique(self, obj: SObject, record: dict) -> None:
        if obj.name == "User" and record.get("Username"):
            row = self.conn.execute('SELECT 1 FROM "User" WHERE "Username" = ? AND "Id" IS NOT ?',
                                    (record["Username"], record.get("Id"))).fetchone()
            if row:
                raise ApiError(400, "DUPLICATE_USERNAME", "Duplicate Username.<br>The username already exists in "
                               "this or another Salesforce organization. Usernames must be unique across all "
                               "Salesforce organizations. To resolve, use a different username (it doesn't "
                               "need to match the user's email address).", ["Username"])

    def _derive(self, obj: SObject, record: dict, old: dict | None, now: str) -> None:
        if obj.name in ("Contact", "User") and ("FirstName" in record or "LastName" in record):
            record["Name"] = " ".join(x for x in (record.get("FirstName"), record.get("LastName")) if x)
        if obj.name == "Case":
            closed = record.get("Status") in CLOSED_STATUSES
            record["IsClosed"] = 1 if closed else 0
            if closed and not (old and old.get("IsClosed")):
                record["ClosedDate"] = now
            elif not closed:
                record["ClosedDate"] = None
            owner = record.get("OwnerId")
            if owner and (old is None or old.get("OwnerId") != owner or old.get("Case_Owner__c") is None):
                row = self.conn.execute('SELECT "Name" FROM "User" WHERE "Id" = ?', (owner,)).fetchone()
                record["Case_Owner__c"] = row[0] if row else None
        if obj.name == "Attachment" and "Body" in record:
            record["BodyLength"] = len(record["Body"] or b"")

    def create(self, obj_name: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> str:
        """Insert a record; returns its 18-character Id. `auto_assign`: apply the case assignment rule
        (the owner of cases that name none) as REST does unless told `Sforce-Auto-Assign: FALSE`."""
        obj = self.sobject_or_404(obj_name)
        with self.transaction():
            values = self._prepare(obj, data, creating=True)
            self._check_parent_shared(obj, values.get("ParentId"), user_id)
            now = self._write_stamp(at)
            record: dict[str, Any] = {}
            for f in obj.fields.values():
                if f.default is not None:
                    record[f.name] = (1 if f.default else 0) if f.type == BOOLEAN else f.default
            record.update({k: v for k, v in values.items() if v is not None or k not in record})
            if "OwnerId" in obj.fields and not record.get("OwnerId"):
                owner = self.assignment_owner if obj.name == "Case" and auto_assign else None
                record["OwnerId"] = owner or user_id
            if obj.name == "Case":
                record["CaseNumber"] = f"{CASE_NUMBER_START + self._next('CaseNumber'):08d}"
            self._missing(obj, record)
            self._check_unique(obj, record)
            record["Id"] = self.new_id(obj)
            for k in ("CreatedDate", "LastModifiedDate", "SystemModstamp"):
                if k in obj.fields:
                    record[k] = now
            for k in ("CreatedById", "LastModifiedById"):
                if k in obj.fields:
                    record[k] = user_id
            self._derive(obj, record, None, now)
            self._check_rules(obj, record, values, user_id, creating=True)
            cols = list(record)
            self.conn.execute(f'INSERT INTO "{obj.name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                              f'VALUES ({", ".join("?" for _ in cols)})', [record[c] for c in cols])
            if obj.name == "CaseComment" and self.options.comment_touches_case:
                self.conn.execute('UPDATE "Case" SET "SystemModstamp" = ?, "LastModifiedDate" = ?, '
                                  '"LastModifiedById" = ? WHERE "Id" = ?', (now, now, user_id, record["ParentId"]))
            return record["Id"]

    def _existing(self, obj: SObject, record_id: str) -> dict:
        rid = ids.normalize(record_id)
        rec = None
        if rid is not None and rid.startswith(obj.prefix):
            rec = self.raw(obj, rid, include_deleted=True)
        if rec is None:
            raise not_found("Provided external ID field does not exist or is not accessible: " + record_id
                            if rid is None else "The requested resource does not exist")
        if rec.get("IsDeleted"):
            raise ApiError(404, "ENTITY_IS_DELETED", "entity is deleted")
        return rec

    def update(self, obj_name: str, record_id: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> None:
        """Save changes to a record. `auto_assign`: a Case update runs the active assignment rule again (the
        owner changes to the rule's) unless told `Sforce-Auto-Assign: FALSE`, as REST does."""
        obj = self.sobject_or_404(obj_name)
        with self.transaction():
            old = self._existing(obj, record_id)
            values = self._prepare(obj, data, creating=False)
            record = dict(old)
            record.update(values)
            rule_owner = self.assignment_owner if obj.name == "Case" and auto_assign else None
            if rule_owner and self.options.assignment_rule_on_update and "OwnerId" not in values:
                record["OwnerId"] = values["OwnerId"] = rule_owner
            self._missing(obj, record)
            self._check_unique(obj, record)
            now = self._write_stamp(at)
            self._derive(obj, record, old, now)
            changed = {k: v for k, v in values.items() if old.get(k) != v}
            self._check_rules(obj, record, changed, user_id, creating=False)
            for k in ("LastModifiedDate", "SystemModstamp"):
                if k in obj.fields:
                    record[k] = now
            if "LastModifiedById" in obj.fields:
                record["LastModifiedById"] = user_id
            cols = [c for c in record if c != "Id" and record[c] != old.get(c)]
            if cols:
                self.conn.execute(f'UPDATE "{obj.name}" SET {", ".join(chr(34) + c + chr(34) + " = ?" for c in cols)} '
                                  f'WHERE "Id" = ?', [record[c] for c in cols] + [old["Id"]])
            if obj.name == "User" and ("FirstName" in values or "LastName" in values):
                self.conn.execute('UPDATE "Case" SET "Case_Owner__c" = ? WHERE "OwnerId" = ?',
                                  (record["Name"], old["Id"]))

    def delete(self, obj_name: str, record_id: str, user_id: str) -> None:
        obj = self.sobject_or_404(obj_name)
        if "IsDeleted" not in obj.fields:
            raise ApiError(400, "INVALID_TYPE", f"Cannot delete records of type {obj.name}")
        with self.transaction():
            old = self._existing(obj, record_id)
            now = self.stamp()
            self.conn.execute(f'UPDATE "{obj.name}" SET "IsDeleted" = 1, "SystemModstamp" = ?, '
                              '"LastModifiedById" = ? WHERE "Id" = ?', (now, user_id, old["Id"]))
            if obj.name == "Contact":   # lookups to a deleted contact are cleared, as SF does by default
                self.conn.execute('UPDATE "Case" SET "ContactId" = NULL WHERE "ContactId" = ?', (old["Id"],))
            if obj.name == "Case":   # cascade to the case's comments and attachments
                for child in ("CaseComment", "Attachment"):
                    self.conn.execute(f'UPDATE "{child}" SET "IsDeleted" = 1, "SystemModstamp" = ? '
                                      'WHERE "ParentId" = ? AND "IsDeleted" = 0', (now, old["Id"]))

    # ------------------------------------------------------------------------------------------- query
    def compiled(self, soql_text: str, include_deleted: bool, hidden: frozenset[str] = frozenset(),
                 user: str | None = None) -> CompiledQuery:
        private = user is not None and self.options.case_sharing == "private"    # else: no parse needed
        shared = self.sharing_filter(user, sobject_named_in(soql_text)) if private else None
        key = (soql_text, include_deleted, hidden, shared[1][0] if shared else None)
        c = self._query_cache.get(key)
        if c is None:
            c = compile_query(soql_text, include_deleted, hidden, shared)
            self._query_cache[key] = c
            if len(self._query_cache) > 500:
                self._query_cache.popitem(last=False)
        return c

    def query(self, soql_text: str, version: str, *, include_deleted: bool = False,
              batch_size: int | None = None, user: str | None = None) -> dict:
        """The JSON answer to GET /query (or /queryAll) for `user`: first page plus nextRecordsUrl."""
        with self.lock:
            compiled = self.compiled(soql_text, include_deleted, self.hidden_fields(user), user)
            if compiled.obj.name in SYNCED_SETUP:
                sync_setup(self)
            records, total = run(self.conn, compiled, self.now(), version)
        if compiled.count:
            return {"totalSize": total, "done": True, "records": []}
        assert isinstance(records, list)
        return self._page(records, 0, include_deleted, version, batch_size or self.options.batch_size, None)

    def _page(self, records: list[dict], start: int, include_deleted: bool, version: str, size: int,
              locator: str | None) -> dict:
        end = start + size
        out: dict[str, Any] = {"totalSize": len(records), "done": end >= len(records)}
        if end < len(records):
            with self.lock:
                if locator is None:
                    locator = ids.make_id("01g", self._next_cursor())
                    self._cursors[locator] = (records, size, include_deleted)
                    while len(self._cursors) > 50:
                        self._cursors.popitem(last=False)
            out["nextRecordsUrl"] = (f"/services/data/v{version}/{'queryAll' if include_deleted else 'query'}/"
                                     f"{locator}-{end}")
        elif locator is not None:
            with self.lock:
                self._cursors.pop(locator, None)
        out["records"] = records[start:end]
        return out

    def _next_cursor(self) -> int:
        self._cursor_serial = getattr(self, "_cursor_serial", 0) + 1
        return self._cursor_serial

    def query_more(self, locator_and_offset: str, version: str) -> dict:
        locator, _, offset = locator_and_offset.rpartition("-")
        with self.lock:
            entry = self._cursors.get(locator)
        if entry is None or not offset.isdigit():
            raise ApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        records, size, include_deleted = entry
        return self._page(records, int(offset), include_deleted, version, size, locator)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "VALUE_TRUE" if value else "VALUE_FALSE"
    if isinstance(value, (int, float)):
        return "VALUE_NUMBER_INT" if isinstance(value, int) else "VALUE_NUMBER_FLOAT"
    if isinstance(value, str):
        return "VALUE_STRING"
    if isinstance(value, list):
        return "START_ARRAY"
    return "START_OBJECT"
