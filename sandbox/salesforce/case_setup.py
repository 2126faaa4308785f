"""How the emulated org's Case object is set up: what differs from one real org to the next.

The default (`CaseSetup()`) is the sandbox's org, the one the integration reference describes. Tests build
others (`EmulatorServer(db, case_setup=CaseSetup(...))`) to run Concierge against orgs it was not written for:
other Case Status values and which of them are closed, other Priority / Origin / Type values, restricted
picklists, custom fields with other API names (some required), no assignee formula, other record types.

What each setting does, as Salesforce does it:
- `statuses`: the Case Status picklist, each value with its IsClosed ("CaseStatus ... IsClosed: Indicates
  whether this Status value represents a closed Case", object reference). Status is always restricted to them.
- `restricted`: the picklist fields that refuse values outside their list with 400
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST "bad value for restricted picklist field" ("With a restricted
  picklist, only an admin can add or change values; users can't load or remove values through the API",
  https://developer.salesforce.com/docs/atlas.en-us.260.0.api_meta.meta/api_meta/meta_picklist.htm).
  Unrestricted picklists save any value, as Salesforce does.
- `custom_fields`: extra Case fields (the emulator's `Field`). One with `nillable=False` is universally
  required: a create or update that leaves it empty is refused with 400 REQUIRED_FIELD_MISSING "Required
  fields are missing: [X]", and describe reports `nillable: false`.
- `assignee_field`: a text formula holding the owner's name (the sandbox's `Case_Owner__c`); None: no such
  field.
- `category_field` / `categories`: the support category picklist (None: no such field).
- `case_number_format`: the Case Number's display format (Setup > Object Manager > Case > Fields > Case Number:
  an Auto Number whose display format an administrator may change, e.g. "CS-{000000}").
- `csat_fields`: the Case has the rating fields Concierge writes with `csat.store: case_fields`
  (CSAT_Score__c number, CSAT_Comment__c long text, CSAT_Rated_At__c date/time); False: an org without them.
- `record_types`: the active Case record types, the first one available the user's default;
  `inactive_record_types` exist but are inactive; `unavailable_record_types` (some of `record_types`) are not
  assigned to the integration user: describe says `available: false` to it, and a case it creates or edits
  with one is refused with 400 INVALID_CROSS_REFERENCE_KEY "Record Type ID: this ID value isn't valid for the
  user: 012...".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from .fields import PICKLIST, STRING, TEXTAREA, Field

_NUMBER_GROUP = re.compile(r"\{(0+)\}")

DEFAULT_STATUSES: tuple[tuple[str, bool], ...] = (
    ("New", False), ("In Progress", False), ("Waiting for user response", False),
    ("Waiting for customer response", False), ("On Hold", False), ("Escalated", False), ("Reopened", False),
    ("Resolved", False), ("Closed", True), ("Closed - By User", True),
)


@dataclass(frozen=True)
class CaseSetup:
    statuses: tuple[tuple[str, bool], ...] = DEFAULT_STATUSES      # (value, IsClosed), in picklist order
    default_status: str = "New"
    priorities: tuple[str, ...] = ("1-Critical", "2-High", "3-Standard", "4-Low", "High", "Medium", "Low")
    default_priority: str | None = "3-Standard"
    origins: tuple[str, ...] = ("Email", "Web", "Phone", "Concierge Slack", "Moveworks", "Chat")
    types: tuple[str, ...] = ("Incident", "Service Request", "Problem", "Question")
    category_field: str | None = "Internal_Support_Category__c"
    categories: tuple[str, ...] = ("Concierge Uncategorized", "Hardware", "Software", "Network", "Access")
    assignee_field: str | None = "Case_Owner__c"
    restricted: frozenset[str] = frozenset()      # picklist fields besides Status that refuse other values
    custom_fields: tuple[Field, ...] = ()
    record_types: tuple[str, ...] = ("Ticket",)
    inactive_record_types: tuple[str, ...] = ()
    unavailable_record_types: tuple[str, ...] = ()  # active, but not assigned to the integration user's profile
    case_number_format: str = "{00000000}"          # CaseNumber's Auto Number display format ("CS-{000000}")
    # the satisfaction rating's Case fields (CSAT_Score__c, CSAT_Comment__c, CSAT_Rated_At__c; docs/csat.md)
    csat_fields: bool = True

    def __post_init__(self) -> None:
        names = [s for s, _ in self.statuses]
        if self.default_status not in names:
            raise ValueError(f"default_status {self.default_status!r} is not one of the statuses")
        if len(_NUMBER_GROUP.findall(self.case_number_format)) != 1:
            raise ValueError("case_number_format needs one group of zeros in braces, e.g. CS-{000000}")
        if not set(self.unavailable_record_types) <= set(self.record_types):
            raise ValueError("unavailable_record_types must be among the active record_types")
        if self.default_priority is not None and self.default_priority not in self.priorities:
            raise ValueError(f"default_priority {self.default_priority!r} is not one of the priorities")

    def case_number(self, n: int) -> str:
        """The n-th CaseNumber as the display format writes it ("{00000000}": 00001001; "CS-{000000}": CS-001001)."""
        return _NUMBER_GROUP.sub(lambda m: str(n).zfill(len(m.group(1))), self.case_number_format, count=1)

    @property
    def status_names(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.statuses)

    @property
    def closed_statuses(self) -> frozenset[str]:
        return frozenset(s for s, closed in self.statuses if closed)

    @property
    def is_default(self) -> bool:
        return self == CaseSetup()


DEFAULT_CASE_SETUP = CaseSetup()


_FIELD_TYPES = {"string": STRING, "text": STRING, "textarea": TEXTAREA, "picklist": PICKLIST}


def case_setup_from(data: dict[str, Any]) -> CaseSetup:
    """A `CaseSetup` from plain data (a YAML file; `concierge sandbox salesforce --case-setup`):

        statuses: [New, Triage, {name: Solved, closed: true}]     # a name alone is an open status
        priorities: [P1, P2, P3]
        default_priority: P3
        restricted: [Priority, Origin]
        custom_fields:
          - {name: Business_Unit__c, type: picklist, values: [IT, HR], restricted: true, required: true}
          - {name: Slack_User_Id__c, type: string, length: 32}

    Other keys are `CaseSetup`'s fields (lists for its tuples); an unknown key is refused."""
    known = {f.name for f in fields(CaseSetup)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown case set-up key(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "statuses":
            values[key] = tuple((s, False) if isinstance(s, str) else (str(s["name"]), bool(s.get("closed")))
                                for s in value)
        elif key == "custom_fields":
            values[key] = tuple(_custom_field(f) for f in value)
        elif key == "restricted":
            values[key] = frozenset(value)
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return CaseSetup(**values)


def _custom_field(spec: dict[str, Any]) -> Field:
    kind = _FIELD_TYPES.get(str(spec.get("type", "string")).lower())
    if kind is None:
        raise ValueError(f"custom field {spec.get('name')!r}: type must be one of {', '.join(_FIELD_TYPES)}")
    picklist = tuple(spec.get("values") or ())
    length = int(spec.get("length") or (32768 if kind == TEXTAREA else 255))
    return Field(str(spec["name"]), kind, str(spec.get("label") or spec["name"]), length, picklist=picklist,
                 restricted=bool(spec.get("restricted")), nillable=not spec.get("required"))


def load_case_setup(path: str | Path) -> CaseSetup:
    return case_setup_from(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
