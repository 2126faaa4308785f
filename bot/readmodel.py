"""The read model of employees' cases: what cards, lists, the App Home and the duplicate check read, so that an
employee's action costs one Salesforce call (DESIGN decision 9; the tables are store/casebook.py).

Fed from three sides:
- **seed**: one query of an employee's cases (open, and closed within `org.recently_closed_days`) on first
  contact: the directory's Contact lookup carries them in the same call (`CaseDesk.find_contact`), else one
  `list_recent_cases` when the read model is first asked;
- **the change feed**: each poll cycle (one call for every employee) hands its changed cases over (`feed`), so
  an agent's change, or a case filed elsewhere (email, portal, phone), appears within one poll interval;
- **read-backs**: every CaseView the bot gets back from Salesforce (`ReadBackDesk`, bot/readback.py).

And it forgets, without a call of its own, what an answer the bot got proves gone (`ReadBackDesk`): a list of
the person's open cases drops the open rows it covers but does not hold (all of them when the list was not cut
at its limit, else those newer than its oldest case), and a case asked for by Id or number that Salesforce does
not find for the person goes (deleted, now another contact's, hidden by sharing). Only rows stored before the
question was sent are dropped: one written since is newer than the answer.

A snapshot says how fresh it is (`Snapshot.as_of`: the newest of the contact's seed and the last feed fetch),
so a reader can say so when it is older than `max_age`, or refresh it with one call (`refresh`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from servicecloud.config import OrgConfig
from servicecloud.errors import CaseNotFound
from servicecloud.milestones import targets_from_json, targets_json
from servicecloud.models import CaseView
from servicecloud.soql import parse_case_ref
from servicecloud.protocols import Desk
from store import CaseRow, Store

log = logging.getLogger("concierge.bot")

_SEED_LIMIT = 2000   # one SOQL batch: an employee's open and recently closed cases


def row_of(view: CaseView) -> CaseRow:
    return CaseRow(case_id=view.id, contact_id=view.contact_id or "", case_number=view.case_number,
                   subject=view.subject, status=view.status, state=str(view.state), is_closed=view.is_closed,
                   assignee=view.assignee, type=view.type, priority=view.priority, origin=view.origin,
                   description=view.description, url=view.url, created_date=view.created_date,
                   last_modified_date=view.last_modified_date, closed_date=view.closed_date,
                   system_modstamp=view.system_modstamp, targets=targets_json(view.targets))


@dataclass(frozen=True)
class Snapshot:
    """One employee's cases as the read model holds them."""

    open: list[CaseView]            # newest first
    closed: list[CaseView]          # resolved or closed within the org's window, most recently closed first
    as_of: datetime                 # everything that happened before this is in it
    stale: bool                     # older than the read model's max_age


