"""The agent console (sandbox) sees a case's milestones and completes one (issue 24 item 6): through the console's
REST calls as the agent, and through the page's route; the employee's status card then no longer names it."""
from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project ships
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

from sandbox.web import AgentError, create_app
from sandbox.web.agent import AgentConsole, AgentCredentials
from tests.sandbox.test_page_api import RecordingChat
from tests.servicecloud.test_milestone_reads import ON, milestone_case


def test_the_console_shows_and_completes_a_milestone(sf, make_desk, sf_agent, employee):
    desk = make_desk(ON)
    case = milestone_case(desk, sf_agent, employee.id)
    console = AgentConsole(AgentCredentials.from_emulator_info(sf.info))
    detail = console.get_case(case)
    assert [(m["name"], m["completed"]) for m in detail["milestones"]] == [("First Response", False),
                                                                          ("Resolution Time", False)]
    assert detail["stopped"] is False and all(m["target"] for m in detail["milestones"])

    page = TestClient(create_app(RecordingChat(), console))
    first = detail["milestones"][0]["id"]
    done = page.post(f"/api/agent/cases/{case}/milestones/{first}/complete", json={})
    assert done.status_code == 200, done.text
    assert [m["completed"] for m in done.json()["case"]["milestones"]] == [True, False]
    assert [m.kind for m in desk.get_case(employee.id, case).targets.open] == ["resolution"]

    with pytest.raises(AgentError):                      # completed already
        console.complete_milestone(case, first)
    other = desk.file_case(employee.id, "Another one").id
    assert page.post(f"/api/agent/cases/{other}/milestones/{first}/complete", json={}).status_code == 404
