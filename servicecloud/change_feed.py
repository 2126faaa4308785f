"""The org-wide change feed the poller reads: cases, comments and agents' other replies (servicecloud/replies.py)
changed since a watermark, where the feed starts, whether sharing hides cases from Concierge's user, and idle cases to nudge about."""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from simple_salesforce import format_soql

from servicecloud import replies
from servicecloud.config import CanonicalState
from servicecloud.errors import VIEW_ALL_CASES
from servicecloud.mapping import DeskPart, parse_dt, utc
from servicecloud.models import CaseView, ChangeSet
from servicecloud.plan import Plan, run_plan
from servicecloud.soql import COMMENT_FIELDS, select

REPLY_CASE_BATCH = 200           # case Ids per query when replies name cases the change set lacks
CHANGE_BATCH = 2000               # Salesforce's default query batch size; more rows means pagination


class ChangeFeed(DeskPart):
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
        mark = utc(watermark)
        since = format_soql(" WHERE SystemModstamp > {}", mark)
        plan = Plan()
        plan.query("cases", self.cases.case_select(milestones=True) + since + " ORDER BY SystemModstamp ASC, Id ASC")
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
        cases = [c for c in self.cases.views(rows["cases"]) if c.system_modstamp is None or c.system_modstamp > mark]
        comments = [c for c in map(self.cases.comment, rows["comments"])
                    if c.system_modstamp is None or c.system_modstamp > mark]
        found = replies.to_replies(rows, mark=mark, instance_url=self.client.instance_url, parse_dt=parse_dt)
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
            rows, _ = self.client.query_all(self.cases.case_select() + format_soql(" WHERE Id IN {}", chunk))
            views.extend(self.cases.views(rows))
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
        stamps = [s for sub in res.values() for r in sub.records if (s := parse_dt(r.get("SystemModstamp"))) is not None]
        mark = max(stamps) if stamps else datetime.now(UTC)
        return ChangeSet(watermark=mark, api_calls=calls)

    def sharing_gap(self) -> str | None:
        """The permission Concierge's user lacks to see every case, in plain words (`VIEW_ALL_CASES`), or
        None when it sees them all. With Case OWD Private it sees only the cases it owns unless it has View
        All on Case (or View All Data): then the change feed never sees agents' changes on the others. One
        call (Organization.DefaultCaseAccess and the user's Case ObjectPermissions, in one Composite)."""
        user = self.client.token.user_id
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
        soql = (self.cases.case_select() + format_soql(
            " WHERE ContactId != null AND Status IN {} AND LastModifiedDate < {}"
            " ORDER BY LastModifiedDate ASC, Id ASC", statuses, utc(idle_since)))
        rows, _ = self.client.query_all(soql)
        return self.cases.views(rows)
