"""`concierge doctor`'s Knowledge check (with `knowledge.enabled`): the integration user can read Online articles
in the configured language, the article field the category comes from exists, and the mapped category values are
in the Case category picklist."""
from __future__ import annotations

from simple_salesforce import format_soql

from runtime.doctor.result import Outcome, fail, ok, warn
from runtime.doctor.salesforce_context import SalesforceContext
from servicecloud.errors import CaseDeskError


def knowledge(ctx: SalesforceContext) -> Outcome:
    k = ctx.org.knowledge
    if not k.enabled:
        return ok("off (knowledge.enabled: false): no articles are searched")
    try:
        rows = ctx.query(format_soql(f"SELECT Id FROM {k.article_object} WHERE PublishStatus = 'Online' AND "
                                     "Language = {} LIMIT 1", k.language))
    except CaseDeskError as exc:
        return fail(f"articles cannot be read: {exc.detail or exc}",
                    "Enable Lightning Knowledge, give the integration user the Knowledge User licence and the View "
                    f"Articles permission, and check knowledge.article_object ({k.article_object}).")
    problems: list[str] = []
    source = k.category_from
    if source.field and source.field.lower() not in {n.lower() for n in ctx.fields(k.article_object)}:
        problems.append(f"{k.article_object}.{source.field} (knowledge.category_from.field) does not exist or is hidden")
    category = ctx.org.fields.category
    if category and source.values:
        field = ctx.fields("Case").get(category) or {}
        allowed = {p.get("value") for p in field.get("picklistValues") or []}
        missing = sorted(v for v in set(source.values.values()) if allowed and v not in allowed)
        if missing:
            problems.append(f"Case.{category} has no value {', '.join(missing)} (knowledge.category_from.values)")
    if problems:
        return fail("; ".join(problems), "Fix knowledge.category_from in the org mapping, or add the values/field.")
    if not rows:
        return warn(f"readable, but no Online article in {k.language}",
                    "Publish articles, or set knowledge.language to the knowledge base's language.")
    return ok(f"Online articles in {k.language} are readable" + (f"; the category comes from {source.field or source.data_category_group}"
                                                                  if source.field or source.data_category_group else ""))
