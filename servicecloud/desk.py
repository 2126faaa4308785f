"""`CaseDesk`: every case operation Concierge performs, as one small typed API over simple-salesforce.

It knows nothing of Slack. Each user operation costs one API call (see docs/servicecloud.md for the
exceptions and the reasons); every query made for a user is scoped by that user's ContactId, so a case of
someone else is answered exactly like a case that does not exist (`CaseNotFound`).
"""
from __future__ import annotations

import base64
import logging
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from simple_salesforce import format_soql

from servicecloud.auth import ClientCredentials, JwtBearer, TokenSource
from servicecloud.client import Ref, SalesforceClient, SubResponse
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.errors import (
    AttachmentRejected,
    CaseDeskError,
    CaseNotFound,
    ContactNotFound,
    VIEW_ALL_CASES,
    SalesforceError,
    TooLong,
    ValidationRefused,
    WrongState,
)
from servicecloud.models import (
    AttachmentInfo,
    CaseComment,
    CaseView,
    ChangeSet,
    Contact,
    FileUpload,
    WorkNoteResult,
)
from servicecloud import replies
from servicecloud.plan import Plan, query_by_ids, run_plan
from servicecloud.search import OWN_CASES, rank, search_terms
from servicecloud.soql import (
    COMMENT_FIELDS,
    CaseRef,
    case_fields,
    cut_subject,
    cut_utf8,
    get_path as _get,
    is_salesforce_id,
    parse_case_ref,
    select,
    split_text,
    status_write_key,
    utf8_len,
)

log = logging.getLogger(__name__)

MAX_COMMENT_PARTS = 10            # a longer comment is refused (TooLong) rather than split further
COMPOSITE_ATTACHMENT_BUDGET = 8 * 1024 * 1024   # raw bytes of attachments sent inside one composite
SEARCH_CANDIDATES = 50            # SOSL rows fetched before our own ranking keeps `limit`
REPLY_CASE_BATCH = 200           # case Ids per query when replies name cases the change set lacks
CHANGE_BATCH = 2000               # Salesforce's default query batch size; more rows means pagination


