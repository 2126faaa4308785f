"""What the Salesforce checks read the org through: the same `CaseDesk` sign-in `concierge run` uses, with the
describe calls cached for the run (nothing is written)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicecloud import CaseDesk, OrgConfig


@dataclass
class SalesforceContext:
    settings: Any
    org: OrgConfig
    desk: CaseDesk | None = None
    settings_error: str | None = None
    _describes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Any) -> SalesforceContext:
        try:
            return cls(settings, settings.org, CaseDesk.from_settings(settings))
        except ValueError as exc:          # settings Salesforce would refuse (start-up refusal of `run`)
            return cls(settings, settings.org, None, str(exc))

    @property
    def client(self) -> Any:
        assert self.desk is not None
        return self.desk.client

    def describe(self, sobject: str) -> dict[str, Any]:
        if sobject not in self._describes:
            self._describes[sobject] = self.client.request("GET", f"sobjects/{sobject}/describe") or {}
        return self._describes[sobject]

    def fields(self, sobject: str) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.describe(sobject).get("fields") or []}

    def query(self, soql: str) -> list[dict[str, Any]]:
        return self.client.query_all(soql)[0]
