"""Acting on one of the contact's cases by number: close, reopen, comment, edit the description or subject,
attach a file. Each is one Composite call: a guard query scoped by the contact (someone else's case reads
as missing), the writes, the read-back."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from simple_salesforce import format_soql

from servicecloud.composite import Ref, SubResponse
from servicecloud.config import CanonicalState
from servicecloud.errors import (
    AttachmentRejected,
    CaseNotFound,
    SalesforceError,
    TooLong,
    ValidationRefused,
    WrongState,
)
from servicecloud.filing import Filing
from servicecloud.mapping import CaseMapper, DeskPart, utc
from servicecloud.models import AttachmentInfo, CaseComment, CaseView, FileUpload
from servicecloud.plan import Plan, query_by_ids, run_plan
from servicecloud.queries import Queries
from servicecloud.soql import COMMENT_FIELDS, CaseRef, clean_text, cut_subject, select, split_text, status_write_key, utf8_len

log = logging.getLogger(__name__)

MAX_COMMENT_PARTS = 10            # a longer comment is refused (TooLong) rather than split further


class Writes(DeskPart):
    def __init__(self, cases: CaseMapper, queries: Queries, filing: Filing):
        super().__init__(cases)
        self.queries, self.filing = queries, filing
        # Called as (case key, status) just before Concierge sets a case's status (close, reopen): the bot
        # keeps its own record of its writes, so the poller never has to guess from LastModifiedById.
        self.on_status_write: Callable[[str, str], None] | None = None

    def _guard(self, plan: Plan, contact_id: str, ref: CaseRef, extra: str = "") -> Ref:
        plan.query("c", format_soql("SELECT Id, Status, IsClosed FROM Case WHERE ContactId = {} AND ", contact_id)
                   + ref.condition() + extra + " LIMIT 1")
        return Ref("c.records[0].Id")

    def _final(self, plan: Plan, contact_id: str, ref: CaseRef) -> None:
        plan.query("v", self.cases.case_select(description=True)
                   + format_soql(" WHERE ContactId = {} AND ", contact_id) + ref.condition() + " LIMIT 1")

    @staticmethod
    def _raise_write_errors(res: dict[str, SubResponse], refs: Iterable[str]) -> None:
        subs = [res[r] for r in refs if r in res]
        for sub in subs:       # the root cause first, then the "halted" consequences
            if not sub.ok and not sub.halted:
                raise sub.error()
        for sub in subs:
            if not sub.ok:
                raise sub.error()

    def _check_guard(self, res: dict[str, SubResponse], ref: CaseRef) -> bool:
        """True when the guard query found the case; raises its error if it failed.

        With allOrNone=true Salesforce rolls everything back when one subrequest fails and answers
        PROCESSING_HALTED for all the others, the guard query included. Then: if some subrequest failed for
        a reason of its own (a validation rule, ...), the case was found and the caller raises that reason;
        if every failure is PROCESSING_HALTED, the root cause was the reference to the case's Id having no
        value, i.e. no such case for this contact."""
        guard = res.get("c")
        if guard is None:
            raise SalesforceError("the composite answer lacked the case lookup")
        if guard.ok:
            return bool(guard.records)
        if guard.halted:
            return any(not sub.ok and not sub.halted for sub in res.values())
        raise guard.error()

    def _change_status(self, contact_id: str, case_ref: str | int, status: str, *, also: dict[str, str | None],
                       allowed_from: str, wrong_state_message: str) -> CaseView:
        ref = self.queries.ref(contact_id, case_ref)
        plan = Plan(all_or_none=False)
        case_id = self._guard(plan, contact_id, ref, " AND " + allowed_from)
        plan.update("w", "Case", case_id, {**also, "Status": status})
        self._final(plan, contact_id, ref)
        self._note_status_write(ref, status)
        res, _ = run_plan(self.client, plan)
        if not self._check_guard(res, ref):
            now = res.get("v")
            if now is not None and now.records:
                view = self.cases.view(now.records[0])
                raise WrongState(wrong_state_message.format(number=view.case_number, status=view.status), view)
            raise CaseNotFound(ref.label)
        self._raise_write_errors(res, ["w"])
        final = res["v"]
        if not final.ok:
            raise final.error()
        return self.cases.view(final.records[0])

    def _note_status_write(self, ref: CaseRef, status: str) -> None:
        if self.on_status_write is None:
            return
        try:
            self.on_status_write(status_write_key(ref.value if ref.field == "CaseNumber" else ref.text), status)
        except Exception:  # the record helps notifications; it must never cost the user the change
            log.exception("could not record the status write on case %s", ref.label)

    def close_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's "closed by user" status (default "Closed - By User"), with the org's
        `on_user_close_fields`. One call.
        A validation rule's refusal is `ValidationRefused` with Salesforce's message; an already closed case
        is `WrongState` (its `.case` shows it)."""
        closed = self.org.statuses.statuses_for(CanonicalState.CLOSED)
        allowed = "IsClosed = false" + (format_soql(" AND Status NOT IN {}", closed) if closed else "")
        return self._change_status(
            contact_id, case_ref, self.org.statuses.on_user_close, also=self.org.statuses.on_user_close_fields,
            allowed_from=allowed,
            wrong_state_message="Case {number} is already closed (status: {status}).")

    def reopen_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's reopen status (default "Reopened"), with `on_user_reopen_fields`, on a resolved or
        closed case. One call.
        A case that is still open is `WrongState`: there is nothing to reopen."""
        return self._change_status(
            contact_id, case_ref, self.org.statuses.on_user_reopen, also=self.org.statuses.on_user_reopen_fields,
            allowed_from=self.cases.finished_condition(),
            wrong_state_message="Case {number} is still open (status: {status}), so there is nothing to reopen.")

    def add_comment(self, contact_id: str, case_ref: str | int, body: str) -> CaseComment:
        """A public comment on one of the contact's cases. One call.

        Longer than 4,000 UTF-8 bytes (Salesforce's CommentBody limit): split at paragraph/line/word
        boundaries into parts numbered "(1/3) ", "(2/3) ", ... all written atomically in the same call;
        more than 10 parts is `TooLong`. Returns the first part, with `parts` set."""
        ref = self.queries.ref(contact_id, case_ref)
        text = (body or "").strip()
        if not text:
            raise ValidationRefused("the comment is empty.")
        limit = self.org.fields.comment_max
        parts = split_text(text, limit, max_parts=MAX_COMMENT_PARTS)
        if len(parts) > MAX_COMMENT_PARTS:
            # The limit is in bytes; say it in characters of this text's average width.
            room = MAX_COMMENT_PARTS * (limit - 10)
            raise TooLong("comment", room * len(text) // utf8_len(text), len(text))
        plan = Plan(all_or_none=True)
        case_id = self._guard(plan, contact_id, ref)
        id_refs = []
        for i, part in enumerate(parts):
            plan.create(f"p{i}", "CaseComment", {"ParentId": case_id, "CommentBody": part, "IsPublished": True})
            id_refs.append(Ref(f"p{i}.id"))
        plan.query("q", query_by_ids(select(COMMENT_FIELDS, "CaseComment"), id_refs, " ORDER BY CreatedDate ASC"),
                   *id_refs)
        res, _ = run_plan(self.client, plan)
        if not self._check_guard(res, ref):
            raise CaseNotFound(ref.label)
        self._raise_write_errors(res, [f"p{i}" for i in range(len(parts))] + ["q"])
        rows = res["q"].records
        first_id = res["p0"].body["id"]
        first = next((r for r in rows if r.get("Id") == first_id), rows[0] if rows else None)
        if first is None:
            raise SalesforceError("the comment was saved but could not be read back")
        return self.cases.comment(first, parts=len(parts))

    def recent_comments(self, contact_id: str, case_ref: str | int, since: datetime) -> list[CaseComment]:
        """The public comments Concierge wrote on one of the contact's cases since `since`, oldest first. One
        call. For the outbox: did an attempt whose answer was lost (a timeout) land after all?"""
        ref = self.queries.ref(contact_id, case_ref)
        parent = (format_soql("ParentId = {}", ref.value) if ref.field == "Id"
                  else format_soql("Parent.CaseNumber = {}", ref.value))
        soql = (select(COMMENT_FIELDS, "CaseComment")
                + format_soql(" WHERE Parent.ContactId = {} AND ", contact_id) + parent
                + format_soql(" AND IsPublished = true AND CreatedDate >= {} ORDER BY CreatedDate ASC, Id ASC",
                              utc(since)))
        rows, _ = self.client.query_all(soql)
        mine = self.client.token.user_id
        return [c for c in map(self.cases.comment, rows) if mine is None or c.created_by_id == mine]

    def update_description(self, contact_id: str, case_ref: str | int, text: str, *,
                           append: bool = True) -> CaseView:
        """Replace the description, or append `text` to it (separated by a blank line).

        Replacing costs one call. Appending needs the current text first, so it costs two: a read, then the
        write (guarded by the case Id and ContactId) and the read-back in one Composite call."""
        ref = self.queries.ref(contact_id, case_ref)
        new_text = clean_text(text or "").strip()
        if append:
            current = self.queries.get_case(contact_id, ref.text if ref.field == "Id" else ref.value)
            old = (current.description or "").rstrip()
            new_text = f"{old}\n\n{new_text}" if old else new_text
            ref = CaseRef("Id", current.id, ref.text)
        limit = self.org.fields.description_max
        if len(new_text) > limit:
            raise TooLong("description", limit, len(new_text))
        return self._patch(contact_id, ref, {"Description": new_text})

    def _patch(self, contact_id: str, ref: CaseRef, values: dict[str, Any]) -> CaseView:
        """Write `values` on one of the contact's cases and read it back: one Composite call."""
        plan = Plan(all_or_none=False)
        case_id = self._guard(plan, contact_id, ref)
        plan.update("w", "Case", case_id, values)
        self._final(plan, contact_id, ref)
        res, _ = run_plan(self.client, plan)
        if not self._check_guard(res, ref):
            raise CaseNotFound(ref.label)
        self._raise_write_errors(res, ["w"])
        if not res["v"].ok or not res["v"].records:
            raise res["v"].error() if not res["v"].ok else CaseNotFound(ref.label)
        return self.cases.view(res["v"].records[0])

    def update_subject(self, contact_id: str, case_ref: str | int, subject: str) -> CaseView:
        """Replace the Subject (the employee edited the one Concierge wrote): one Composite call (guard,
        write, read-back); cut at the org's subject length on a word boundary."""
        new_subject = cut_subject(clean_text(subject or "").strip(), self.org.fields.subject_max)
        if not new_subject:
            raise ValidationRefused("a subject needs a few words.")
        return self._patch(contact_id, self.queries.ref(contact_id, case_ref), {"Subject": new_subject})

    def update_priority(self, contact_id: str, case_ref: str | int, priority: str) -> CaseView:
        """Set the Priority (the employee said the case became urgent): one Composite call (guard, write,
        read-back)."""
        return self._patch(contact_id, self.queries.ref(contact_id, case_ref), {"Priority": priority})

    def attach_file(self, contact_id: str, case_ref: str | int, upload: FileUpload) -> AttachmentInfo:
        """Attach a file to one of the contact's cases. One call (two when a per-case count limit is
        configured: the count is read first). Limits are checked before the upload; Salesforce's own
        refusal becomes `AttachmentRejected` with its reason."""
        ref = self.queries.ref(contact_id, case_ref)
        self.filing.check_attachment(upload)
        if self.org.attachments.max_per_case is not None:
            soql = (format_soql("SELECT Id, (SELECT Id FROM Attachments) FROM Case WHERE ContactId = {} AND ",
                                contact_id) + ref.condition() + " LIMIT 1")
            rows = self.client.query(soql).get("records") or []
            if not rows:
                raise CaseNotFound(ref.label)
            sub = rows[0].get("Attachments") or {}
            count = int(sub.get("totalSize") or len(sub.get("records") or [])) if isinstance(sub, dict) else 0
            self.filing.check_attachment(upload, already_attached=count)
            ref = CaseRef("Id", rows[0]["Id"], ref.text)
        plan = Plan(all_or_none=True)
        case_id = self._guard(plan, contact_id, ref)
        plan.create("a", "Attachment", self.filing.attachment_body(upload, case_id))
        res, _ = run_plan(self.client, plan)
        if not self._check_guard(res, ref):
            raise CaseNotFound(ref.label)
        att = res.get("a")
        if att is None or not att.ok:
            err = att.error() if att is not None else SalesforceError("no answer for the attachment")
            if isinstance(err, (ValidationRefused, SalesforceError)) and not isinstance(err, CaseNotFound):
                raise AttachmentRejected(
                    f"Salesforce didn't accept “{upload.name}”: {err.detail or err.user_message}") from err
            raise err
        return AttachmentInfo(att.body["id"], res["c"].records[0]["Id"], upload.name, len(upload.content))
