"""The emulated org: `Org` is the facade over its parts, each in its own module:

- database.py: the SQLite connection, lock and transactions, the org's `Options`, its clock, id counters;
- auth.py: OAuth clients and access tokens;
- limits.py: the daily API request allocation;
- rules.py: validation rules, the case assignment rule, field-level security, sharing;
- records.py (and values.py): reads and the writes, validated like Salesforce, with their system fields;
- here: set-up and reset (seed.py), and SOQL queries with their paging cursors (query.py).

`Org` is thread-safe: one lock serialises access to one SQLite connection (WAL mode, short transactions).
"""
from __future__ import annotations

from collections import OrderedDict
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import ids
from .auth import Auth, OAuthError
from .database import Database, Options
from .errors import ApiError
from .limits import Limits
from .query import CompiledQuery, compile_query, run, sobject_named_in
from .records import CASE_NUMBER_START, Records
from .rules import Rules, ValidationRule
from .fields import Field, SObject
from .knowledge_objects import VIEWS
from .case_setup import DEFAULT_CASE_SETUP, CaseSetup
from .schema import Schema
from .milestone_objects import refresh as refresh_milestones
from .setup_objects import SYNCED as SYNCED_SETUP
from .setup_rows import sync_setup

__all__ = ["CASE_NUMBER_START", "OAuthError", "Options", "Org", "ValidationRule"]


