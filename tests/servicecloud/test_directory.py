"""The employee directory (DESIGN decision 2; issue 3): Slack user -> email -> Contact, cached in the store
with a refresh policy. Real CaseDesk on the emulator, real Store, the Slack stand-in for users.info."""
from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient

from slackui.identity import Directory
from sandbox.slack import SlackUser
from servicecloud import ContactNotFound


@pytest.fixture
def people(slack, employee):
    slack.add_user(SlackUser("U0EMP", "emp", employee.name or "Emp", employee.email, tz="Europe/Paris"))
    slack.add_user(SlackUser("U0NEW", "newbie", "New Person", "new.person@example.com"))
    return WebClient(token="xoxb-test-concierge-token", base_url=slack.api_url)


def _directory(store, desk, client, **kw) -> Directory:
    return Directory(store=store, desk=desk, client=client, support_contact="the IT desk", **kw)


def test_known_employee_is_looked_up_once_then_served_from_the_store(store, desk, people, slack, employee, meter):
    directory = _directory(store, desk, people)
    with meter() as m:
        emp = directory.employee("U0EMP")
    assert (emp.contact_id, emp.email, emp.tz) == (employee.id, employee.email, "Europe/Paris")
    assert m.calls == 1 and len(slack.calls_to("users.info")) == 1
    record = store.get_user("U0EMP")
    assert (record.email, record.contact_id) == (employee.email, employee.id)
    with meter() as m:
        assert directory.employee("U0EMP") == emp
        # another replica (a second Directory on the same store) also uses the cached mapping
        assert _directory(store, desk, people).employee("U0EMP") == emp
    assert m.calls == 0 and len(slack.calls_to("users.info")) == 1


def test_an_old_mapping_is_refreshed_and_kept_while_salesforce_is_down(store, desk, people, slack, sf, meter):
    directory = _directory(store, desk, people, refresh_after=timedelta(0))   # every mapping is "old"
    first = directory.employee("U0EMP")
    with meter() as m:
        assert directory.employee("U0EMP") == first
    assert m.calls == 1 and len(slack.calls_to("users.info")) == 2
    sf.set_fault("unavailable")
    try:
        assert directory.employee("U0EMP") == first          # stale beats nothing during an outage
    finally:
        sf.clear_faults()


def test_unknown_email_is_explained_rechecked_later_and_fixed_by_adding_the_contact(store, desk, people, sf,
                                                                                   meter):
    directory = _directory(store, desk, people, retry_missing=timedelta(hours=1))
    with pytest.raises(ContactNotFound) as err:
        directory.employee("U0NEW")
    assert "new.person@example.com" in err.value.user_message and "the IT desk" in err.value.user_message
    with meter() as m, pytest.raises(ContactNotFound):
        directory.employee("U0NEW")                          # not asked again within retry_missing
    assert m.calls == 0
    contact_id = sf.create_contact("New", "Person", "new.person@example.com")
    assert _directory(store, desk, people, retry_missing=timedelta(0)).employee("U0NEW").contact_id == contact_id