class ReadModel:
    def __init__(self, *, store: Store, desk: Desk, org: OrgConfig, max_age: timedelta = timedelta(seconds=60),
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store, self.desk, self.org, self.max_age, self.now = store, desk, org, max_age, clock

    @property
    def days(self) -> int:
        return self.org.recently_closed_days

    # ------------------------------------------------------------------ feeding
    def record(self, views: Iterable[object]) -> None:
        """Read-backs: cases just read from Salesforce (the ones it could not show a number for are left out)."""
        rows = [row_of(v) for v in views
                if isinstance(v, CaseView) and v.visible and v.case_number and v.contact_id]
        try:
            self.store.casebook.put(rows)
        except Exception:  # the read model must never cost the user their answer
            log.exception("could not record %d case(s) in the read model", len(rows))

    def seed(self, contact_id: str, views: Sequence[CaseView], at: datetime) -> None:
        """A full query of the contact's cases, made at `at`."""
        self.store.casebook.seed(contact_id, [row_of(v) for v in views if v.case_number], at)

    def feed(self, views: Sequence[CaseView], at: datetime) -> int:
        """The change feed's cases, fetched at `at` (the poller)."""
        return int(self.store.casebook.feed([row_of(v) for v in views if v.contact_id and v.case_number], at))

    def asked(self) -> datetime:
        """Now on the store's clock: taken before a question to Salesforce whose answer may prove rows gone."""
        return self.store.casebook.now()

    def listed_open(self, contact_id: str, listed: Sequence[CaseView], *, complete: bool, asked_at: datetime) -> None:
        """An answer holding the contact's open cases, newest first (asked at `asked_at`): every one of them
        when `complete`, else the newest ones (cut at the query's limit). The rows the read model holds as open
        that the answer covers (all; or, when cut, those created after its oldest case) and does not hold are
        gone: deleted, now another contact's, hidden by sharing, or no longer open (the feed brings those back)."""
        present = {v.id[:15] for v in listed}
        created = [v.created_date for v in listed]
        oldest = None if complete or not created or None in created else min(d for d in created if d is not None)
        if not complete and oldest is None:
            return                                             # a cut answer without dates covers nothing

        def covered(v: CaseView) -> bool:
            return complete or (v.created_date is not None and oldest is not None and v.created_date > oldest)
        try:
            gone = [v.id for v in (self._view(r) for r in self.store.casebook.cases(contact_id))
                    if v.is_open and v.id[:15] not in present and covered(v)]
            if gone:
                self.store.casebook.drop(contact_id, gone, stored_before=asked_at)
        except Exception:  # the read model must never cost the user their answer
            log.exception("could not drop cases gone from the read model")

    def not_found(self, contact_id: str, case_ref: object, asked_at: datetime) -> None:
        """Salesforce, asked at `asked_at`, found no case `case_ref` (an Id or a number) for the contact."""
        try:
            ref = parse_case_ref(str(case_ref))
            gone = [r.case_id for r in self.store.casebook.cases(contact_id)
                    if (r.case_id[:15] == ref.value[:15] if ref.field == "Id" else r.case_number == ref.value)]
            if gone:
                self.store.casebook.drop(contact_id, gone, stored_before=asked_at)
        except CaseNotFound:
            return                                             # names no case at all
        except Exception:  # the read model must never cost the user their answer
            log.exception("could not drop a case gone from the read model")

    def refresh(self, contact_id: str) -> None:
        """Seed the contact again with one call."""
        at = self.now()
        self.seed(contact_id, self.desk.list_recent_cases(contact_id, closed_within_days=self.days,
                                                          limit=_SEED_LIMIT, description=True), at)

    # ------------------------------------------------------------------ reading
    def snapshot(self, contact_id: str, *, refresh_if_stale: bool = False) -> Snapshot:
        """The contact's cases; seeded with one call the first time (or when stale and `refresh_if_stale`)."""
        seeded, fed = self.store.casebook.synced(contact_id)
        if seeded is None or (refresh_if_stale and self._stale(max(seeded, fed or seeded))):
            self.refresh(contact_id)
            seeded, fed = self.store.casebook.synced(contact_id)
        as_of = max(seeded or self.now(), fed or seeded or self.now())
        since = self.now() - timedelta(days=self.days)
        views = [self._view(r) for r in self.store.casebook.cases(contact_id)]
        closed = [v for v in views if not v.is_open and (v.closed_date or v.last_modified_date or since) >= since]
        closed.sort(key=lambda v: v.closed_date or v.last_modified_date or since, reverse=True)
        return Snapshot([v for v in views if v.is_open], closed, as_of, self._stale(as_of))

    def complete(self, contact_id: str) -> Snapshot | None:
        """The contact's snapshot when the read model holds all their recent cases (seeded, and fed or seeded
        within `max_age`), else None. Never a call."""
        seeded, _ = self.store.casebook.synced(contact_id)
        if seeded is None:
            return None
        snap = self.snapshot(contact_id)
        return None if snap.stale else snap

    def case(self, contact_id: str, case_id: str) -> CaseView | None:
        """One of the contact's cases as the read model holds it (no call), or None."""
        row = self.store.casebook.get(contact_id, case_id)
        return self._view(row) if row is not None else None

    def find(self, contact_id: str, case_ref: str) -> CaseView | None:
        """One of the contact's cases by Id or case number ("1234", "00001234") as the read model holds it (no call),
        or None."""
        found = self.case(contact_id, case_ref)
        if found is not None or not case_ref.isdigit():
            return found
        number = case_ref.zfill(8)
        row = next((r for r in self.store.casebook.cases(contact_id) if r.case_number == number), None)
        return self._view(row) if row is not None else None

    def _stale(self, as_of: datetime) -> bool:
        return self.now() - as_of > self.max_age

    def _view(self, r: CaseRow) -> CaseView:
        return CaseView(id=r.case_id, case_number=r.case_number, subject=r.subject, status=r.status,
                        state=self.org.statuses.state_of(r.status, r.is_closed), assignee=r.assignee,
                        contact_id=r.contact_id, type=r.type, priority=r.priority, origin=r.origin,
                        description=r.description, is_closed=r.is_closed, created_date=r.created_date,
                        last_modified_date=r.last_modified_date, system_modstamp=r.system_modstamp,
                        closed_date=r.closed_date, url=r.url, targets=targets_from_json(r.targets))
