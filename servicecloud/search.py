"""Finding an employee's case from a few words ("status of my vpn ticket", the duplicate check).

Salesforce's search index (SOSL) lags behind saves: "After a searchable object's record is created or
updated, it could take about 15 minutes or more for the updated text to become searchable"
(https://developer.salesforce.com/docs/platform/salesforce-large-data-volumes-bp/guide/ldv-deployments-concepts-search-architecture.html).
So the employee's own recent cases are read by SOQL (always current) and matched here, on Subject and
Description; SOSL only looks further back. These helpers hold the matching and the ranking; `CaseDesk`
makes the calls.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from servicecloud.models import CaseView
from servicecloud.soql import sosl_phrase

OWN_CASES = 100          # the employee's open and recent cases read by SOQL for matching


def search_terms(keywords: Sequence[str]) -> tuple[list[str], list[str]]:
    """(SOSL phrases, casefolded terms) for the keywords: each usable keyword once, escaped for SOSL."""
    phrases: list[str] = []
    terms: list[str] = []
    for kw in keywords:
        phrase = sosl_phrase(str(kw))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
            terms.append(" ".join(str(kw).split()).casefold())
    return phrases, terms


def rank(records: Iterable[dict[str, Any]], terms: Sequence[str], view: Callable[[dict[str, Any]], CaseView], *,
         matched_only: bool) -> list[CaseView]:
    """Best first: distinct keywords found (x10), keywords in the Subject (x3) and in the Description (x1);
    ties go to open cases, then the newest, then the order given. `matched_only`: drop records in which no
    keyword appears (SOQL rows; SOSL rows already matched, with stemming)."""
    scored: list[tuple[tuple[int, bool, float, int], CaseView]] = []
    for position, rec in enumerate(records):
        subject = (rec.get("Subject") or "").casefold()
        body = (rec.get("Description") or "").casefold()
        in_subject = sum(1 for t in terms if t in subject)
        in_body = sum(1 for t in terms if t in body)
        distinct = sum(1 for t in terms if t in subject or t in body)
        if matched_only and not distinct:
            continue
        case = view(rec)
        created = case.created_date.timestamp() if case.created_date else 0.0
        scored.append(((-(distinct * 10 + in_subject * 3 + in_body), not case.is_open, -created, position), case))
    scored.sort(key=lambda kv: kv[0])
    return [case for _, case in scored]