class Org:
    """One emulated Salesforce org."""

    def __init__(self, db_path: str | Path, *, seed: bool = False, options: Options | None = None,
                 case_setup: CaseSetup = DEFAULT_CASE_SETUP) -> None:
        if seed and case_setup != DEFAULT_CASE_SETUP:
            raise ValueError("the seed data is written for the default case set-up; start other set-ups unseeded")
        self.db = Database(db_path, options, case_setup)
        self.seeded = seed
        self._query_cache: OrderedDict[tuple[str, bool, frozenset[str], str | None], CompiledQuery] = OrderedDict()
        self._cursors: OrderedDict[str, tuple[list[dict], int, bool]] = OrderedDict()
        self._cursor_serial = 0
        self.auth = Auth(self.db)
        self.limits = Limits(self.db)
        self.rules = Rules(self.db, self.auth)
        self.records = Records(self.db, self.rules)
        with self.lock:
            if self.db.get_meta("initialised") is None:
                self._build(seed=seed)
            else:
                self.seeded = self.db.get_meta("seeded") == "1" or seed

    # ------------------------------------------------------------------------------ the shared substrate
    @property
    def db_path(self) -> str:
        return self.db.db_path

    @property
    def schema(self) -> Schema:
        """The org's objects (the Case object as its case set-up says)."""
        return self.db.schema

    @property
    def conn(self) -> Any:
        return self.db.conn

    @property
    def lock(self) -> Any:
        return self.db.lock

    @property
    def options(self) -> Options:
        return self.db.options

    @options.setter
    def options(self, options: Options) -> None:
        self.db.options = options

    @property
    def clock_offset(self) -> timedelta:
        return self.db.clock_offset

    @clock_offset.setter
    def clock_offset(self, offset: timedelta) -> None:
        self.db.clock_offset = offset

    def transaction(self) -> AbstractContextManager[None]:
        """A transaction (outermost) or savepoint (nested); rolled back on any exception."""
        return self.db.transaction()

    def now(self) -> datetime:
        return self.db.now()

    def stamp(self) -> str:
        """The current time as stored (whole seconds, as Salesforce keeps it)."""
        return self.db.stamp()

    def late_commit(self, seconds: float, times: int = 1) -> None:
        """Fault: the next `times` record writes are stamped `seconds` before they commit (database.py)."""
        self.db.late_commit(seconds, times)

    def new_id(self, obj: SObject) -> str:
        return self.db.new_id(obj)

    # --------------------------------------------------------------------------------------- org set-up
    def _build(self, seed: bool) -> None:
        from . import seed as seed_mod
        with self.transaction():
            seed_mod.build_org(self)
            if seed:
                seed_mod.seed_data(self)
            self.db.set_meta("initialised", "1")
            self.db.set_meta("seeded", "1" if seed else "0")

    def reset(self, seed: bool | None = None) -> None:
        """Delete all records and rebuild the org (and the seed, if it was seeded). Clients, tokens and user
        Ids stay the same, so connected clients and the info file keep working."""
        seed = self.seeded if seed is None else seed
        from . import seed as seed_mod
        with self.transaction():
            for obj in self.db.schema.values():
                if obj.name not in VIEWS:
                    self.conn.execute(f'DELETE FROM "{obj.name}"')
            self.conn.execute("DELETE FROM _counters")
            self.conn.execute("DELETE FROM _rules")
            self.conn.execute("DELETE FROM _usage")
            self.db.set_meta("assignment_owner", None)
            seed_mod.build_org(self)
            if seed:
                seed_mod.seed_data(self)
            self.db.set_meta("seeded", "1" if seed else "0")
        self.seeded = seed
        self.db.reset_clock()
        self._cursors.clear()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------------------ OAuth (auth.py)
    def client(self, name: str) -> dict | None:
        return self.auth.client(name)

    def clients(self) -> dict[str, dict]:
        return self.auth.clients()

    def register_client(self, name: str, user_id: str) -> dict:
        """An OAuth client acting as `user_id` (kept across resets). Returns its credentials."""
        return self.auth.register_client(name, user_id)

    def issue_token(self, client_id: str, client_secret: str) -> tuple[str, str]:
        """(access token, user id) for valid client credentials; ValueError otherwise."""
        return self.auth.issue_token(client_id, client_secret)

    def register_jwt_key(self, client_name: str, public_pem: str) -> None:
        """Trust `public_pem` (the connected app's certificate/public key) for JWT bearer sign-in."""
        self.auth.register_jwt_key(client_name, public_pem)

    def issue_token_jwt(self, assertion: str, audiences: list[str]) -> tuple[str, str]:
        """(access token, user id) for a valid JWT bearer assertion; raises OAuthError otherwise."""
        return self.auth.issue_token_jwt(assertion, audiences)

    def user_for_token(self, token: str | None) -> str:
        return self.auth.user_for_token(token)

    def expire_tokens(self, user_id: str | None = None) -> int:
        """Expire every issued token (or only `user_id`'s). Returns how many were live."""
        return self.auth.expire_tokens(user_id)

    # ------------------------------------------------------------------------ API usage (limits.py)
    def count_call(self) -> tuple[int, int]:
        """Count one API call today; 403 REQUEST_LIMIT_EXCEEDED once the daily limit is used up."""
        return self.limits.count_call()

    def api_usage(self) -> tuple[int, int]:
        return self.limits.api_usage()

    def set_api_usage(self, used: int) -> None:
        self.limits.set_api_usage(used)

    # ------------------------------------------------------------------------------------ rules.py
    def add_validation_rule(self, rule: ValidationRule) -> ValidationRule:
        return self.rules.add_validation_rule(rule)

    def validation_rules(self) -> list[ValidationRule]:
        return self.rules.validation_rules()

    def clear_validation_rules(self) -> None:
        self.rules.clear_validation_rules()

    @property
    def assignment_owner(self) -> str | None:
        """Owner given to new cases that name none (the org's assignment rule), else the acting user."""
        return self.rules.assignment_owner

    def set_assignment_owner(self, user_id: str | None) -> None:
        self.rules.set_assignment_owner(user_id)

    def hidden_fields(self, user_id: str | None) -> frozenset[str]:
        """The fields field-level security hides from `user_id` ("object.field", lower case)."""
        return self.rules.hidden_fields(user_id)

    def sharing_filter(self, user_id: str | None, obj_name: str) -> tuple[str, list] | None:
        """The rows of `obj_name` sharing lets `user_id` see, as an SQL condition on alias `{t}` (None: all)."""
        return self.rules.sharing_filter(user_id, obj_name)

    # ---------------------------------------------------------------------------------- records.py
    def raw(self, obj: SObject, record_id: str, include_deleted: bool = False) -> dict | None:
        return self.records.raw(obj, record_id, include_deleted)

    def get(self, obj_name: str, record_id: str, version: str, fields: list[str] | None = None,
            user: str | None = None) -> dict:
        """GET /sobjects/{obj}/{id}: every field `user` may see (or `fields`), with attributes."""
        return self.records.get(obj_name, record_id, version, fields, user)

    def to_json(self, obj: SObject, rec: dict, version: str, wanted: list[Field] | None = None) -> dict:
        return self.records.to_json(obj, rec, version, wanted)

    def blob(self, obj_name: str, record_id: str, field_name: str) -> bytes:
        return self.records.blob(obj_name, record_id, field_name)

    def sobject_or_404(self, name: str) -> SObject:
        return self.records.sobject_or_404(name)

    def create(self, obj_name: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> str:
        """Insert a record; returns its 18-character Id (records.py)."""
        return self.records.create(obj_name, data, user_id, at=at, auto_assign=auto_assign)

    def update(self, obj_name: str, record_id: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> None:
        """Save changes to a record (records.py)."""
        self.records.update(obj_name, record_id, data, user_id, at=at, auto_assign=auto_assign)

    def delete(self, obj_name: str, record_id: str, user_id: str) -> None:
        self.records.delete(obj_name, record_id, user_id)

    # ------------------------------------------------------------------------------------------- query
    def compiled(self, soql_text: str, include_deleted: bool, hidden: frozenset[str] = frozenset(),
                 user: str | None = None) -> CompiledQuery:
        private = user is not None and self.options.case_sharing == "private"    # else: no parse needed
        shared = self.sharing_filter(user, sobject_named_in(soql_text, self.db.schema)) if private else None
        key = (soql_text, include_deleted, hidden, shared[1][0] if shared else None)
        c = self._query_cache.get(key)
        if c is None:
            c = compile_query(soql_text, include_deleted, hidden, shared, self.db.schema)
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
            if "casemilestone" in soql_text.casefold():
                refresh_milestones(self.conn, self.now())     # IsViolated and time left as of the emulator's clock
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
        self._cursor_serial += 1
        return self._cursor_serial

    def query_more(self, locator_and_offset: str, version: str) -> dict:
        locator, _, offset = locator_and_offset.rpartition("-")
        with self.lock:
            entry = self._cursors.get(locator)
        if entry is None or not offset.isdigit():
            raise ApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        records, size, include_deleted = entry
        return self._page(records, int(offset), include_deleted, version, size, locator)
