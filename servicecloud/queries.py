"""Reading the contact's cases: one case, the open ones, the recent ones, a keyword search. Every query is
scoped by the contact's Id: someone else's case reads exactly like a case that does not exist."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from simple_salesforce import format_soql

from servicecloud.errors import CaseNotFound
from servicecloud.mapping import DeskPart, clamp_limit
from servicecloud.models import CaseComment, CaseView
from servicecloud.plan import Plan, run_plan
from servicecloud.search import OWN_CASES, rank, search_terms
from servicecloud.soql import COMMENT_FIELDS, CaseRef, case_fields, is_salesforce_id, parse_case_ref, select

SEARCH_CANDIDATES = 50            # SOSL rows fetched before our own ranking keeps `limit`


class Queries(DeskPart):
    @staticmethod
    def ref(contact_id: str, case_ref: str | int) -> CaseRef:
        """Parse the case reference; a malformed contact Id owns no case. Neither costs a call."""
        ref = parse_case_ref(case_ref)
        if not is_salesforce_id(contact_id):
            raise CaseNotFound(ref.label)
        return ref

    def get_case(self, contact_id: str, case_ref: str | int) -> CaseView:
        """One of the contact's cases, with its description. One call."""
        ref = self.ref(contact_id, case_ref)
        soql = (self.cases.case_select(description=True, milestones=True)
                + format_soql(" WHERE ContactId = {} AND ", contact_id) + ref.condition() + " LIMIT 1")
        rows = self.client.query(soql).get("records") or []
        if not rows:
            raise CaseNotFound(ref.label)
        return self.cases.view(rows[0])

    def latest_agent_reply(self, contact_id: str, case_ids: Sequence[str]) -> CaseComment | None:
        """The newest public comment someone other than Concierge's user wrote on one of `case_ids` (the
        contact's cases only): what an agent last asked or said, for a person who never got the notice (a new
        Slack account, a case filed elsewhere, notices switched off). One call; no case: no call."""
        ids = [i for i in case_ids if is_salesforce_id(i)][:200]
        if not ids or not is_salesforce_id(contact_id):
            return None
        soql = (select(COMMENT_FIELDS, "CaseComment")
                + format_soql(" WHERE Parent.ContactId = {} AND ParentId IN {} AND IsPublished = true", contact_id, ids))
        mine = self.client.token.user_id
        if mine:
            soql += format_soql(" AND CreatedById != {}", mine)
        rows = self.client.query(soql + " ORDER BY CreatedDate DESC, Id DESC LIMIT 1").get("records") or []
        return self.cases.comment(rows[0]) if rows else None

    def list_open_cases(self, contact_id: str, limit: int = 50) -> list[CaseView]:
        """The contact's open cases (not closed, not resolved), newest first. One call."""
        if not is_salesforce_id(contact_id):
            return []
        soql = (self.cases.case_select() + format_soql(" WHERE ContactId = {} AND ", contact_id)
                + self.cases.open_condition() + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", clamp_limit(limit)))
        return self.cases.views(self.client.query(soql).get("records") or [])

    def list_recent_cases(self, contact_id: str, closed_within_days: int = 30, limit: int = 50, *,
                          description: bool = False) -> list[CaseView]:
        """Open cases (newest first), then cases resolved or closed within `closed_within_days` (most
        recently closed first), at most `limit` in all. One Composite call with both queries."""
        if not is_salesforce_id(contact_id):
            return []
        since = datetime.now(UTC) - timedelta(days=closed_within_days)
        n = clamp_limit(limit)
        plan = Plan()
        plan.query("open", self.cases.case_select(description=description, milestones=True) + format_soql(" WHERE ContactId = {} AND ", contact_id)
                   + self.cases.open_condition() + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", n))
        plan.query("done", self.cases.case_select(description=description) + format_soql(" WHERE ContactId = {} AND ", contact_id)
                   + self.cases.finished_condition()
                   + format_soql(" AND LastModifiedDate >= {} ORDER BY LastModifiedDate DESC LIMIT {}", since, n))
        res, _ = run_plan(self.client, plan)
        for sub in res.values():
            if not sub.ok:
                raise sub.error()
        views = self.cases.views(res["open"].records)
        closed = self.cases.views(res["done"].records)
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
            where += " AND " + self.cases.open_condition()
        soql = (self.cases.case_select(description=True) + " WHERE " + where
                + format_soql(" ORDER BY CreatedDate DESC LIMIT {}", OWN_CASES))
        own = rank(self.client.query(soql).get("records") or [], terms, self.cases.view, matched_only=True)
        if own or not include_closed:
            return own[: clamp_limit(limit)]
        return self.search_older_cases(contact_id, keywords, limit=limit)

    def search_older_cases(self, contact_id: str, keywords: Sequence[str], *, limit: int = 10) -> list[CaseView]:
        """The contact's cases matching any keyword through Salesforce's search index (SOSL), which reaches
        cases closed long ago but lags behind saves: for when the recent cases were matched already (by
        `search_cases`, or in the bot's read model). One call; no usable keyword: no call, no result."""
        phrases, terms = search_terms(keywords)
        if not phrases or not is_salesforce_id(contact_id):
            return []
        fields = ", ".join(case_fields(self.org, description=True))
        sosl = ("FIND {" + " OR ".join(phrases[:20]) + "} IN ALL FIELDS RETURNING Case(" + fields
                + format_soql(" WHERE ContactId = {} LIMIT {})", contact_id, SEARCH_CANDIDATES))
        return rank(self.client.search(sosl), terms, self.cases.view, matched_only=False)[: clamp_limit(limit)]
