"""What the case desk's parts share: Salesforce records -> `CaseView` / `CaseComment` as the org maps them,
the org's case SOQL (fields, open and finished conditions), and `DeskPart`, the base of every part."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from simple_salesforce import format_soql

from servicecloud.client import SalesforceClient
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.milestones import SUBQUERY, targets_from
from servicecloud.models import CaseComment, CaseView, parse_dt
from servicecloud.soql import case_fields, get_path, select


def utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def clamp_limit(n: int) -> int:
    return max(1, min(int(n), 2000))


def with_changes(view: CaseView, **changes: Any) -> CaseView:
    return replace(view, **changes)


class CaseMapper:
    """Records -> views, and the org's case SOQL."""

    def __init__(self, client: SalesforceClient, org: OrgConfig):
        self.client, self.org = client, org

    def view(self, rec: dict[str, Any], *, url_base: str | None = None) -> CaseView:
        status = rec.get("Status") or ""
        is_closed = bool(rec.get("IsClosed"))
        assignee = get_path(rec, self.org.fields.assignee) if self.org.fields.assignee else None
        assignee = assignee or get_path(rec, "Owner.Name")
        url = None
        if self.org.case_url_template and rec.get("Id"):
            base = url_base if url_base is not None else self.client.instance_url
            url = self.org.case_url_template.format(instance_url=base, case_id=rec["Id"])
        return CaseView(
            id=rec["Id"], case_number=str(rec.get("CaseNumber") or ""), subject=rec.get("Subject") or "",
            status=status, state=self.org.statuses.state_of(status, is_closed), assignee=assignee,
            contact_id=rec.get("ContactId"), type=rec.get("Type"), priority=rec.get("Priority"),
            origin=rec.get("Origin"), description=rec.get("Description"), is_closed=is_closed,
            created_date=parse_dt(rec.get("CreatedDate")), last_modified_date=parse_dt(rec.get("LastModifiedDate")),
            system_modstamp=parse_dt(rec.get("SystemModstamp")), closed_date=parse_dt(rec.get("ClosedDate")),
            contact_email=get_path(rec, "Contact.Email"), url=url, created_by_id=rec.get("CreatedById"),
            last_modified_by_id=rec.get("LastModifiedById"),
            last_modified_by_name=get_path(rec, "LastModifiedBy.Name"),
            targets=targets_from(rec) if "CaseMilestones" in rec else None,
        )

    def views(self, records: Iterable[dict[str, Any]]) -> list[CaseView]:
        base = self.client.instance_url if self.org.case_url_template else ""
        return [self.view(r, url_base=base) for r in records]

    @staticmethod
    def comment(rec: dict[str, Any], parts: int = 1) -> CaseComment:
        return CaseComment(
            id=rec["Id"], case_id=rec.get("ParentId") or "", body=rec.get("CommentBody") or "",
            is_published=bool(rec.get("IsPublished")), created_by_id=rec.get("CreatedById") or "",
            created_by_name=get_path(rec, "CreatedBy.Name"),
            created_date=parse_dt(rec.get("CreatedDate")) or datetime.now(UTC),
            system_modstamp=parse_dt(rec.get("SystemModstamp")), case_number=get_path(rec, "Parent.CaseNumber"),
            case_subject=get_path(rec, "Parent.Subject"), contact_id=get_path(rec, "Parent.ContactId"), parts=parts,
        )

    def case_select(self, *, description: bool = False, milestones: bool = False, sobject: str = "Case") -> str:
        """The org's case SELECT (from `sobject`: "Cases" in a Contact's child subquery); with `milestones` (and the org's `milestones.enabled`) also IsStopped and the
        open milestones, as a child subquery of the same query (no extra call)."""
        fields = case_fields(self.org, description=description)
        if not (milestones and self.org.milestones.enabled):
            return select(fields, sobject)
        return select([*fields, "IsStopped"], sobject).removesuffix(f" FROM {sobject}") + f", {SUBQUERY} FROM {sobject}"

    def open_condition(self) -> str:
        finished = self.org.statuses.statuses_for(CanonicalState.RESOLVED, CanonicalState.CLOSED)
        return format_soql("IsClosed = false AND Status NOT IN {}", finished) if finished else "IsClosed = false"

    def finished_condition(self) -> str:
        finished = self.org.statuses.statuses_for(CanonicalState.RESOLVED, CanonicalState.CLOSED)
        return ("(IsClosed = true" + (format_soql(" OR Status IN {}", finished) if finished else "") + ")")


class DeskPart:
    """A part of the case desk: the org's client and mapping, shared with the other parts."""

    def __init__(self, cases: CaseMapper):
        self.cases = cases
        self.client, self.org = cases.client, cases.org
