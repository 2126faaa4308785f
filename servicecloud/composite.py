"""The Composite API's vocabulary: a sub-response (`SubResponse`, its errors mapped like any other) and a
reference to an earlier subrequest's result (`Ref`) to put in a query.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from servicecloud.error_mapping import HALTED_CODES, errors_of, map_error
from servicecloud.errors import CaseDeskError


@dataclass(frozen=True, slots=True)
class SubResponse:
    """One composite sub-response."""

    reference_id: str
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def records(self) -> list[dict[str, Any]]:
        return list(self.body.get("records") or []) if self.ok and isinstance(self.body, dict) else []

    @property
    def error_codes(self) -> list[str]:
        return [str(e.get("errorCode")) for e in errors_of(self.body)] if not self.ok else []

    @property
    def halted(self) -> bool:
        """True when this subrequest failed only because another one did (or its reference was empty)."""
        codes = self.error_codes
        return bool(codes) and all(c in HALTED_CODES for c in codes)

    def error(self) -> CaseDeskError:
        return map_error(self.status, self.body)


class Ref:
    """A composite reference (``@{c.records[0].Id}``) to put in a query built with format_soql.

    Format the query with ``ref.marker`` in place of the reference (``format_soql("... Id = {}", ref.marker)``);
    `SalesforceClient.query_url` URL-encodes the whole query (so ``@{`` typed by a user is encoded and never
    resolved by Salesforce), then swaps the random marker for the literal reference."""

    __slots__ = ("expr", "marker")

    def __init__(self, expr: str):
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+|\[\d+\])*", expr):
            raise ValueError(f"bad composite reference {expr!r}")
        self.expr = expr
        self.marker = f"REF{secrets.token_hex(12)}"

    def __str__(self) -> str:
        return "@{" + self.expr + "}"
