"""The read model of employees' cases: the store side (tables `concierge_case_book` and
`concierge_case_book_sync`, see store/schema/cases.py; the bot side is bot/readmodel.py).

One row per case with what cards, lists and the App Home show. Rows come from three sources: a full query of
one employee's cases (`seed`, on first contact), the poller's change feed (`feed`, every contact at once) and
the bot's own read-backs (`put`). A row is only ever replaced by one whose SystemModstamp is not older, so a late
read-back never undoes a newer change. `synced` tells when the rows of a contact were last known complete.
Rows go when a seed does not return them, when the feed says a case is now a contact's the read model does not
hold, and when an answer of Salesforce the bot got proves them gone (`drop`: bot/readmodel.py decides which).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, case, delete, func, or_, select

from store import schema as t
from store.engines import read_connection, write_transaction
from store.schema import utcnow

FEED = "feed"


@dataclass(frozen=True, slots=True)
class CaseRow:
    case_id: str
    contact_id: str
    case_number: str
    subject: str
    status: str
    state: str                     # canonical state
    is_closed: bool
    assignee: str | None = None
    type: str | None = None
    priority: str | None = None
    origin: str | None = None
    description: str | None = None
    url: str | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    closed_date: datetime | None = None
    system_modstamp: datetime | None = None
    targets: str | None = None     # open milestones and the stopped clock (JSON); None: not read


_FIELDS = tuple(CaseRow.__dataclass_fields__)


def _row(r: Any) -> CaseRow:
    return CaseRow(**{f: getattr(r, f) for f in _FIELDS})


def _changes(new: CaseRow, held: CaseRow | None) -> bool:
    """Whether writing `new` would change the stored row (a newer SystemModstamp, or the same one with other
    values: Salesforce stamps to the millisecond, and a change may share a stamp with the read before it)."""
    if held is None or new.system_modstamp is None or held.system_modstamp is None:
        return True
    if new.system_modstamp != held.system_modstamp:
        return new.system_modstamp > held.system_modstamp
    return replace(new, description=held.description if new.description is None else new.description,
                   targets=held.targets if new.targets is None else new.targets) != held   # same version


def _contact_key(contact_id: str) -> str:
    return f"contact:{contact_id}"


class CaseBook:
    """The read model tables of one Store (`Store.casebook`)."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime] = utcnow):
        self._engine, self._insert, self.now = engine, insert, now

    # -- writes
    def put(self, rows: Iterable[CaseRow]) -> None:
        """Record cases as the bot just read them back (each kept unless a newer version is stored). Rows the
        read model already holds at that SystemModstamp are left alone without taking a write lock (a list
        read back again is the common case)."""
        rows = self._news([r for r in rows if r.case_id and r.contact_id])
        if rows:
            with write_transaction(self._engine) as conn:
                self._upsert(conn, rows)

    def _news(self, rows: list[CaseRow]) -> list[CaseRow]:
        """The rows that would change what is stored (read without a write lock)."""
        if not rows:
            return []
        with read_connection(self._engine) as conn:
            held = {r.case_id: _row(r) for r in conn.execute(
                select(t.case_book).where(t.case_book.c.case_id.in_([r.case_id for r in rows])))}
        return [r for r in rows if _changes(r, held.get(r.case_id))]

    def seed(self, contact_id: str, rows: Sequence[CaseRow], at: datetime) -> None:
        """Replace a contact's rows by a full query of their cases made at `at` (rows it did not return are
        gone: closed long ago, deleted, or moved to another contact). What is held is read first without a write
        lock, so the write transaction holds only what changed (nothing but the mark when seeding again: the
        daily refresh, a second Slack account of the same contact)."""
        c = t.case_book.c
        mine = [r for r in rows if r.contact_id == contact_id]
        with read_connection(self._engine) as conn:
            held = {r.case_id: _row(r) for r in conn.execute(select(t.case_book).where(
                or_(c.contact_id == contact_id, c.case_id.in_([r.case_id for r in mine]))))}
        returned = {r.case_id for r in mine}
        gone = [cid for cid, r in held.items() if r.contact_id == contact_id and cid not in returned]
        changed = [r for r in mine if _changes(r, held.get(r.case_id))]
        with write_transaction(self._engine) as conn:
            if gone:
                conn.execute(delete(t.case_book).where(c.contact_id == contact_id, c.case_id.in_(gone)))
            self._upsert(conn, changed)
            self._mark(conn, _contact_key(contact_id), at)

    def feed(self, rows: Sequence[CaseRow], at: datetime) -> int:
        """Apply the change feed fetched at `at`: cases of seeded contacts are stored (filed elsewhere ones
        included); a case now belonging to a contact the read model does not hold is dropped. Returns how
        many rows were stored."""
        keys = {_contact_key(r.contact_id): r.contact_id for r in rows if r.contact_id}
        with write_transaction(self._engine) as conn:
            seeded = {keys[k] for k in conn.execute(select(t.case_book_sync.c.key)
                                                    .where(t.case_book_sync.c.key.in_(list(keys)))).scalars()}
            kept = [r for r in rows if r.contact_id in seeded]
            gone = [r.case_id for r in rows if r.contact_id not in seeded]
            if gone:
                conn.execute(delete(t.case_book).where(t.case_book.c.case_id.in_(gone)))
            self._upsert(conn, kept)
            self._mark(conn, FEED, at)
        return len(kept)

    def drop(self, contact_id: str, case_ids: Iterable[str], *, stored_before: datetime) -> int:
        """Remove these cases of the contact, shown gone by an answer of Salesforce asked at `stored_before`
        (deleted, now another contact's, hidden by sharing). A row written since then (by the feed or a
        read-back newer than the question) is kept: the answer says nothing about it. Returns how many went."""
        ids = sorted(set(case_ids))
        if not ids:
            return 0
        c = t.case_book.c
        with write_transaction(self._engine) as conn:
            return int(conn.execute(delete(t.case_book).where(c.contact_id == contact_id, c.case_id.in_(ids),
                                                               c.stored_at < stored_before)).rowcount)

    def _upsert(self, conn: Any, rows: Sequence[CaseRow]) -> None:
        if not rows:
            return
        now = self.now()
        c = t.case_book.c
        ins = self._insert(conn, t.case_book)
        changes = {k: ins.excluded[k] for k in (*_FIELDS, "stored_at") if k != "case_id"}
        # list queries do not read Description: keep the one a fuller read stored
        changes["description"] = func.coalesce(ins.excluded.description, c.description)
        # a read without milestones (a list) keeps those read with the same version of the case; a newer version
        # read without them leaves them unknown (shown as nothing, never as out of date)
        changes["targets"] = case((and_(ins.excluded.targets.is_(None),
                                        ins.excluded.system_modstamp == c.system_modstamp), c.targets),
                                  else_=ins.excluded.targets)
        conn.execute(ins.on_conflict_do_update(
            index_elements=[c.case_id], set_=changes,
            where=or_(c.system_modstamp.is_(None), ins.excluded.system_modstamp.is_(None),
                      c.system_modstamp <= ins.excluded.system_modstamp)),
            [{**{f: getattr(r, f) for f in _FIELDS}, "stored_at": now} for r in rows])

    def _mark(self, conn: Any, key: str, at: datetime) -> None:
        s = t.case_book_sync.c
        ins = self._insert(conn, t.case_book_sync).values(key=key, synced_at=at)
        conn.execute(ins.on_conflict_do_update(index_elements=[s.key], set_={"synced_at": ins.excluded.synced_at},
                                               where=s.synced_at < ins.excluded.synced_at))

    # -- reads
    def cases(self, contact_id: str) -> list[CaseRow]:
        """The contact's cases, newest first."""
        c = t.case_book.c
        with read_connection(self._engine) as conn:
            rows = conn.execute(select(t.case_book).where(c.contact_id == contact_id)
                                .order_by(c.created_date.desc(), c.case_number.desc())).all()
        return [_row(r) for r in rows]

    def get(self, contact_id: str, case_id: str) -> CaseRow | None:
        c = t.case_book.c
        with read_connection(self._engine) as conn:
            r = conn.execute(select(t.case_book).where(and_(c.contact_id == contact_id, c.case_id == case_id))).first()
        return _row(r) if r is not None else None

    def synced(self, contact_id: str) -> tuple[datetime | None, datetime | None]:
        """(when the contact's rows were seeded, when the change feed last ran); None when never."""
        s = t.case_book_sync.c
        with read_connection(self._engine) as conn:
            marks = {key: at for key, at in conn.execute(select(s.key, s.synced_at).where(
                s.key.in_([_contact_key(contact_id), FEED])))}
        return marks.get(_contact_key(contact_id)), marks.get(FEED)
