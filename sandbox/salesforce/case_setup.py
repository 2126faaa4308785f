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
- `record_types`: the active Case record types, the first one available the user's default;
  `inactive_record_types` exist but are inactive; `unavailable_record_types` (some of `record_types`) are not
  assigned to the integration user: describe says `available: false` to it, and a case it creates or edits
  with one is refused with 400 INVALID_CROSS_REFERENCE_KEY "Record Type ID: this ID value isn't valid for the
  user: 012...".
"""
from __future__ import annotations

from dataclasses import dataclass

from .fields import Field

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

    def __post_init__(self) -> None:
        names = [s for s, _ in self.statuses]
        if self.default_status not in names:
            raise ValueError(f"default_status {self.default_status!r} is not one of the statuses")
        if not set(self.unavailable_record_types) <= set(self.record_types):
            raise ValueError("unavailable_record_types must be among the active record_types")
        if self.default_priority is not None and self.default_priority not in self.priorities:
            raise ValueError(f"default_priority {self.default_priority!r} is not one of the priorities")

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