def _dt(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class CaseDesk:
    """The Case domain over one Salesforce org. Thread-safe; build it with `connect` or `from_settings`."""

    def __init__(self, client: SalesforceClient, org: OrgConfig | None = None):
        self.client = client
        self.org = org or OrgConfig()
        self._record_type_id: str | None = self.org.defaults.record_type_id
        self._record_type_known = bool(self._record_type_id) or not self.org.defaults.record_type_name
        self._lock = threading.Lock()
        # Called as (case key, status) just before Concierge sets a case's status (close, reopen): the bot
        # keeps its own record of its writes, so the poller never has to guess from LastModifiedById.
        self.on_status_write: Callable[[str, str], None] | None = None

    # --- construction ----------------------------------------------------------------------------------
    @classmethod
    def connect(cls, login_url: str, client_id: str, client_secret: str = "", api_version: str = "62.0",
                ca_bundle: str | None = None, org: OrgConfig | None = None,
                auth_flow: str = "client_credentials", *, username: str | None = None,
                private_key_file: str | None = None, private_key: str | None = None,
                jwt_audience: str | None = None,
                timeout: float | tuple[float, float] = (5.0, 30.0), pool_size: int = 32) -> CaseDesk:
        """Sign-in settings -> a desk. No network traffic happens until the first operation, so a bot can
        start while Salesforce is down (its work then goes to the outbox)."""
        source: TokenSource
        if auth_flow in ("client_credentials", "client-credentials", ""):
            if not client_id or not client_secret:
                raise ValueError("client credentials need SF_CLIENT_ID and SF_CLIENT_SECRET")
            source = ClientCredentials(login_url, client_id, client_secret)
        elif auth_flow in ("jwt_bearer", "jwt-bearer", "jwt"):
            if not username or not (private_key or private_key_file):
                raise ValueError("the JWT bearer flow needs SF_USERNAME and SF_PRIVATE_KEY_FILE")
            source = (JwtBearer(login_url, client_id, username, private_key, audience=jwt_audience) if private_key
                      else JwtBearer.from_key_file(login_url, client_id, username, private_key_file or "",
                                                   audience=jwt_audience))
        else:
            raise ValueError(f"unknown SF_AUTH_FLOW {auth_flow!r} (client_credentials or jwt_bearer)")
        client = SalesforceClient(source, api_version=api_version, ca_bundle=ca_bundle, timeout=timeout,
                                  pool_size=pool_size)
        return cls(client, org)

    @classmethod
    def from_settings(cls, settings: Any) -> CaseDesk:
        """From `bot.settings.Settings` (duck-typed: only the sf_* attributes and `org` are read)."""
        return cls.connect(
            login_url=settings.sf_login_url, client_id=settings.sf_client_id,
            client_secret=getattr(settings, "sf_client_secret", "") or "",
            api_version=getattr(settings, "sf_api_version", "62.0") or "62.0",
            ca_bundle=getattr(settings, "sf_ca_bundle", None) or None,
            org=getattr(settings, "org", None) or OrgConfig(),
            auth_flow=getattr(settings, "sf_auth_flow", "client_credentials") or "client_credentials",
            username=getattr(settings, "sf_username", None),
            private_key_file=getattr(settings, "sf_private_key_file", None),
            jwt_audience=getattr(settings, "sf_jwt_audience", None) or None,
        )

    # --- small public facts ----------------------------------------------------------------------------
    @property
    def integration_user_id(self) -> str | None:
        """The Id of the Salesforce user Concierge acts as (from the token's identity URL), so the poller
        can tell the bot's own comments and changes from an agent's."""
        return self.client.token.user_id

    def api_usage(self) -> tuple[int, int] | None:
        """(used, max) API requests in the last 24 h, from the last Sforce-Limit-Info header seen."""
        return self.client.usage

    @property
    def api_calls(self) -> int:
        """API calls this desk has made since it started (token requests excluded)."""
        return self.client.calls

    # --- mapping ---------------------------------------------------------------------------------------
    def _view(self, rec: dict[str, Any], *, url_base: str | None = None) -> CaseView:
        status = rec.get("Status") or ""
        is_closed = bool(rec.get("IsClosed"))
        assignee = _get(rec, self.org.fields.assignee) if self.org.fields.assignee else None
        assignee = assignee or _get(rec, "Owner.Name")
        url = None
        if self.org.case_url_template and rec.get("Id"):
            base = url_base if url_base is not None else self.client.instance_url
            url = self.org.case_url_template.format(instance_url=base, case_id=rec["Id"])
        return CaseView(
            id=rec["Id"], case_number=str(rec.get("CaseNumber") or ""), subject=rec.get("Subject") or "",
            status=status, state=self.org.statuses.state_of(status, is_closed), assignee=assignee,
            contact_id=rec.get("ContactId"), type=rec.get("Type"), priority=rec.get("Priority"),
            origin=rec.get("Origin"), description=rec.get("Description"), is_closed=is_closed,
            created_date=_dt(rec.get("CreatedDate")), last_modified_date=_dt(rec.get("LastModifiedDate")),
            system_modstamp=_dt(rec.get("SystemModstamp")), closed_date=_dt(rec.get("ClosedDate")),
            contact_email=_get(rec, "Contact.Email"), url=url, created_by_id=rec.get("CreatedById"),
            last_modified_by_id=rec.get("LastModifiedById"), last_modified_by_name=_get(rec, "LastModifiedBy.Name"),
        )

    def _views(self, records: Iterable[dict[str, Any]]) -> list[CaseView]:
        base = self.client.instance_url if self.org.case_url_template else ""
        return [self._view(r, url_base=base) for r in records]

    @staticmethod
    def _comment(rec: dict[str, Any], parts: int = 1) -> CaseComment:
        return CaseComment(
            id=rec["Id"], case_id=rec.get("ParentId") or "", body=rec.get("CommentBody") or "",
            is_published=bool(rec.get("IsPublished")), created_by_id=rec.get("CreatedById") or "",
            created_by_name=_get(rec, "CreatedBy.Name"),
            created_date=_dt(rec.get("CreatedDate")) or datetime.now(UTC),
            system_modstamp=_dt(rec.get("SystemModstamp")), case_number=_get(rec, "Parent.CaseNumber"),
            case_subject=_get(rec, "Parent.Subject"), contact_id=_get(rec, "Parent.ContactId"), parts=parts,
        )

    def _case_select(self, *, description: bool = False) -> str:
        return select(case_fields(self.org, description=description), "Case")

    # --- directory -------------------------------------------------------------------------------------
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
            cases = (", (" + select(case_fields(self.org, description=True), "Cases")
                     + format_soql(" WHERE IsClosed = false OR LastModifiedDate >= {}"
                                   " ORDER BY CreatedDate DESC LIMIT {})", since, _limit(2000)))
        soql = "SELECT Id, Name, Email" + cases + format_soql(" FROM Contact WHERE Email = {} "
                                                              "ORDER BY CreatedDate ASC LIMIT 2", address)
        records = self.client.query(soql).get("records") or []
        if not records:
            raise ContactNotFound(address, self.org.support_contact)
        if len(records) > 1:
            log.warning("%d contacts share the email %s; using the oldest", len(records), address)
        rec = records[0]
        child = rec.get("Cases") or {"records": [], "done": True}
        views = tuple(self._views(child.get("records") or [])) if cases and child.get("done", True) else None
        return Contact(id=rec["Id"], email=rec.get("Email") or address, name=rec.get("Name"), cases=views)

    # --- filing ----------------------------------------------------------------------------------------
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
    def _attachment_body(upload: FileUpload, parent: Ref | str) -> dict[str, Any]:
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
                  priority: str | None = None) -> CaseView:
        """File a case for the contact and return it with its CaseNumber, in one Composite call: create,
        attachments (those that fit the composite budget; larger ones follow, one call each), read back.

        Subject: `subject` when given (the bot's summary), else `text` on one line; cut at 255 characters on a
        word boundary. Description: `description` when given (prefixed by the full text when the subject is
        not the whole text), else the full text, verbatim; over 32,000 characters is `TooLong`. Priority:
        `priority` when given, else the org's default. Attachments that break the limits are skipped and explained in
        `CaseView.attachment_errors`: the case itself is always filed."""
        fields = self.org.fields
        defaults = self.org.defaults
        text = (text or "").strip()
        if not text:
            raise ValidationRefused("a case needs a few words saying what the problem is.")
        subject = cut_subject((subject or "").strip() or text, fields.subject_max)
        if description is None:
            full = text
        else:
            full = description.strip()
            if " ".join(text.split()) != subject and text not in full:
                full = f"{text}\n\n{full}" if full else text
        if len(full) > fields.description_max:
            raise TooLong("description", fields.description_max, len(full))
        record: dict[str, Any] = {
            "ContactId": contact_id, "Subject": subject, "Description": full,
            "Origin": defaults.origin_for(channel), "Priority": priority or defaults.priority,
            "Status": self.org.statuses.on_create, "Type": self._org_type(case_type),
        }
        if fields.category and defaults.category_value:
            record[fields.category] = defaults.category_value

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
                plan.create(f"att{i}", "Attachment", self._attachment_body(upload, Ref("newcase.id")))
            plan.query("view", self._case_select(description=True) + format_soql(" WHERE Id = {}", new_id.marker),
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
        return _replace(view, attachments=tuple(infos), attachment_errors=tuple(errors))

    def _read_back(self, contact_id: str, case_id: str, sub: SubResponse, record: dict[str, Any]) -> CaseView:
        """The filed case as Salesforce shows it. The case exists whatever happens here: a failure is never
        reported (the caller could retry and file it twice). A failed read-back is tried once more; a
        case sharing hides from Concierge (Case OWD Private, no View All, the assignment rule routed it to
        a queue) comes back as what was filed, `visible=False`, without a number."""
        if sub.ok and sub.records:
            return self._view(sub.records[0])
        if not sub.ok:
            try:
                return self.get_case(contact_id, case_id)
            except CaseNotFound:
                pass
        log.warning("case %s was filed but Concierge cannot read it back; missing permission: %s",
                    case_id, VIEW_ALL_CASES)
        status = str(record.get("Status") or "")
        return CaseView(id=case_id, case_number="", subject=str(record.get("Subject") or ""), status=status,
                        state=self.org.statuses.state_of(status, False), assignee=None, contact_id=contact_id,
                        type=record.get("Type"), priority=record.get("Priority"), origin=record.get("Origin"),
                        description=record.get("Description"), visible=False)

    @staticmethod
    def _attachment_refusal(upload: FileUpload, sub: SubResponse | None) -> str:
        if sub is None:
            return f"“{upload.name}” could not be attached."
        err = sub.error()
        reason = err.detail or err.user_message
        return f"Salesforce didn't accept “{upload.name}”: {reason}"

    def _upload(self, case_id: str, upload: FileUpload) -> AttachmentInfo:
        try:
            att_id = self.client.create("Attachment", self._attachment_body(upload, case_id))
        except (ValidationRefused, SalesforceError) as exc:
            raise AttachmentRejected(f"Salesforce didn't accept “{upload.name}”: {exc.detail or exc.user_message}") from exc
        return AttachmentInfo(att_id, case_id, upload.name, len(upload.content))

    # --- reading ---------------------------------------------------------------------------------------
    @staticmethod
    def _ref(contact_id: str, case_ref: str | int) -> CaseRef:
        """Parse the case reference; a malformed contact Id owns no case. Neither costs a call."""
        ref = parse_case_ref(case_ref)
        if not is_salesforce_id(contact_id):
            raise CaseNotFound(ref.label)
        return ref

    def get_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """One of the contact's cases, with its description. One call."""
        ref = self._ref(contact_id, case_ref)
        soql = (self._case_select(description=True)
                + format_soql(" WHERE ContactId = {} AND ", contact_id) + ref.condition() + " LIMIT 1")
        rows = self.client.query(soql).get("records") or []
        if not rows:
            raise CaseNotFound(ref.label)
        return self._view(rows[0])

    def _open_condition(self) -> str:
        finished = self.org.statuses.statuses_for(CanonicalState.RESOLVED, CanonicalState.CLOSED)
        return format_soql("IsClosed = false AND Status NOT IN {}", finished) if finished else "IsClosed = false"

    def _finished_condition(self) -> str:
        finished = self.org.statuses.statuses_for(CanonicalState.RESOLVED, CanonicalState.CLOSED)
        return ("(IsClosed = true" + (format_soql(" OR Status IN {}", finished) if finished else "") + ")")

    def list_open_cases(self, contact_id: str, limit: int = 50) -> list[CaseView]:
        """The contact's open cases (not closed, not resolved), newest first. One call."""
        if not is_salesforce_id(contact_id):
            return []
        soql = (self._case_select() + format_soql(" WHERE ContactId = {} AND ", contact_id)
                + self._open_condition() + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", _limit(limit)))
        return self._views(self.client.query(soql).get("records") or [])

    def list_recent_cases(self, contact_id: str, closed_within_days: int = 30, limit: int = 50, *,
                          description: bool = False) -> list[CaseView]:
        """Open cases (newest first), then cases resolved or closed within `closed_within_days` (most
        recently closed first), at most `limit` in all. One Composite call with both queries."""
        if not is_salesforce_id(contact_id):
            return []
        since = datetime.now(UTC) - timedelta(days=closed_within_days)
        n = _limit(limit)
        plan = Plan()
        plan.query("open", self._case_select(description=description) + format_soql(" WHERE ContactId = {} AND ", contact_id)
                   + self._open_condition() + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", n))
        plan.query("done", self._case_select(description=description) + format_soql(" WHERE ContactId = {} AND ", contact_id)
                   + self._finished_condition()
                   + format_soql(" AND LastModifiedDate >= {} ORDER BY LastModifiedDate DESC LIMIT {}", since, n))
        res, _ = run_plan(self.client, plan)
        for sub in res.values():
            if not sub.ok:
                raise sub.error()
        views = self._views(res["open"].records)
        closed = self._views(res["done"].records)
        closed = [v for v in closed if (v.closed_date or v.last_modified_date or since) >= since]
        closed.sort(key=lambda v: v.closed_date or v.last_modified_date or since, reverse=True)
        return (views + closed)[:n]

    def search_cases(self, contact_id: str, keywords: Sequence[str], *, include_closed: bool = True,
                     limit: int = 10) -> list[CaseView]:
        """The contact's cases matching any keyword, most relevant first (servicecloud/search.py ranks them).

        One call: SOQL reads the contact's own open cases (and, with `include_closed`, those closed within
        `org.recently_closed_days`), newest first, and the keywords are matched here on Subject and
        Description (a long text area SOQL cannot filter on). SOQL is current, whereas Salesforce's search
        index takes minutes to see a new or changed case, so a case filed a minute ago is found and not
        filed twice. SOSL is only a supplement: when closed cases are wanted and no recent case matches, one
        more call searches further back. No usable keyword (or a malformed contact Id): no call, no result."""
        phrases, terms = search_terms(keywords)
        if not phrases or not is_salesforce_id(contact_id):
            return []
        where = format_soql("ContactId = {}", contact_id)
        if include_closed:
            since = datetime.now(UTC) - timedelta(days=self.org.recently_closed_days)
            where += format_soql(" AND (IsClosed = false OR ClosedDate >= {})", since)
        else:
            where += " AND " + self._open_condition()
        soql = (self._case_select(description=True) + " WHERE " + where
                + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", OWN_CASES))
        own = rank(self.client.query(soql).get("records") or [], terms, self._view, matched_only=True)
        if own or not include_closed:
            return own[: _limit(limit)]
        fields = ", ".join(case_fields(self.org, description=True))
        sosl = ("FIND {" + " OR ".join(phrases[:20]) + "} IN ALL FIELDS RETURNING Case(" + fields
                + format_soql(" WHERE ContactId = {} LIMIT {})", contact_id, SEARCH_CANDIDATES))
        return rank(self.client.search(sosl), terms, self._view, matched_only=False)[: _limit(limit)]

    # --- acting on a case by number: guard query + writes + final read, one Composite call -------------
    def _guard(self, plan: Plan, contact_id: str, ref: CaseRef, extra: str = "") -> Ref:
        plan.query("c", format_soql("SELECT Id, Status, IsClosed FROM Case WHERE ContactId = {} AND ", contact_id)
                   + ref.condition() + extra + " LIMIT 1")
        return Ref("c.records[0].Id")

    def _final(self, plan: Plan, contact_id: str, ref: CaseRef) -> None:
        plan.query("v", self._case_select(description=True)
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

    def _change_status(self, contact_id: str, case_ref: str | int, status: str, *,
                       allowed_from: str, wrong_state_message: str) -> CaseView:
        ref = self._ref(contact_id, case_ref)
        plan = Plan(all_or_none=False)
        case_id = self._guard(plan, contact_id, ref, " AND " + allowed_from)
        plan.update("w", "Case", case_id, {"Status": status})
        self._final(plan, contact_id, ref)
        self._note_status_write(ref, status)
        res, _ = run_plan(self.client, plan)
        if not self._check_guard(res, ref):
            now = res.get("v")
            if now is not None and now.records:
                view = self._view(now.records[0])
                raise WrongState(wrong_state_message.format(number=view.case_number, status=view.status), view)
            raise CaseNotFound(ref.label)
        self._raise_write_errors(res, ["w"])
        final = res["v"]
        if not final.ok:
            raise final.error()
        return self._view(final.records[0])

    def _note_status_write(self, ref: CaseRef, status: str) -> None:
        if self.on_status_write is None:
            return
        try:
            self.on_status_write(status_write_key(ref.value if ref.field == "CaseNumber" else ref.text), status)
        except Exception:  # the record helps notifications; it must never cost the user the change
            log.exception("could not record the status write on case %s", ref.label)

    def close_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's "closed by user" status (default "Closed - By User"). One call.
        A validation rule's refusal is `ValidationRefused` with Salesforce's message; an already closed case
        is `WrongState` (its `.case` shows it)."""
        closed = self.org.statuses.statuses_for(CanonicalState.CLOSED)
        allowed = "IsClosed = false" + (format_soql(" AND Status NOT IN {}", closed) if closed else "")
        return self._change_status(
            contact_id, case_ref, self.org.statuses.on_user_close, allowed_from=allowed,
            wrong_state_message="Case {number} is already closed (status: {status}).")

    def reopen_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """Set the org's reopen status (default "Reopened") on a resolved or closed case. One call.
        A case that is still open is `WrongState`: there is nothing to reopen."""
        return self._change_status(
            contact_id, case_ref, self.org.statuses.on_user_reopen, allowed_from=self._finished_condition(),
            wrong_state_message="Case {number} is still open (status: {status}), so there is nothing to reopen.")

    def add_comment(self, contact_id: str, case_ref: str | int, body: str) -> CaseComment:
        """A public comment on one of the contact's cases. One call.

        Longer than 4,000 UTF-8 bytes (Salesforce's CommentBody limit): split at paragraph/line/word
        boundaries into parts numbered "(1/3) ", "(2/3) ", ... all written atomically in the same call;
        more than 10 parts is `TooLong`. Returns the first part, with `parts` set."""
        ref = self._ref(contact_id, case_ref)
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
        return self._comment(first, parts=len(parts))

    def recent_comments(self, contact_id: str, case_ref: str | int, since: datetime) -> list[CaseComment]:
        """The public comments Concierge wrote on one of the contact's cases since `since`, oldest first. One
        call. For the outbox: did an attempt whose answer was lost (a timeout) land after all?"""
        ref = self._ref(contact_id, case_ref)
        parent = (format_soql("ParentId = {}", ref.value) if ref.field == "Id"
                  else format_soql("Parent.CaseNumber = {}", ref.value))
        soql = (select(COMMENT_FIELDS, "CaseComment")
                + format_soql(" WHERE Parent.ContactId = {} AND ", contact_id) + parent
                + format_soql(" AND IsPublished = true AND CreatedDate >= {} ORDER BY CreatedDate ASC, Id ASC",
                              _utc(since)))
        rows, _ = self.client.query_all(soql)
        mine = self.integration_user_id
        return [c for c in map(self._comment, rows) if mine is None or c.created_by_id == mine]

    def update_description(self, contact_id: str, case_ref: str | int, text: str, *,
                           append: bool = True) -> CaseView:
        """Replace the description, or append `text` to it (separated by a blank line).

        Replacing costs one call. Appending needs the current text first, so it costs two: a read, then the
        write (guarded by the case Id and ContactId) and the read-back in one Composite call."""
        ref = self._ref(contact_id, case_ref)
        new_text = (text or "").strip()
        if append:
            current = self.get_case(contact_id, ref.text if ref.field == "Id" else ref.value)
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
        return self._view(res["v"].records[0])

    def update_subject(self, contact_id: str, case_ref: str | int, subject: str) -> CaseView:
        """Replace the Subject (the employee edited the one Concierge wrote): one Composite call (guard,
        write, read-back); cut at the org's subject length on a word boundary."""
        new_subject = cut_subject((subject or "").strip(), self.org.fields.subject_max)
        if not new_subject:
            raise ValidationRefused("a subject needs a few words.")
        return self._patch(contact_id, self._ref(contact_id, case_ref), {"Subject": new_subject})

    def attach_file(self, contact_id: str, case_ref: str | int, upload: FileUpload) -> AttachmentInfo:
        """Attach a file to one of the contact's cases. One call (two when a per-case count limit is
        configured: the count is read first). Limits are checked before the upload; Salesforce's own
        refusal becomes `AttachmentRejected` with its reason."""
        ref = self._ref(contact_id, case_ref)
        self.check_attachment(upload)
        if self.org.attachments.max_per_case is not None:
            soql = (format_soql("SELECT Id, (SELECT Id FROM Attachments) FROM Case WHERE ContactId = {} AND ",
                                contact_id) + ref.condition() + " LIMIT 1")
            rows = self.client.query(soql).get("records") or []
            if not rows:
                raise CaseNotFound(ref.label)
            sub = rows[0].get("Attachments") or {}
            count = int(sub.get("totalSize") or len(sub.get("records") or [])) if isinstance(sub, dict) else 0
            self.check_attachment(upload, already_attached=count)
            ref = CaseRef("Id", rows[0]["Id"], ref.text)
        plan = Plan(all_or_none=True)
        case_id = self._guard(plan, contact_id, ref)
        plan.create("a", "Attachment", self._attachment_body(upload, case_id))
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


    # --- work notes (private comments by the bot) ------------------------------------------------------
    def add_work_note(self, case_id: str, body: str) -> str:
        """A private comment (IsPublished = false) on any case, for agents. Returns its Id. One call."""
        result = self.add_work_notes([(case_id, body)])[0]
        if not result.ok:
            raise ValidationRefused(result.error or "the work note was refused")
        return result.id or ""

    def add_work_notes(self, notes: Sequence[tuple[str, str]]) -> list[WorkNoteResult]:
        """Many private comments through sObject Collections: 200 per call, each note succeeding or failing
        on its own. Notes longer than the comment limit are cut (they are the bot's own words)."""
        limit = self.org.fields.comment_max
        results: list[WorkNoteResult] = []
        ellipsis = "…"
        rows = [(cid, (b if utf8_len(b) <= limit else cut_utf8(b, limit - utf8_len(ellipsis)) + ellipsis))
                for cid, b in notes]
        for start in range(0, len(rows), 200):
            chunk = rows[start:start + 200]
            answer = self.client.create_collection(
                [{"attributes": {"type": "CaseComment"}, "ParentId": cid, "CommentBody": text,
                  "IsPublished": False} for cid, text in chunk], all_or_none=False)
            for (cid, _), item in zip(chunk, answer, strict=False):
                if item.get("success"):
                    results.append(WorkNoteResult(cid, item.get("id")))
                else:
                    errs = item.get("errors") or []
                    msg = "; ".join(e.get("message") or str(e.get("statusCode")) for e in errs) or "refused"
                    results.append(WorkNoteResult(cid, None, msg))
        return results

    # --- for the poller --------------------------------------------------------------------------------
    def changes_since(self, watermark: datetime | None) -> ChangeSet:
        """Cases, case comments and agents' other replies (emails, feed posts and comments, files: see
        `servicecloud.replies`) whose SystemModstamp is after `watermark`, oldest first, for every case of the
        org: one Composite call holding the five queries (Salesforce's limit per Composite request), plus one
        call per further page when a query returns more than a batch (2,000 rows), plus one call per 200
        cases that replies name and the case rows do not hold (`ChangeSet.reply_cases`). The cost does not
        depend on how many cases are tracked. Case rows carry Contact.Email and LastModifiedById; comment rows
        carry CreatedById, CreatedBy.Name, IsPublished and the parent's CaseNumber, Subject and ContactId.
        `ChangeSet.watermark` is the newest SystemModstamp seen (the input one when nothing changed); the
        caller applies its own overlap margin.

        `watermark=None` means "start from now": no changes are returned, and the watermark is the newest
        SystemModstamp in the org (one call), so the next poll reports only what happens afterwards."""
        if watermark is None:
            return self._feed_start()
        mark = _utc(watermark)
        since = format_soql(" WHERE SystemModstamp > {}", mark)
        plan = Plan()
        plan.query("cases", self._case_select() + since + " ORDER BY SystemModstamp ASC, Id ASC")
        plan.query("comments", select(COMMENT_FIELDS, "CaseComment") + since + " ORDER BY SystemModstamp ASC, Id ASC")
        replies.plan_queries(plan, mark)
        res, calls = run_plan(self.client, plan)
        for sub in res.values():
            if not sub.ok:
                raise sub.error()
        rows: dict[str, list[dict[str, Any]]] = {}
        for ref in res:
            rows[ref], more = self.client.query_all("", first_page=res[ref].body)
            calls += more
        # SOQL datetime literals stop at the second, so rows of the watermark's own second come back:
        # keep only what is strictly newer than the watermark.
        cases = [c for c in self._views(rows["cases"]) if c.system_modstamp is None or c.system_modstamp > mark]
        comments = [c for c in map(self._comment, rows["comments"])
                    if c.system_modstamp is None or c.system_modstamp > mark]
        found = replies.to_replies(rows, mark=mark, instance_url=self.client.instance_url, parse_dt=_dt)
        reply_cases, more = self._cases_by_id({r.case_id for r in found} - {c.id for c in cases})
        calls += more
        stamps = [c.system_modstamp for c in cases if c.system_modstamp]
        stamps += [c.system_modstamp for c in comments if c.system_modstamp]
        stamps += [r.system_modstamp for r in found if r.system_modstamp]
        new_mark = max([mark, *stamps])
        return ChangeSet(cases=cases, comments=comments, replies=found, reply_cases=reply_cases,
                         watermark=new_mark, api_calls=calls)

    def _cases_by_id(self, case_ids: set[str]) -> tuple[list[CaseView], int]:
        """The cases with these Ids, 200 per call; (views, calls made)."""
        ids = sorted(i for i in case_ids if i)
        views: list[CaseView] = []
        for start in range(0, len(ids), REPLY_CASE_BATCH):
            chunk = ids[start:start + REPLY_CASE_BATCH]
            rows, _ = self.client.query_all(self._case_select() + format_soql(" WHERE Id IN {}", chunk))
            views.extend(self._views(rows))
        return views, math.ceil(len(ids) / REPLY_CASE_BATCH)

    def _feed_start(self) -> ChangeSet:
        plan = Plan()
        plan.query("cases", "SELECT SystemModstamp FROM Case ORDER BY SystemModstamp DESC LIMIT 1")
        plan.query("comments", "SELECT SystemModstamp FROM CaseComment ORDER BY SystemModstamp DESC LIMIT 1")
        replies.plan_newest(plan)
        res, calls = run_plan(self.client, plan)
        for sub in res.values():
            if not sub.ok:
                raise sub.error()
        stamps = [s for sub in res.values() for r in sub.records if (s := _dt(r.get("SystemModstamp"))) is not None]
        mark = max(stamps) if stamps else datetime.now(UTC)
        return ChangeSet(watermark=mark, api_calls=calls)

    def sharing_gap(self) -> str | None:
        """The permission Concierge's user lacks to see every case, in plain words (`VIEW_ALL_CASES`), or
        None when it sees them all. With Case OWD Private it sees only the cases it owns unless it has View
        All on Case (or View All Data): then the change feed never sees agents' changes on the others. One
        call (Organization.DefaultCaseAccess and the user's Case ObjectPermissions, in one Composite)."""
        user = self.integration_user_id
        plan = Plan()
        plan.query("org", "SELECT DefaultCaseAccess FROM Organization LIMIT 1")
        plan.query("perm", format_soql(
            "SELECT PermissionsViewAllRecords FROM ObjectPermissions WHERE SobjectType = 'Case' AND ParentId IN "
            "(SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = {})", user or ""))
        res, _ = run_plan(self.client, plan)
        for sub in res.values():
            if not sub.ok:
                raise sub.error()
        access = str((res["org"].records or [{}])[0].get("DefaultCaseAccess") or "")
        if access and access != "None" and access != "Private":
            return None
        if any(r.get("PermissionsViewAllRecords") for r in res["perm"].records):
            return None
        return VIEW_ALL_CASES

    def idle_cases(self, states: Iterable[CanonicalState | str], idle_since: datetime) -> list[CaseView]:
        """Cases in one of `states` (canonical) that nobody modified since `idle_since`, with a contact,
        oldest activity first: candidates for a nudge. One call per 2,000 cases."""
        statuses = self.org.statuses.statuses_for(*[CanonicalState(s) for s in states])
        if not statuses:
            return []
        soql = (self._case_select() + format_soql(
            " WHERE ContactId != null AND Status IN {} AND LastModifiedDate < {}"
            " ORDER BY LastModifiedDate ASC, Id ASC", statuses, _utc(idle_since)))
        rows, _ = self.client.query_all(soql)
        return self._views(rows)


def _limit(n: int) -> int:
    return max(1, min(int(n), 2000))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _replace(view: CaseView, **changes: Any) -> CaseView:
    from dataclasses import replace

    return replace(view, **changes)


__all__ = ["CaseDesk", "CaseDeskError"]
