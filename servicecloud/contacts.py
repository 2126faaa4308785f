"""Employees as Salesforce Contacts: the directory lookup by email."""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from simple_salesforce import format_soql

from servicecloud.errors import ContactNotFound
from servicecloud.mapping import DeskPart, clamp_limit
from servicecloud.models import Contact

log = logging.getLogger(__name__)


class Contacts(DeskPart):
    def find_contact(self, email: str, *, cases_within_days: int | None = None) -> Contact:
        """The Contact whose Email is `email` (case-insensitive, as Salesforce compares). One call.
        With `cases_within_days`, the same call also reads the contact's open cases and those closed within
        that many days (a Contact-to-Cases relationship subquery), for the read model (bot/readmodel.py)."""
        address = (email or "").strip()
        if not address or "@" not in address:
            raise ContactNotFound(address or None, self.org.support_contact)
        cases = ""
        if cases_within_days is not None:
            since = datetime.now(UTC) - timedelta(days=cases_within_days)
            cases = (", (" + self.cases.case_select(description=True, milestones=True, sobject="Cases")
                     + format_soql(" WHERE IsClosed = false OR LastModifiedDate >= {}"
                                   " ORDER BY CreatedDate DESC LIMIT {})", since, clamp_limit(2000)))
        soql = "SELECT Id, Name, Email" + cases + format_soql(" FROM Contact WHERE Email = {} "
                                                              "ORDER BY CreatedDate ASC LIMIT 2", address)
        records = self.client.query(soql).get("records") or []
        if not records:
            raise ContactNotFound(address, self.org.support_contact)
        if len(records) > 1:
            log.warning("%d contacts share the email %s; using the oldest", len(records), address)
        rec = records[0]
        child = rec.get("Cases") or {"records": [], "done": True}
        views = tuple(self.cases.views(child.get("records") or [])) if cases and child.get("done", True) else None
        return Contact(id=rec["Id"], email=rec.get("Email") or address, name=rec.get("Name"), cases=views)
