"""Composite plans: several REST operations that together cost one API call.

A `Plan` is a list of `Step`s; later steps may refer to the results of earlier ones with a `Ref`
(``@{c.records[0].Id}``), in the URL (queries built with ``ref.marker``) or as a whole body value.
`run_plan` sends it as one Composite request. When a body carries user text containing ``@{`` (which
Salesforce could take for a reference), the plan runs step by step instead, resolving the references
locally: slower (one call per step) but the text is filed exactly as typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from simple_salesforce import format_soql

from servicecloud.client import SalesforceClient
from servicecloud.composite import Ref, SubResponse
from servicecloud.errors import CaseDeskError, SalesforceUnavailable


@dataclass
class Step:
    ref: str                                   # referenceId: letters, digits, underscores
    method: str                                # GET POST PATCH DELETE
    rel: str                                   # path under /services/data/vXX.X/ (markers for refs)
    body: dict[str, Any] | None = None         # values may be Ref objects
    refs: tuple[Ref, ...] = ()                 # refs whose markers appear in `rel`
    headers: dict[str, str] = field(default_factory=dict)   # the subrequest's own httpHeaders


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    all_or_none: bool = False

    def query(self, ref: str, soql: str, *refs: Ref) -> None:
        self.steps.append(Step(ref, "GET", "query/?q=" + quote(soql, safe=""), None, refs))

    def create(self, ref: str, sobject: str, body: dict[str, Any], *, auto_assign: bool = True) -> None:
        """`auto_assign=False` sends `Sforce-Auto-Assign: FALSE` (the org's assignment rule does not run)."""
        self.steps.append(Step(ref, "POST", f"sobjects/{sobject}/", body, headers=_assign_header(auto_assign)))

    def update(self, ref: str, sobject: str, record_id: Ref | str, body: dict[str, Any]) -> None:
        """Updates always send `Sforce-Auto-Assign: FALSE`: REST runs the active assignment rule on updates too
        unless told not to, which would take the case away from the agent working it."""
        headers = _assign_header(False)
        if isinstance(record_id, Ref):
            self.steps.append(Step(ref, "PATCH", f"sobjects/{sobject}/{record_id.marker}", body, (record_id,),
                                   headers))
        else:
            self.steps.append(Step(ref, "PATCH", f"sobjects/{sobject}/{quote(record_id, safe='')}", body,
                                   headers=headers))


def _assign_header(auto_assign: bool) -> dict[str, str]:
    return {} if auto_assign else {AUTO_ASSIGN_HEADER: "FALSE"}


AUTO_ASSIGN_HEADER = "Sforce-Auto-Assign"


def query_by_ids(fields_select: str, id_refs: list[Ref], extra: str = "") -> str:
    """``SELECT ... WHERE Id IN (<refs>)`` with markers for the refs (see `Ref`)."""
    return fields_select + format_soql(" WHERE Id IN {}", [r.marker for r in id_refs]) + extra


def _user_text_has_reference(plan: Plan) -> bool:
    for step in plan.steps:
        for value in (step.body or {}).values():
            if isinstance(value, str) and "@{" in value:
                return True
    return False


def run_plan(client: SalesforceClient, plan: Plan) -> tuple[dict[str, SubResponse], int]:
    """Execute `plan`; returns (sub-responses by reference, API calls made)."""
    if not _user_text_has_reference(plan):
        subrequests = []
        for step in plan.steps:
            url = client.data_url(step.rel)
            for r in step.refs:
                url = url.replace(r.marker, "@{" + r.expr + "}")
            sub: dict[str, Any] = {"method": step.method, "url": url, "referenceId": step.ref}
            if step.body is not None:
                sub["body"] = {k: (str(v) if isinstance(v, Ref) else v) for k, v in step.body.items()}
            if step.headers:
                sub["httpHeaders"] = dict(step.headers)
            subrequests.append(sub)
        return client.composite(subrequests, all_or_none=plan.all_or_none), 1
    return _run_sequentially(client, plan)


_TOKEN = re.compile(r"([A-Za-z0-9_]+)|\[(\d+)\]")


def _resolve(expr: str, results: dict[str, SubResponse]) -> Any:
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN.finditer(expr)]
    name = tokens[0][0]
    res = results.get(name)
    if res is None or not res.ok:
        return None
    value: Any = res.body
    for key, index in tokens[1:]:
        try:
            value = value[int(index)] if index is not None else value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _halted(expr: str) -> SubResponse:
    return SubResponse("", 400, [{"errorCode": "PROCESSING_HALTED",
                                  "message": f"Invalid reference specified. No value for {expr} found."}])


def _run_sequentially(client: SalesforceClient, plan: Plan) -> tuple[dict[str, SubResponse], int]:
    results: dict[str, SubResponse] = {}
    calls = 0
    failed = False
    for step in plan.steps:
        if failed and plan.all_or_none:
            results[step.ref] = SubResponse(step.ref, 400, [{"errorCode": "PROCESSING_HALTED",
                                                              "message": "An earlier step failed."}])
            continue
        rel, missing = step.rel, None
        for r in step.refs:
            value = _resolve(r.expr, results)
            if value is None:
                missing = r.expr
                break
            rel = rel.replace(r.marker, quote(str(value), safe=""))
        body: dict[str, Any] | None = None
        if step.body is not None and missing is None:
            body = {}
            for k, v in step.body.items():
                if isinstance(v, Ref):
                    v = _resolve(v.expr, results)
                    if v is None:
                        missing = k
                        break
                body[k] = v
        if missing is not None:
            results[step.ref] = _halted(missing)
            failed = True
            continue
        calls += 1
        try:
            out = client.request(step.method, rel, json=body, headers=step.headers or None)
            results[step.ref] = SubResponse(step.ref, 200 if out is not None else 204, out)
        except SalesforceUnavailable:
            raise
        except CaseDeskError as exc:
            results[step.ref] = SubResponse(step.ref, int(getattr(exc, "status", None) or 400), [
                {"errorCode": getattr(exc, "error_code", None), "message": exc.detail or exc.user_message,
                 "fields": getattr(exc, "fields", [])}])
            failed = True
    return results, calls
