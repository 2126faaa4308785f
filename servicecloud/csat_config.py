"""The org's choices for the satisfaction rating carried by the resolved/closed notice (issue 24).

`csat:` in the org file; every key optional. `enabled: false` (the default) sends no rating at all. Where a
rating is kept besides Concierge's own database (`store`): `none`, `case_fields` (fields on the Case, updated
in place) or `custom_object` (one row per resolution, found again by its key so a change updates it).
docs/csat.md says what each key does.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FieldName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CsatCaseFields(_Model):
    """Case fields that receive the rating (`store: case_fields`); `comment` and `rated_at` may be null."""

    score: FieldName = "CSAT_Score__c"
    comment: FieldName | None = "CSAT_Comment__c"
    rated_at: FieldName | None = "CSAT_Rated_At__c"


class CsatObject(_Model):
    """A custom object with one row per resolution (`store: custom_object`)."""

    name: FieldName = "Case_Rating__c"
    case: FieldName = "Case__c"                 # lookup to the Case
    score: FieldName = "Score__c"
    comment: FieldName | None = "Comment__c"
    key: FieldName = "Resolution_Key__c"        # text: the resolution's key, one row per resolution
    rated_at: FieldName | None = "Rated_At__c"


class CsatConfig(_Model):
    enabled: bool = False
    scale: Literal["five", "thumbs"] = "five"   # 1-5 buttons, or thumbs up (5) / thumbs down (1)
    # a rating at or below this offers to reopen ("Sorry. Should I reopen it?"); thumbs down counts as 1
    reopen_at_or_below: int = Field(2, ge=0, le=5)
    reasons: list[str] = ["Still not working", "It came back", "Not what I asked for"]   # the reason chips
    store: Literal["none", "case_fields", "custom_object"] = "none"
    case_fields: CsatCaseFields = CsatCaseFields()
    custom_object: CsatObject = CsatObject()
    change_minutes: float = Field(10.0, ge=0)   # a rating may be changed this long after the first tap
    expire_days: float = Field(7.0, gt=0)       # a survey not answered by then is closed
    once_per_days: float = Field(7.0, ge=0)     # at most one survey per person per this many days

    @property
    def scores(self) -> tuple[int, ...]:
        return (5, 1) if self.scale == "thumbs" else (1, 2, 3, 4, 5)
