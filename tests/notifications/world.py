"""The poller's world against the Salesforce emulator: the bot's CaseDesk (integration user), an agent with
its own client, an employee known to the store, and a recording Slack (tests/notifications/fakes.py)."""
from __future__ import annotations

from typing import Any

from notifications import Poller
from servicecloud.config import OrgConfig
from tests.notifications.fakes import FakeSlack, SlackUser


def talk_ignored(org: OrgConfig) -> OrgConfig:
    """`org` with notices not waiting for a person who just wrote to the bot (for tests of something else
    that talk to the bot right before a poll; docs/notifications.md, "Not while they are talking")."""
    return org.model_copy(update={"notifications": org.notifications.model_copy(update={"talk_window_seconds": 0})})


class World:
    """`poller(**overrides)`, `file(text, track=True)`, `calls()` (the org's API usage) and the fixtures."""

    def __init__(self, store: Any, desk: Any, employee: Any, sf: Any, sf_agent: Any) -> None:
        self.store, self.desk, self.employee, self.sf, self.agent = store, desk, employee, sf, sf_agent
        self.slack = FakeSlack([SlackUser("UEMP", employee.email, "Europe/Paris", employee.name)])
        store.upsert_user("UEMP", email=employee.email, contact_id=employee.id, contact_name=employee.name)

    def poller(self, **overrides: Any) -> Poller:
        return Poller(store=self.store, desk=self.desk, client=self.slack.client(),
                      **({"overlap_seconds": 5, "per_conversation_interval": 0} | overrides))

    def file(self, text: str = "VPN drops every hour", track: bool = True) -> Any:
        case = self.desk.file_case(self.employee.id, text)
        if track:
            self.store.track_case(case.id, contact_id=self.employee.id, slack_user_id="UEMP",
                                  case_number=case.case_number, status=case.status, state=str(case.state),
                                  subject=case.subject)
        return case

    def calls(self) -> int:
        return self.sf.api_usage()[0]

    def notes(self, case_id: str) -> list[str]:
        """The case's private comments (the work notes), read as an agent."""
        return [r["CommentBody"] for r in self.agent.query_all(
            f"SELECT CommentBody, IsPublished FROM CaseComment WHERE ParentId = '{case_id}'")["records"]
            if not r["IsPublished"]]
