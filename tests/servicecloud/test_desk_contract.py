"""One contract for the case desk's change feed (servicecloud/protocols.py), run against the real CaseDesk on
the Salesforce emulator and against the in-memory fake the notification tests use (tests/notifications/
fakes.py): the fake is held to what the real desk does, so a poller test on the fake proves something."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from servicecloud import CaseDesk, CanonicalState
from servicecloud.protocols import ChangeFeed, Desk, SalesforceSession
from tests.notifications.fakes import AGENT, FakeDesk

WAITING = "Waiting for user response"
# SystemModstamp may stop at the second (the emulator's does, as SOQL literals do): like the poller, read from a
# margin before the watermark; what is strictly newer than a returned watermark is not returned again.
OVERLAP = timedelta(seconds=2)


@dataclass
class Backend:
    desk: Any
    contact_id: str
    new_case: Callable[[str], str]                 # subject -> case Id, filed by Concierge
    agent_comment: Callable[[str, str], None]      # (case Id, body), public, by an agent
    agent_status: Callable[[str, str], None]       # (case Id, status), by an agent


@pytest.fixture(params=["fake", "real"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "fake":
        fake = FakeDesk()
        contact = "003CONTRACT000001"
        return Backend(fake, contact, lambda subject: fake.new_case(contact, subject).id,
                       lambda case_id, body: fake.comment(case_id, body) and None,
                       lambda case_id, status: fake.set_status(case_id, status))
    desk, employee, agent = (request.getfixturevalue(name) for name in ("desk", "employee", "sf_agent"))
    return Backend(desk, employee.id, lambda subject: desk.file_case(employee.id, subject).id,
                   lambda case_id, body: agent.CaseComment.create({"ParentId": case_id, "CommentBody": body,
                                                                   "IsPublished": True}) and None,
                   lambda case_id, status: agent.Case.update(case_id, {"Status": status}) and None)


def test_the_real_desk_is_a_desk_and_both_are_a_change_feed(backend: Backend):
    assert isinstance(backend.desk, ChangeFeed)
    assert backend.desk.integration_user_id
    if isinstance(backend.desk, CaseDesk):
        assert isinstance(backend.desk, Desk) and isinstance(backend.desk.client, SalesforceSession)


def test_none_starts_from_now(backend: Backend):
    backend.new_case("Contract: laptop fan")
    start = backend.desk.changes_since(None)
    assert (start.cases, start.comments) == ([], [])
    assert start.watermark is not None and start.api_calls == 1


def test_an_agents_comment_comes_once_with_its_case_and_author(backend: Backend):
    case_id = backend.new_case("Contract: monitor flickers")
    mark = backend.desk.changes_since(None).watermark
    backend.agent_comment(case_id, "Which monitor model?")
    changes = backend.desk.changes_since(mark - OVERLAP)
    [comment] = [c for c in changes.comments if c.case_id == case_id]
    assert (comment.body, comment.is_published, comment.contact_id) == ("Which monitor model?", True,
                                                                         backend.contact_id)
    assert comment.created_by_id != backend.desk.integration_user_id
    assert changes.watermark is not None and changes.watermark >= mark
    assert comment.system_modstamp is not None and changes.watermark >= comment.system_modstamp
    again = backend.desk.changes_since(changes.watermark)
    assert not [c for c in again.comments if c.case_id == case_id]


def test_an_agents_status_change_comes_with_the_canonical_state(backend: Backend):
    case_id = backend.new_case("Contract: badge does not open the door")
    mark = backend.desk.changes_since(None).watermark
    backend.agent_status(case_id, WAITING)
    [case] = [c for c in backend.desk.changes_since(mark - OVERLAP).cases if c.id == case_id]
    assert (case.status, case.state, case.is_closed) == (WAITING, CanonicalState.WAITING_FOR_USER, False)
    assert case.contact_id == backend.contact_id
    assert case.last_modified_by_id not in (None, backend.desk.integration_user_id)


def test_work_notes_answer_one_result_per_note_in_order(backend: Backend):
    first, second = backend.new_case("Contract: VPN"), backend.new_case("Contract: printer")
    results = backend.desk.add_work_notes([(first, "Concierge told the employee."), (second, "Nudged.")])
    assert [(r.case_id, r.ok) for r in results] == [(first, True), (second, True)]
    assert all(r.id for r in results)


def test_the_fake_agent_is_not_concierge():
    assert AGENT != FakeDesk().integration_user_id
