"""`concierge doctor` checks where ratings are kept (`csat.store`): the sandbox's Case fields pass; a field or a
custom object the org does not have is blocking, named, with its fix."""
from __future__ import annotations

from tests.doctor.test_doctor import blocking, doctor


def test_the_sandbox_case_fields_take_ratings(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"csat": {"enabled": True, "store": "case_fields"}})
    assert blocking(found) == []
    assert "CSAT_Score__c" in found["Rating storage"].outcome.summary


def test_a_missing_rating_field_or_object_is_blocking_and_named(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"csat": {"enabled": True, "store": "case_fields",
                                                  "case_fields": {"score": "Satisfaction__c"}}})
    assert blocking(found) == ["Rating storage"]
    assert any("Case.Satisfaction__c is missing" in d for d in found["Rating storage"].outcome.details)
    found = doctor(sf, slack, tmp_path, {"csat": {"enabled": True, "store": "custom_object"}})
    assert blocking(found) == ["Rating storage"]
    assert "Case_Rating__c" in found["Rating storage"].outcome.summary
    assert "store: none" in found["Rating storage"].outcome.fix
