"""An in-memory CaseDesk with the contract's semantics, used only while the emulator-backed desk is not
available (the plugin prefers the real CaseDesk on the Salesforce emulator)."""
from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime

from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.errors import (CaseNotFound, ContactNotFound, SalesforceUnavailable, ValidationRefused)
from servicecloud.models import AttachmentInfo, CaseComment, CaseView, Contact, FileUpload

CONTACTS = {
    "alice@example.com": Contact("003000000000001AAA", "alice@example.com", "Alice Johnson"),
    "bob@example.com": Contact("003000000000002AAA", "bob@example.com", "Bob Smith"),
    "carol@example.com": Contact("003000000000003AAA", "carol@example.com", "Carol Diaz"),
    "dan@example.com": Contact("003000000000004AAA", "dan@example.com", "Dan Okafor"),
}


class FakeDesk:
    def __init__(self, org: OrgConfig | None = None):
        self.org = org or OrgConfig()
        self.cases: dict[str, dict] = {}
        self.comments: list[CaseComment] = []
        self.attachments: list[tuple[str, FileUpload]] = []
        self.unavailable = False
        self.calls = 0
        self._n = itertools.count(1001)
        self._lock = threading.Lock()

    def _call(self) -> None:
        self.calls += 1
        if self.unavailable:
            raise SalesforceUnavailable("fault injected")

    def _view(self, c: dict) -> CaseView:
        state = self.org.statuses.state_of(c["Status"], c["Status"] in ("Closed", "Closed - By User"))
        return CaseView(id=c["Id"], case_number=c["CaseNumber"], subject=c["Subject"], status=c["Status"],
                        state=state, assignee=c.get("assignee"), contact_id=c["ContactId"], type=c["Type"],
                        description=c["Description"], is_closed=state == CanonicalState.CLOSED,
                        created_date=c["CreatedDate"], last_modified_date=c["CreatedDate"])

    def _own(self, contact_id: str, ref: str) -> dict:
        ref = str(ref)
        for c in self.cases.values():
            if c["ContactId"] == contact_id and (c["Id"] == ref or (ref.isdigit() and c["CaseNumber"] == ref.zfill(8))):
                return c
        raise CaseNotFound(ref.zfill(8) if ref.isdigit() else ref)

    def find_contact(self, email: str) -> Contact:
        self._call()
        try:
            return CONTACTS[email.lower()]
        except KeyError:
            raise ContactNotFound(email, self.org.support_contact) from None

    def file_case(self, contact_id, text, *, description=None, case_type="Incident", channel="dm", attachments=()):
        self._call()
        with self._lock:
            n = next(self._n)
        cid = f"500{n:015d}"
        self.cases[cid] = {"Id": cid, "CaseNumber": f"{n:08d}", "Subject": text[:255], "Description": description or text,
                           "Status": "New", "Type": case_type, "ContactId": contact_id, "Origin": channel,
                           "CreatedDate": datetime.now(UTC)}
        for a in attachments:
            self.attachments.append((cid, a))
        return self._view(self.cases[cid])

    def get_case(self, contact_id, case_ref):
        self._call()
        return self._view(self._own(contact_id, case_ref))

    def list_open_cases(self, contact_id, limit=50):
        self._call()
        return [v for v in (self._view(c) for c in reversed(self.cases.values()) if c["ContactId"] == contact_id)
                if v.is_open][:limit]

    def list_recent_cases(self, contact_id, closed_within_days=30, limit=50):
        self._call()
        views = [self._view(c) for c in reversed(self.cases.values()) if c["ContactId"] == contact_id]
        return ([v for v in views if v.is_open] + [v for v in views if not v.is_open])[:limit]

    def search_cases(self, contact_id, keywords, *, include_closed=True, limit=10):
        self._call()
        out = []
        for c in reversed(self.cases.values()):
            v = self._view(c)
            if c["ContactId"] != contact_id or (not include_closed and not v.is_open):
                continue
            hay = (c["Subject"] + " " + c["Description"]).lower()
            if any(k.lower() in hay for k in keywords):
                out.append(v)
        return out[:limit]

    def add_comment(self, contact_id, case_ref, body):
        self._call()
        c = self._own(contact_id, case_ref)
        cm = CaseComment(id=f"00a{len(self.comments):015d}", case_id=c["Id"], body=body, is_published=True,
                         created_by_id="005INTEGRATION", created_by_name="Concierge", created_date=datetime.now(UTC))
        self.comments.append(cm)
        return cm

    def update_description(self, contact_id, case_ref, text, *, append=True):
        self._call()
        c = self._own(contact_id, case_ref)
        c["Description"] = (c["Description"] + "\n\n" + text) if append else text
        return self._view(c)

    def close_case(self, contact_id, case_ref):
        self._call()
        c = self._own(contact_id, case_ref)
        if c["Type"] == "Problem":
            raise ValidationRefused("Problem cases can only be closed by an agent.")
        c["Status"] = "Closed - By User"
        return self._view(c)

    def reopen_case(self, contact_id, case_ref):
        self._call()
        c = self._own(contact_id, case_ref)
        c["Status"] = "Reopened"
        return self._view(c)

    def attach_file(self, contact_id, case_ref, upload):
        self._call()
        c = self._own(contact_id, case_ref)
        self.attachments.append((c["Id"], upload))
        return AttachmentInfo(id=f"00P{len(self.attachments):015d}", case_id=c["Id"], name=upload.name,
                              size=len(upload.content))
