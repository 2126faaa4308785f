"""Writing a satisfaction rating to Salesforce (issue 24, docs/csat.md): one API call per tap.

Where it goes is the org's choice (`csat.store`): `none` (Concierge's database only: the call carries the
work note alone), `case_fields` (the Case's rating fields are updated: a changed rating overwrites them) or
`custom_object` (one row per resolution: created at the first tap, updated by its Id afterwards, never a
second row). The private work note telling the agent the score goes in the same Composite request.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from servicecloud.client import SalesforceClient
from servicecloud.config import OrgConfig
from servicecloud.plan import Plan, run_plan
from servicecloud.soql import cut_utf8, utf8_len


@dataclass(frozen=True, slots=True)
class RatingWrite:
    case_id: str
    score: int
    resolution: str               # the resolution's key (one custom-object row per resolution)
    rated_at: datetime
    note: str                     # the private work note for the agent
    comment: str | None = None    # "Tell us more"
    record_id: str | None = None  # the custom object's row already written for this resolution


@dataclass(frozen=True, slots=True)
class RatingWritten:
    record_id: str | None         # the custom object's row (custom_object only)
    api_calls: int


class Ratings:
    """Writes ratings with the desk's client (`Ratings(desk.client, desk.org)`)."""

    def __init__(self, client: SalesforceClient, org: OrgConfig):
        self.client, self.org = client, org

    def write(self, r: RatingWrite) -> RatingWritten:
        csat = self.org.csat
        plan = Plan(all_or_none=True)
        stamp = r.rated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if csat.store == "case_fields":
            f = csat.case_fields
            plan.update("rating", "Case", r.case_id, _rating_fields(f.score, f.rated_at, f.comment, r, stamp))
        elif csat.store == "custom_object":
            o = csat.custom_object
            row = _rating_fields(o.score, o.rated_at, o.comment, r, stamp)
            if r.record_id:
                plan.update("rating", o.name, r.record_id, row)
            else:
                plan.create("rating", o.name, {**row, o.case: r.case_id, o.key: r.resolution[:255]})
        plan.create("note", "CaseComment", {"ParentId": r.case_id, "CommentBody": _cut(r.note, 4000),
                                            "IsPublished": False})
        results, calls = run_plan(self.client, plan)
        for ref in ("rating", "note"):
            res = results.get(ref)
            if res is not None and not res.ok:
                raise res.error()
        rating = results.get("rating")
        record_id = r.record_id
        if csat.store == "custom_object" and rating is not None and isinstance(rating.body, dict):
            record_id = str(rating.body.get("id") or record_id or "") or None
        return RatingWritten(record_id, calls)


def _rating_fields(score: str, rated_at: str | None, comment: str | None, r: RatingWrite,
                   stamp: str) -> dict[str, object]:
    """The rating as the org's fields hold it (on the Case or on a row of the custom object): score, when, comment."""
    body: dict[str, object] = {score: r.score}
    if rated_at:
        body[rated_at] = stamp
    if comment and r.comment is not None:
        body[comment] = _cut(r.comment, 32000)
    return body


def _cut(text: str, limit: int) -> str:
    return text if utf8_len(text) <= limit else cut_utf8(text, limit)
