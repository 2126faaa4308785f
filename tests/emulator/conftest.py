"""Helpers for the emulator's own tests."""
from __future__ import annotations

import pytest
from simple_salesforce import format_soql


@pytest.fixture
def alice_id(sf_integration) -> str:
    return sf_integration.query(format_soql("SELECT Id FROM Contact WHERE Email = {}",
                                            "alice@example.com"))["records"][0]["Id"]


@pytest.fixture
def bob_id(sf_integration) -> str:
    return sf_integration.query(format_soql("SELECT Id FROM Contact WHERE Email = {}",
                                            "bob@example.com"))["records"][0]["Id"]


def error_code(exc_info) -> str:
    return exc_info.value.content[0]["errorCode"]
