"""`concierge doctor`'s Knowledge check (runtime/doctor/knowledge.py) against the emulator's seeded knowledge base."""
from __future__ import annotations

from tests.doctor.test_doctor import blocking, doctor

from runtime.doctor.result import Status


def test_knowledge_readable_with_its_category_field_is_ready(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"knowledge": {"enabled": True, "category_from": {
        "field": "Support_Category__c", "values": {"Network": "Network", "Printing": "Hardware"}}}})
    assert found["Knowledge"].outcome.status == Status.OK and "Knowledge" not in blocking(found)


def test_a_missing_article_field_or_case_value_blocks(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"knowledge": {"enabled": True, "category_from": {
        "field": "Topic__c", "values": {"Network": "Networking"}}}})
    assert "Knowledge" in blocking(found)
    summary = found["Knowledge"].outcome.summary
    assert "Topic__c" in summary and "Networking" in summary


def test_an_unreadable_article_object_blocks(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"knowledge": {"enabled": True, "article_object": "FAQ__kav"}})
    assert "Knowledge" in blocking(found)
