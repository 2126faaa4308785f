"""Typed notification preferences (intents/preferences.py): what each request switches, and what is no request."""
from __future__ import annotations

import pytest

from intents.preferences import KINDS, PreferenceRequest, preference_request
from servicecloud.config import Preference

ALL = frozenset(KINDS)


def test_the_kinds_are_the_preferences_the_bot_and_the_poller_know():
    assert KINDS == tuple(p.value for p in Preference)


@pytest.mark.parametrize("text, expected", [
    ("stop nudging me", PreferenceRequest(off=frozenset({"nudges"}))),
    ("Please stop reminding me about my cases", PreferenceRequest(off=frozenset({"nudges"}))),
    ("only tell me when it's resolved", PreferenceRequest(on=frozenset({"resolved"}), off=ALL - {"resolved"})),
    ("notify me only when my case is closed", PreferenceRequest(on=frozenset({"resolved"}), off=ALL - {"resolved"})),
    ("only ping me when they need my input", PreferenceRequest(on=frozenset({"waiting"}), off=ALL - {"waiting"})),
    ("don't notify me about new cases filed by phone", PreferenceRequest(off=frozenset({"filed_elsewhere"}))),
    ("stop notifying me", PreferenceRequest(off=ALL)),
    ("start nudging me again", PreferenceRequest(on=frozenset({"nudges"}))),
    ("notify me about everything", PreferenceRequest(on=ALL)),
    ("notification settings", PreferenceRequest(show=True)),
])
def test_requests(text, expected):
    assert preference_request(text) == expected


@pytest.mark.parametrize("text", [
    "my email stopped working", "stop", "I never got an update on case 1234", "I don't get updates on my laptop",
    "my outlook reminders don't pop up", "the printer keeps telling me paper jam", "tell me when it's resolved",
    "my vpn keeps disconnecting, please fix",
])
def test_problem_reports_are_not_requests(text):
    assert preference_request(text) is None
