"""The emulated org's substrate, shared by its parts (auth, limits, rules, records): one SQLite connection
(WAL mode, short transactions) behind one lock, the org's settings (`Options`), its clock (which tests may
move forward or make commit late), id counters and the `_meta` key-value table."""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

from sandbox.private import create_private

from . import ids
from .case_setup import DEFAULT_CASE_SETUP, CaseSetup
from .knowledge_objects import VIEWS
from .fields import BASE64, BOOLEAN, DATE, DATETIME, DOUBLE, ID, INT, REFERENCE, Field, SObject
from .schema import SCHEMA, Schema, build_schema
from .timefmt import UTC, format_datetime


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
    ("Attachment", ("ParentId",)), ("EmailMessage", ("SystemModstamp",)), ("FeedItem", ("SystemModstamp",)),
    ("FeedComment", ("FeedItemId",)), ("ContentDocumentLink", ("SystemModstamp",)),
    ("ContentDocumentLink", ("LinkedEntityId",)), ("Knowledge__kav", ("KnowledgeArticleId",)),
    ("Knowledge__kav", ("PublishStatus", "Language")), ("CaseArticle", ("CaseId",)), ("Contact", ("Email",)), ("User", ("Username",)), ("User", ("Email",)),
]


class Database:
    """One org's SQLite file, lock, options, clock and schema (its objects, from its case set-up)."""

    def __init__(self, db_path: str | Path, options: Options | None = None,
                 case_setup: CaseSetup = DEFAULT_CASE_SETUP) -> None:
        self.db_path = str(db_path)
        self.options = options or Options()
        self.schema: Schema = SCHEMA if case_setup == DEFAULT_CASE_SETUP else build_schema(case_setup)
        self.lock = threading.RLock()
        if self.db_path != ":memory:" and not self.db_path.startswith("file:"):
            create_private(self.db_path)      # owner-only; SQLite gives its WAL files the same mode
        self.conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._depth = 0
        self.clock_offset = timedelta(0)
        self._late_commits: list[float] = []     # the next writes' lag (s): see `late_commit`
        with self.lock:
            self._create_tables()

    def _create_tables(self) -> None:
        c = self.conn
        for obj in self.schema.values():
            if obj.name in VIEWS:
                continue
            cols = ", ".join(f'"{f.name}" {_column_type(f)}' + (" PRIMARY KEY" if f.name == "Id" else "")
                             for f in obj.fields.values())
            c.execute(f'CREATE TABLE IF NOT EXISTS "{obj.name}" ({cols})')
            have = {row[1].lower() for row in c.execute(f'PRAGMA table_info("{obj.name}")')}
            for f in obj.fields.values():        # a file made with another case set-up: add its new fields
                if f.name.lower() not in have:
                    c.execute(f'ALTER TABLE "{obj.name}" ADD COLUMN "{f.name}" {_column_type(f)}')
        for view, table in VIEWS.items():        # KnowledgeArticleVersion: every column of Knowledge__kav
            c.execute(f'CREATE VIEW IF NOT EXISTS "{view}" AS SELECT * FROM "{table}"')
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

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # ------------------------------------------------------------------------------------- transactions
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

    def sobject(self, name: str) -> SObject | None:
        return self.schema.sobject(name)

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM _meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM _meta WHERE key = ?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", (key, value))

    def next(self, counter: str) -> int:
        row = self.conn.execute("SELECT value FROM _counters WHERE name = ?", (counter,)).fetchone()
        value = (row[0] if row else 0) + 1
        self.conn.execute("INSERT OR REPLACE INTO _counters (name, value) VALUES (?, ?)", (counter, value))
        return value

    def new_id(self, obj: SObject) -> str:
        return ids.make_id(obj.prefix, self.next("id:" + obj.prefix))

    # -------------------------------------------------------------------------------------------- clock
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

    def write_stamp(self, at: datetime | None) -> str:
        """The stamp of a record write: `at` if given, else now (or earlier, for a late commit)."""
        if at is not None:
            return format_datetime(at)
        if self._late_commits:
            return format_datetime(self.now() - timedelta(seconds=self._late_commits.pop(0)))
        return self.stamp()

    def reset_clock(self) -> None:
        self.clock_offset = timedelta(0)
        self._late_commits.clear()
