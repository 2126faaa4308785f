"""Filing a case for a contact in one Composite call (create, attachments that fit, read-back), and the
attachment limits and bodies the other writes share."""
from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Sequence
from typing import Any

from simple_salesforce import format_soql

from servicecloud.articles import Article, tried_line
from servicecloud.composite import Ref, SubResponse
from servicecloud.errors import (
    VIEW_ALL_CASES,
    AttachmentRejected,
    CaseDeskError,
    CaseNotFound,
    SalesforceError,
    TooLong,
    ValidationRefused,
)
from servicecloud.mapping import CaseMapper, DeskPart, with_changes
from servicecloud.models import AttachmentInfo, CaseOverrides, CaseView, FileUpload
from servicecloud.plan import Plan, run_plan
from servicecloud.queries import Queries
from servicecloud.soql import clean_text, cut_subject

log = logging.getLogger(__name__)

COMPOSITE_ATTACHMENT_BUDGET = 8 * 1024 * 1024   # raw bytes of attachments sent inside one composite


class Filing(DeskPart):
    def __init__(self, cases: CaseMapper, queries: Queries):
        super().__init__(cases)
        self.queries = queries
        self._record_type_id: str | None = self.org.defaults.record_type_id
        self._record_type_known = bool(self._record_type_id) or not self.org.defaults.record_type_name
        self._lock = threading.Lock()

    def check_attachment(self, upload: FileUpload, *, already_attached: int = 0) -> None:
        """Raise `AttachmentRejected` when `upload` breaks the configured size or count limit."""
        limits = self.org.attachments
        size = len(upload.content)
        if size == 0:
            raise AttachmentRejected(f"“{upload.name}” is empty, so there is nothing to attach.")
        if size > limits.max_bytes:
            raise AttachmentRejected(
                f"“{upload.name}” is too big to attach ({_mb(size)}; the limit is {_mb(limits.max_bytes)}).")
        if limits.max_per_case is not None and already_attached >= limits.max_per_case:
            raise AttachmentRejected(
                f"That case already has {already_attached} attachments, the most allowed "
                f"({limits.max_per_case}), so “{upload.name}” was not attached.")

    @staticmethod
    def attachment_body(upload: FileUpload, parent: Ref | str) -> dict[str, Any]:
        body: dict[str, Any] = {"ParentId": parent, "Name": upload.name[:255] or "attachment",
                                "Body": base64.b64encode(upload.content).decode("ascii")}
        if upload.content_type:
            body["ContentType"] = upload.content_type[:120]
        return body

    def _org_type(self, case_type: str) -> str:
        """The triage's "Incident" / "Service Request" as the org spells them (defaults.type_*)."""
        canonical = " ".join((case_type or "").split()).casefold()
        if canonical == "incident":
            return self.org.defaults.type_incident
        if canonical == "service request":
            return self.org.defaults.type_service_request
        return case_type

    def file_case(self, contact_id: str, text: str, *, description: str | None = None,
                  case_type: str = "Incident", channel: str = "dm",
                  attachments: Sequence[FileUpload] = (), subject: str | None = None,
                  priority: str | None = None, slack_user_id: str | None = None,
                  articles: Sequence[Article] = (), category: str | None = None,
                  overrides: CaseOverrides | None = None) -> CaseView:
        """File a case for the contact and return it with its CaseNumber, in one Composite call: create,
        attachments (those that fit the composite budget; larger ones follow, one call each), the
        `overrides.comments` (CaseComments: a thread's earlier replies, a private work note), read back.
        `overrides` also replaces the org's Origin, record type and category for this case (a channel's own).

        Subject: `subject` when given (the bot's summary), else `text` on one line; cut at 255 characters on a
        word boundary. Description: `description` when given (prefixed by the full text when the subject is
        not the whole text), else the full text, verbatim but for bidi overrides and control characters
        (`soql.clean_text`), which are removed from both; over 32,000 characters is `TooLong`. Priority:
        `priority` when given, else the org's default. `slack_user_id` (the filer's) goes into the org's
        `fields.slack_user_id` field when it has one. Attachments that break the limits are skipped and explained in
        `CaseView.attachment_errors`: the case itself is always filed. `articles`: the Knowledge articles the
        employee was shown before filing: a Description line names them and each gets a CaseArticle link in the same
        call; `category` (from them) replaces the org's default category value."""
        fields = self.org.fields
        defaults = self.org.defaults
        text = clean_text(text or "").strip()    # no bidi overrides or control characters (soql.clean_text)
        if not text:
            raise ValidationRefused("a case needs a few words saying what the problem is.")
        subject = cut_subject(clean_text(subject or "").strip() or text, fields.subject_max)
        if description is None:
            full = text
        else:
            full = clean_text(description).strip()
            if " ".join(text.split()) != subject and text not in full:
                full = f"{text}\n\n{full}" if full else text
        if articles:
            full = f"{full}\n\n{tried_line(articles)}"
        if len(full) > fields.description_max:
            raise TooLong("description", fields.description_max, len(full))
        record: dict[str, Any] = {
            "ContactId": contact_id, "Subject": subject, "Description": full,
            "Origin": defaults.origin_for(channel), "Priority": priority or defaults.priority,
            "Status": self.org.statuses.on_create, "Type": self._org_type(case_type),
        }
        over = overrides or CaseOverrides()
        if over.origin:
            record["Origin"] = over.origin
        category_value = over.category_value or category or defaults.category_value
        if fields.category and category_value:
            record[fields.category] = category_value
        record.update(defaults.extra_fields)
        if fields.slack_user_id and slack_user_id:
            record[fields.slack_user_id] = slack_user_id

        # Attachment limits are checked before anything is sent.
        accepted: list[FileUpload] = []
        errors: list[str] = []
        for upload in attachments:
            try:
                self.check_attachment(upload, already_attached=len(accepted))
                accepted.append(upload)
            except AttachmentRejected as exc:
                errors.append(exc.user_message)
        inline: list[FileUpload] = []     # sent inside the composite (at most 20, within the byte budget)
        later: list[FileUpload] = []      # sent afterwards, one call each
        budget = COMPOSITE_ATTACHMENT_BUDGET
        for upload in accepted:
            if len(upload.content) <= budget and len(inline) < 20:
                inline.append(upload)
                budget -= len(upload.content)
            else:
                later.append(upload)

        for attempt in (1, 2):
            plan = Plan(all_or_none=False)
            with self._lock:
                rt_known, rt_id = self._record_type_known, self._record_type_id
            if over.record_type_id:
                rt_known, rt_id = True, over.record_type_id
            if rt_id:
                record["RecordTypeId"] = rt_id
            elif not rt_known:
                plan.query("rt", format_soql(
                    "SELECT Id FROM RecordType WHERE SobjectType = 'Case' AND IsActive = true "
                    "AND (DeveloperName = {} OR Name = {}) LIMIT 1",
                    defaults.record_type_name, defaults.record_type_name))
                record["RecordTypeId"] = Ref("rt.records[0].Id")
            else:
                record.pop("RecordTypeId", None)
            plan.create("newcase", "Case", dict(record), auto_assign=defaults.auto_assign_on_create)
            new_id = Ref("newcase.id")
            for i, upload in enumerate(inline):
                plan.create(f"att{i}", "Attachment", self.attachment_body(upload, Ref("newcase.id")))
            for i, article in enumerate(articles[:3]):      # what was tried, linked to the case
                plan.create(f"kb{i}", "CaseArticle", {"CaseId": Ref("newcase.id"), "KnowledgeArticleId":
                                                      article.article_id, "KnowledgeArticleVersionId": article.id})
            for i, (body, public) in enumerate(over.comments):
                # in the same call as the case (Composite), as a CaseComment referencing it: an sObject Tree
                # cannot nest CaseComments under a new Case, Composite's reference ids can (docs/channels.md)
                plan.create(f"cmt{i}", "CaseComment", {"ParentId": Ref("newcase.id"), "IsPublished": public,
                                                       "CommentBody": body[:4000]})
            plan.query("view", self.cases.case_select(description=True) + format_soql(" WHERE Id = {}", new_id.marker),
                       new_id)
            res, _ = run_plan(self.client, plan)
            if "rt" in res:
                rows = res["rt"].records
                with self._lock:
                    self._record_type_known = res["rt"].ok
                    self._record_type_id = rows[0]["Id"] if rows else None
                if res["rt"].ok and not rows:
                    log.warning("record type %r not found on Case; filing with the org's default",
                                defaults.record_type_name)
                    if attempt == 1:
                        record.pop("RecordTypeId", None)
                        continue
            created = res.get("newcase")
            if created is None or not created.ok:
                raise (created.error() if created else SalesforceError("the case was not created"))
            break
        assert created is not None
        view = self._read_back(contact_id, created.body["id"], res["view"], record)
        case_id = view.id
        infos: list[AttachmentInfo] = []
        for i, upload in enumerate(inline):
            sub = res.get(f"att{i}")
            if sub is not None and sub.ok:
                infos.append(AttachmentInfo(sub.body["id"], case_id, upload.name, len(upload.content)))
            else:
                errors.append(self._attachment_refusal(upload, sub))
        for upload in later:
            try:
                infos.append(self._upload(case_id, upload))
            except AttachmentRejected as exc:
                errors.append(exc.user_message)
            except CaseDeskError as exc:   # e.g. Salesforce unavailable: the case itself is filed
                errors.append(f"“{upload.name}” could not be attached: {exc.user_message}")
        return with_changes(view, attachments=tuple(infos), attachment_errors=tuple(errors))

    def _read_back(self, contact_id: str, case_id: str, sub: SubResponse, record: dict[str, Any]) -> CaseView:
        """The filed case as Salesforce shows it. The case exists whatever happens here: a failure is never
        reported (the caller could retry and file it twice). A failed read-back is tried once more; a
        case sharing hides from Concierge (Case OWD Private, no View All, the assignment rule routed it to
        a queue) comes back as what was filed, `visible=False`, without a number."""
        if sub.ok and sub.records:
            return self.cases.view(sub.records[0])
        if not sub.ok:
            try:
                return self.queries.get_case(contact_id, case_id)
            except CaseNotFound:
                pass
            except CaseDeskError as exc:
                # The case's fields as the org mapping names them can't be read (a field the org lacks or hides
                # from the integration user), or Salesforce stopped answering: the case is filed all the same.
                log.error("case %s was filed but reading it back failed: %s", case_id, exc.detail or exc)
                return self._standard_view(case_id, record, contact_id)
        log.warning("case %s was filed but Concierge cannot read it back; missing permission: %s",
                    case_id, VIEW_ALL_CASES)
        return self._filed_view(case_id, record, contact_id)

    def _filed_view(self, case_id: str, record: dict[str, Any], contact_id: str, *, number: str = "",
                    status: str | None = None, visible: bool = False) -> CaseView:
        """The filed case as Concierge sent it (and its number and status, when they could be read)."""
        status = status or str(record.get("Status") or "")
        return CaseView(id=case_id, case_number=number, subject=str(record.get("Subject") or ""), status=status,
                        state=self.org.statuses.state_of(status, False), assignee=None, contact_id=contact_id,
                        type=record.get("Type"), priority=record.get("Priority"), origin=record.get("Origin"),
                        description=record.get("Description"), visible=visible)

    def _standard_view(self, case_id: str, record: dict[str, Any], contact_id: str) -> CaseView:
        """The filed case's number and status, read with standard fields only (one call), else what was sent."""
        try:
            rows = self.client.query(format_soql("SELECT Id, CaseNumber, Status FROM Case WHERE Id = {}",
                                                 case_id)).get("records") or []
        except CaseDeskError:
            rows = []
        if not rows:
            return self._filed_view(case_id, record, contact_id)
        return self._filed_view(case_id, record, contact_id, number=str(rows[0].get("CaseNumber") or ""),
                                status=rows[0].get("Status"), visible=True)

    @staticmethod
    def _attachment_refusal(upload: FileUpload, sub: SubResponse | None) -> str:
        if sub is None:
            return f"“{upload.name}” could not be attached."
        err = sub.error()
        reason = err.detail or err.user_message
        return f"Salesforce didn't accept “{upload.name}”: {reason}"

    def _upload(self, case_id: str, upload: FileUpload) -> AttachmentInfo:
        try:
            att_id = self.client.create("Attachment", self.attachment_body(upload, case_id))
        except (ValidationRefused, SalesforceError) as exc:
            raise AttachmentRejected(f"Salesforce didn't accept “{upload.name}”: {exc.detail or exc.user_message}") from exc
        return AttachmentInfo(att_id, case_id, upload.name, len(upload.content))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
