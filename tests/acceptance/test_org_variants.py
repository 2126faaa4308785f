"""Concierge on orgs set up unlike the sandbox: each variant is a Salesforce org (the emulator built from a
`CaseSetup`: its own statuses and which are closed, priorities, origins, restricted picklists, custom fields,
record types, validation rules) and the org mapping an administrator writes for it. The employee's flows run
through the real bot (Slack stand-in, Bolt over HTTP, the poller) against each, and `concierge doctor`'s
Salesforce checks must call each org ready. One emulator per variant for the module; reset before each test.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

from runtime.doctor import salesforce as doctor_salesforce
from runtime.doctor.result import Status
from runtime.doctor.salesforce_context import SalesforceContext
from notifications import Poller
from sandbox.salesforce import CaseSetup, EmulatorServer
from sandbox.salesforce.fields import PICKLIST, STRING, Field
from servicecloud import CaseDesk
from slackui import ids
from tests.acceptance.conftest import Outbox, all_text, buttons
from tests.bot.conftest import Helpers
from tests.notifications.world import talk_ignored
from tests.plugins.slack import BotHarness, make_settings

RESOLUTION_RULE = "A case can only be closed with a Resolution."


@dataclass(frozen=True)
class Variant:
    name: str
    setup: CaseSetup
    mapping: dict[str, Any]                 # the org mapping file (CONCIERGE_CONFIG)
    agent_waiting: str | None               # the status an agent sets to wait for the employee (None: none)
    agent_closes: str                       # a closed status an agent sets
    rules: tuple[dict[str, Any], ...] = ()  # validation rules (add_validation_rule's arguments)
    expect_on_new_case: dict[str, Any] = field(default_factory=dict)
    unmapped_blocking: tuple[str, ...] = ()    # the doctor's blocking checks with the sandbox's mapping unchanged


VARIANTS = [
    # Many statuses, "Resolved" counts as closed in Salesforce, P1-P4 and the origin restricted, reopened to Triage.
    Variant(
        "triage-p-levels",
        CaseSetup(statuses=(("New", False), ("Triage", False), ("In Progress", False), ("Awaiting Customer", False),
                            ("On Hold", False), ("Resolved", True), ("Closed - Confirmed", True),
                            ("Closed - Duplicate", True)),
                  priorities=("P1", "P2", "P3", "P4"), default_priority="P3", origins=("Slack", "Email", "Web"),
                  restricted=frozenset({"Priority", "Origin", "Type"}), types=("Incident", "Request"),
                  custom_fields=(Field("Slack_User_Id__c", STRING, "Slack User Id", 32),)),
        {"statuses": {"new": ["New", "Triage"], "waiting_for_user": ["Awaiting Customer"],
                      "in_progress": ["In Progress", "On Hold"], "resolved": ["Resolved"],
                      "closed": ["Closed - Confirmed", "Closed - Duplicate"],
                      "on_create": "New", "on_user_close": "Closed - Confirmed", "on_user_reopen": "Triage"},
         "fields": {"slack_user_id": "Slack_User_Id__c"},
         "defaults": {"origin": "Slack", "priority": "P3", "type_service_request": "Request"},
         "urgency": {"priority": "P1"}},
        agent_waiting="Awaiting Customer", agent_closes="Closed - Duplicate",
        expect_on_new_case={"Status": "New", "Origin": "Slack", "Priority": "P3", "Slack_User_Id__c": "U0AMY"},
        unmapped_blocking=("Case statuses", "Origin, Priority and Type values")),
    # Other names everywhere: no owner-name formula, another category field, two record types (Ticket inactive),
    # a universally required Business Unit, High/Medium/Low, origins per entry point.
    Variant(
        "portal-custom-fields",
        CaseSetup(statuses=(("Open", False), ("Working", False), ("Pending Employee", False), ("Solved", True),
                            ("Closed", True)), default_status="Open",
                  priorities=("High", "Medium", "Low"), default_priority="Medium",
                  origins=("Employee Portal", "Chat", "Email"), restricted=frozenset({"Priority", "Origin"}),
                  assignee_field=None, category_field="Support_Area__c", categories=("General", "Laptops"),
                  custom_fields=(Field("Business_Unit__c", PICKLIST, "Business Unit", 255, picklist=("IT", "HR"),
                                       restricted=True, nillable=False),
                                 Field("Concierge_Slack__c", STRING, "Slack user", 32)),
                  record_types=("HR Request", "IT Support"), inactive_record_types=("Ticket",),
                  unavailable_record_types=("HR Request",)),
        {"statuses": {"new": ["Open"], "waiting_for_user": ["Pending Employee"], "in_progress": ["Working"],
                      "resolved": [], "closed": ["Solved", "Closed"],
                      "on_create": "Open", "on_user_close": "Closed", "on_user_reopen": "Working"},
         "fields": {"assignee": None, "category": "Support_Area__c", "slack_user_id": "Concierge_Slack__c"},
         "defaults": {"origin": "Chat", "origin_by_channel": {"slash_command": "Employee Portal",
                                                              "modal": "Employee Portal"},
                      "priority": "Medium", "record_type_name": "IT Support", "category_value": "General",
                      "extra_fields": {"Business_Unit__c": "IT"}},
         "urgency": {"priority": "High"}},
        agent_waiting="Pending Employee", agent_closes="Solved",
        expect_on_new_case={"Status": "Open", "Origin": "Chat", "Priority": "Medium", "Business_Unit__c": "IT",
                            "Support_Area__c": "General", "Concierge_Slack__c": "U0AMY"},
        unmapped_blocking=("Case fields", "Required Case fields", "Case statuses", "Origin, Priority and Type values",
                           "Record type")),
    # Closing needs a Resolution (a validation rule), there is no "Reopened": a reopened case goes back to
    # "In Progress"; an employee-facing "Waiting on Requester".
    Variant(
        "resolution-required",
        CaseSetup(statuses=(("New", False), ("In Progress", False), ("Waiting on Requester", False),
                            ("Closed", True), ("Closed - By User", True)),
                  custom_fields=(Field("Resolution__c", PICKLIST, "Resolution", 255, restricted=True,
                                       picklist=("Fixed", "Workaround", "Resolved by requester")),)),
        {"statuses": {"waiting_for_user": ["Waiting on Requester"], "in_progress": ["In Progress"],
                      "on_user_reopen": "In Progress",
                      "on_user_close_fields": {"Resolution__c": "Resolved by requester"}}},
        agent_waiting="Waiting on Requester", agent_closes="Closed",
        rules=({"name": "Resolution_Required", "message": RESOLUTION_RULE,
                "when": {"IsClosed": True, "Resolution__c": None}, "changed": ["Status"]},),
        expect_on_new_case={"Status": "New", "Resolution__c": None}, unmapped_blocking=("Case statuses",)),
    # A new org as Salesforce ships it: the standard Status, Priority, Origin and Type values, no custom fields,
    # no record types, no status meaning "waiting for the employee".
    Variant(
        "standard-org",
        CaseSetup(statuses=(("New", False), ("Working", False), ("Escalated", False), ("Closed", True)),
                  priorities=("High", "Medium", "Low"), default_priority="Medium", origins=("Phone", "Email", "Web"),
                  types=("Mechanical", "Electrical", "Electronic", "Structure", "Other"), assignee_field=None,
                  category_field=None, record_types=()),
        {"statuses": {"new": ["New"], "waiting_for_user": [], "in_progress": ["Working", "Escalated"],
                      "resolved": [], "closed": ["Closed"],
                      "on_create": "New", "on_user_close": "Closed", "on_user_reopen": "Working"},
         "fields": {"assignee": None, "category": None},
         "defaults": {"origin": "Web", "priority": "Medium", "record_type_name": None, "type_incident": "Other",
                      "type_service_request": "Other"},
         "urgency": {"priority": "High"}},
        agent_waiting=None, agent_closes="Closed",
        expect_on_new_case={"Status": "New", "Origin": "Web", "Priority": "Medium", "Type": "Other",
                            "RecordTypeId": None},
        unmapped_blocking=("Case fields", "Case statuses", "Origin, Priority and Type values", "Record type")),
]


@dataclass
class VariantOrg:
    variant: Variant
    sf: EmulatorServer
    config: Path


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda v: v.name)
def variant_org(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VariantOrg]:
    variant: Variant = request.param
    directory = tmp_path_factory.mktemp(variant.name)
    config = directory / "org.yml"
    config.write_text(yaml.safe_dump(variant.mapping))
    server = EmulatorServer(directory / "org.db", case_setup=variant.setup).start()
    try:
        yield VariantOrg(variant, server, config)
    finally:
        server.close()


def _settings(org: VariantOrg, slack_api_url: str, config: Path | None = None) -> Any:
    info = org.sf.info
    creds = info["clients"]["integration"]
    return make_settings(slack_api_url, SF_LOGIN_URL=info["login_url"], SF_CLIENT_ID=creds["client_id"],
                         SF_CLIENT_SECRET=creds["client_secret"], SF_CA_BUNDLE=info["ca_bundle"],
                         SF_API_VERSION=info["api_version"], CONCIERGE_CONFIG=str(config or org.config))


def _start_bot(variant_org: VariantOrg, slack: Any, store: Any, config: Path) -> BotHarness:
    """The whole bot, built as `concierge run` builds it from the settings (desk included), on the variant's
    org reset to its set-up (with its validation rules), with employees amy and ben."""
    from runtime.serving import BackgroundServer
    from runtime.root import build
    from sandbox.slack import SlackUser

    sf = variant_org.sf
    sf.reset()
    integration = sf.user_id("integration")
    for rule in variant_org.variant.rules:
        sf.add_validation_rule(**rule, users=[integration])
    for name in ("amy", "ben"):
        email = f"{name}.{variant_org.variant.name}@example.com"
        sf.create_contact("Test", name.title(), email)
        slack.add_user(SlackUser(f"U0{name.upper()}", name, f"Test {name.title()}", email))
    settings = _settings(variant_org, slack.api_url, config)
    runtime = build(settings, store=store, desk=CaseDesk.from_settings(settings))
    server = BackgroundServer(runtime.web_app()).start()
    slack.events_url = server.url + "/slack/events"
    return BotHarness(slack=slack, runtime=runtime, server=server, sf=sf)


def _stop_bot(bot: BotHarness) -> None:
    bot.server.stop()
    bot.runtime.close()
    bot.runtime.desk.client.session.close()


@pytest.fixture
def vbot(variant_org: VariantOrg, slack: Any, store: Any) -> Iterator[BotHarness]:
    """The bot with the mapping written for the variant's org."""
    bot = _start_bot(variant_org, slack, store, variant_org.config)
    yield bot
    _stop_bot(bot)


@pytest.fixture
def h(vbot: BotHarness) -> Helpers:
    return Helpers(vbot)


@pytest.fixture
def agent(variant_org: VariantOrg) -> Iterator[Any]:
    client = variant_org.sf.salesforce("agent")
    yield client
    client.session.close()


def _mapping(vbot: BotHarness) -> Any:
    return vbot.settings.org


def _file(h: Helpers, text: str = "My laptop screen flickers since this morning") -> tuple[dict, Any]:
    [card] = h.say("amy", text)
    [case] = [c for c in h.open_cases("amy") if c.subject in text or text in c.subject] or h.open_cases("amy")
    assert case.case_number in all_text(card), all_text(card)
    return card, case


def _row(agent: Any, case_id: str) -> dict[str, Any]:
    return agent.Case.get(case_id)


# ----------------------------------------------------------------------------------------------------- filing
def test_a_case_is_filed_with_the_org_s_values(vbot, h, agent, variant_org):
    card, case = _file(h)
    row = _row(agent, case.id)
    for name, value in variant_org.variant.expect_on_new_case.items():
        assert row[name] == value, (name, row)
    org = _mapping(vbot)
    if org.defaults.record_type_name:
        [info] = [i for i in agent.Case.describe()["recordTypeInfos"] if i["name"] == org.defaults.record_type_name]
        assert row["RecordTypeId"] == info["recordTypeId"]
    assert case.status in all_text(card) or "New" in all_text(card)


def test_an_urgent_case_gets_the_org_s_urgent_priority(vbot, h, agent):
    _, case = _file(h, "Urgent: the whole team can't log in to the VPN and we have a client demo in an hour")
    assert _row(agent, case.id)["Priority"] == _mapping(vbot).urgency.priority



def test_a_case_queued_during_an_outage_is_filed_with_the_org_s_values(vbot, h, agent, variant_org):
    vbot.sf.set_fault("unavailable")
    [queued] = h.say("amy", "The badge reader at the main entrance rejects my card")
    assert "queued" in all_text(queued), all_text(queued)
    vbot.sf.clear_faults()
    assert Outbox(vbot).flush().delivered == 1
    [case] = agent.query_all("SELECT Id FROM Case")["records"]
    row = _row(agent, case["Id"])
    for name, value in variant_org.variant.expect_on_new_case.items():
        assert row[name] == value, (name, row)


# ------------------------------------------------------------------------------------------ reading and writing
def test_status_and_list_show_the_case_in_the_org_s_words(vbot, h, agent):
    _, case = _file(h)
    [status] = h.say("amy", f"what is the status of {case.case_number}")
    assert case.case_number in all_text(status) and case.status in all_text(status)
    [listing] = h.say("amy", "show my cases")
    assert case.case_number in all_text(listing)


def test_a_comment_lands_on_the_case(vbot, h, agent):
    _, case = _file(h)
    h.say("amy", f"add to {case.case_number}: it happens on wifi too")
    assert any("wifi" in c for c in h.comments(case.id))


def test_close_and_reopen_write_the_org_s_statuses(vbot, h, agent):
    org = _mapping(vbot)
    _, case = _file(h)
    [closed] = h.say("amy", f"please close case {case.case_number}")
    row = _row(agent, case.id)
    assert (row["Status"], row["IsClosed"]) == (org.statuses.on_user_close, True), all_text(closed)
    for name, value in org.statuses.on_user_close_fields.items():
        assert row[name] == value
    [reopened] = h.say("amy", f"reopen case {case.case_number}")
    row = _row(agent, case.id)
    assert (row["Status"], row["IsClosed"]) == (org.statuses.on_user_reopen, False), all_text(reopened)


def test_thanks_that_fixed_it_asks_then_closes(vbot, h, agent):
    org = _mapping(vbot)
    _, case = _file(h)
    [question] = h.say("amy", "thanks, that fixed it")   # "Glad it's working again! Close case N?" in one message
    assert case.case_number in all_text(question) and _row(agent, case.id)["Status"] == org.statuses.on_create
    [done] = h.click("amy", ids.PICK_CASE, buttons(question)[ids.PICK_CASE], message=question)
    assert _row(agent, case.id)["Status"] == org.statuses.on_user_close, all_text(done)


def test_the_new_case_form_files_with_its_entry_point_s_origin_and_the_org_s_type(vbot, h, agent):
    org = _mapping(vbot)
    assert vbot.slack.slash("amy", "/case", "new").status == 200
    [view] = vbot.slack.wait_for(lambda: vbot.slack.views("amy"))
    vbot.slack.submit_view("amy", view["id"], {ids.INPUT_SUBJECT: "A second monitor for my desk",
                                               ids.INPUT_DESCRIPTION: "27 inch if possible",
                                               ids.INPUT_TYPE: "service_request"})
    [card] = vbot.slack.wait_for_bot_messages("amy", 1)
    [case] = h.open_cases("amy")
    row = _row(agent, case.id)
    assert (row["Origin"], row["Type"]) == (org.defaults.origin_for("modal"), org.defaults.type_service_request)
    assert case.case_number in card["text"]


def test_home_lists_open_cases_then_recently_closed_ones(vbot, h, agent):
    _, closed = _file(h, "The projector in room 4 shows no picture")
    h.say("amy", f"please close case {closed.case_number}")
    _, still_open = _file(h, "My keyboard is missing the letter e")
    assert vbot.slack.open_home("amy").status == 200
    # (an earlier Home, published after the close, may still be the latest for a moment)
    text = vbot.slack.wait_for(lambda: (t := all_text(vbot.slack.home("amy") or {})) and still_open.case_number in t
                               and closed.case_number in t and t)
    assert text.index(still_open.case_number) < text.index("Recently closed") < text.index(closed.case_number)


# -------------------------------------------------------------------------------------------- agents' changes
def test_agents_changes_reach_the_employee(vbot, h, agent, variant_org):
    _, case = _file(h)
    client = WebClient(token=vbot.settings.slack_bot_token, base_url=vbot.slack.api_url)
    poller = Poller(store=vbot.store, desk=vbot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                    org=talk_ignored(vbot.desk.org))
    poller.run_once()                                           # the feed starts "from now"
    if variant_org.variant.agent_waiting:
        before = len(vbot.slack.bot_messages("amy"))
        agent.Case.update(case.id, {"Status": variant_org.variant.agent_waiting},
                          headers={"Sforce-Auto-Assign": "FALSE"})
        poller.run_once()
        waiting = all_text(vbot.slack.wait_for_bot_messages("amy", before + 1)[-1])
        assert "waiting for your reply" in waiting.lower(), waiting
    n = len(vbot.slack.bot_messages("amy"))
    closing = {"Status": variant_org.variant.agent_closes}
    closing.update({k: "Fixed" for k in ("Resolution__c",) if variant_org.variant.rules})
    agent.Case.update(case.id, closing, headers={"Sforce-Auto-Assign": "FALSE"})
    poller.run_once()
    notices = vbot.slack.wait_for_bot_messages("amy", n + 1)[n:]
    assert any(case.case_number in all_text(m) for m in notices)
    assert not any("filed for you" in all_text(m) for m in vbot.slack.bot_messages("amy"))   # it is Concierge's


# ----------------------------------------------------------------------------------------------------- doctor
def test_the_doctor_calls_the_org_ready(vbot, variant_org):
    ctx = SalesforceContext.from_settings(vbot.settings)
    try:
        findings = doctor_salesforce.run(ctx)
    finally:
        ctx.client.session.close()
    problems = {f.name: (f.outcome.summary, f.outcome.details) for f in findings if f.blocking}
    assert problems == {}
    assert all(f.outcome.status in (Status.OK, Status.WARN) for f in findings)
    [statuses] = [f.outcome for f in findings if f.name == "Case statuses"]
    if variant_org.variant.agent_waiting is None:          # nothing means "waiting for the employee": said so
        assert statuses.status == Status.WARN and "never tell anyone" in statuses.summary
        assert "statuses: waiting_for_user" in statuses.fix
    else:
        assert statuses.status == Status.OK, statuses


# ------------------------------------------------------------------------------- the sandbox's mapping, unchanged
@pytest.fixture
def unmapped_bot(variant_org: VariantOrg, slack: Any, store: Any, tmp_path: Path) -> Iterator[BotHarness]:
    """The bot with the sandbox's defaults (an empty org mapping) on the variant's org: nobody mapped it yet."""
    config = tmp_path / "defaults.yml"
    config.write_text("")
    bot = _start_bot(variant_org, slack, store, config)
    yield bot
    _stop_bot(bot)


def _doctor(bot: BotHarness) -> dict[str, Any]:
    ctx = SalesforceContext.from_settings(bot.settings)
    try:
        return {f.name: f for f in doctor_salesforce.run(ctx)}
    finally:
        ctx.client.session.close()


def test_the_doctor_names_what_to_configure_on_an_unmapped_org(unmapped_bot, variant_org):
    found = _doctor(unmapped_bot)
    blocking = {name for name, f in found.items() if f.blocking}
    assert blocking == set(variant_org.variant.unmapped_blocking)
    for name in blocking:
        assert "CONCIERGE_CONFIG" in found[name].outcome.fix, found[name].outcome
    if "Required Case fields" in blocking:
        outcome = found["Required Case fields"].outcome
        assert "extra_fields" in outcome.fix and "Case.Business_Unit__c is required (values: IT, HR)" in outcome.details
    if "Record type" in blocking:
        names = variant_org.variant.setup.record_types
        assert ("one of: " + ", ".join(names) if names else "record_type_name: null") in found["Record type"].outcome.fix
    if "Case statuses" in blocking:
        details = "\n".join(found["Case statuses"].outcome.details)
        assert not variant_org.variant.agent_waiting or f"'{variant_org.variant.agent_waiting}' is not mapped" in details


def test_a_filing_the_unmapped_org_refuses_is_explained_and_nothing_is_filed(unmapped_bot, variant_org, agent):
    h = Helpers(unmapped_bot)
    if "Origin, Priority and Type values" not in variant_org.variant.unmapped_blocking:
        pytest.skip("this org accepts what the sandbox's mapping writes on new cases")
    [reply] = h.say("amy", "My laptop screen flickers since this morning")
    words = all_text(reply)
    assert "Origin" in words or "Case_Owner__c" in words, words
    assert "how Concierge is set up" in words or "administrator" in words, words     # not the person's doing
    assert "reference" in words, words                                                # support finds the log
    assert agent.query("SELECT COUNT() FROM Case")["totalSize"] == 0


def test_a_validation_rule_s_words_and_a_missing_reopen_status_are_told_apart(unmapped_bot, variant_org, agent):
    if not variant_org.variant.rules:
        pytest.skip("this org has no validation rule")
    h = Helpers(unmapped_bot)
    _, case = _file(h)
    refused = all_text(h.say("amy", f"please close case {case.case_number}")[0])
    assert RESOLUTION_RULE in refused and "set up" not in refused                      # the org's own words
    assert not _row(agent, case.id)["IsClosed"]
    agent.Case.update(case.id, {"Status": variant_org.variant.agent_closes, "Resolution__c": "Fixed"},
                      headers={"Sforce-Auto-Assign": "FALSE"})
    refused = all_text(h.say("amy", f"reopen case {case.case_number}")[0])
    assert "how Concierge is set up" in refused and "Reopened" in refused, refused
    assert _row(agent, case.id)["IsClosed"]


def test_the_sandbox_agent_console_works_on_the_org(vbot, h, variant_org):
    from sandbox.web.agent import AgentConsole, AgentCredentials
    _, case = _file(h)
    console = AgentConsole(AgentCredentials.from_emulator_info(variant_org.sf.info))
    statuses = {s["value"]: s["closed"] for s in console.statuses()}
    assert statuses == dict(variant_org.variant.setup.statuses)          # IsClosed as the org says
    assert console.get_case(case.id)["number"] == case.case_number


def test_a_record_type_the_integration_user_is_not_given_is_named_by_the_doctor_and_explained(
        variant_org, slack, store, tmp_path, agent):
    withheld = variant_org.variant.setup.unavailable_record_types
    if not withheld:
        pytest.skip("every record type of this org is available to the integration user")
    mapping = {**variant_org.variant.mapping,
               "defaults": {**variant_org.variant.mapping["defaults"], "record_type_name": withheld[0]}}
    config = tmp_path / "withheld.yml"
    config.write_text(yaml.safe_dump(mapping))
    bot = _start_bot(variant_org, slack, store, config)
    try:
        found = _doctor(bot)
        assert [name for name, f in found.items() if f.blocking] == ["Record type"]
        assert "not available to the integration user" in found["Record type"].outcome.summary
        words = all_text(Helpers(bot).say("amy", "My laptop screen flickers since this morning")[0])
        assert "how Concierge is set up" in words and "reference" in words, words
        assert agent.query("SELECT COUNT() FROM Case")["totalSize"] == 0
    finally:
        _stop_bot(bot)


def test_the_doctor_refuses_a_slack_user_id_field_that_cannot_hold_one(variant_org, slack, store, tmp_path):
    picklists = [f.name for f in variant_org.variant.setup.custom_fields if f.type == PICKLIST]
    if not picklists:
        pytest.skip("this org has no custom picklist field to misname")
    mapping = {**variant_org.variant.mapping,
               "fields": {**variant_org.variant.mapping.get("fields", {}), "slack_user_id": picklists[0]}}
    config = tmp_path / "slack-field.yml"
    config.write_text(yaml.safe_dump(mapping))
    bot = _start_bot(variant_org, slack, store, config)
    try:
        found = _doctor(bot)
        assert [name for name, f in found.items() if f.blocking] == ["Case fields"]
        assert any(f"Case.{picklists[0]} (fields.slack_user_id) is a picklist field" in d
                   for d in found["Case fields"].outcome.details)
    finally:
        _stop_bot(bot)


def test_the_doctor_names_a_case_number_format_concierge_cannot_read(tmp_path):
    server = EmulatorServer(tmp_path / "org.db", case_setup=CaseSetup(case_number_format="CS-{000000}")).start()
    try:
        org = VariantOrg(VARIANTS[0], server, tmp_path / "empty.yml")
        org.config.write_text("")
        ctx = SalesforceContext.from_settings(_settings(org, "http://127.0.0.1:9/api/"))
        try:
            assert doctor_salesforce.case_numbers(ctx).status == Status.OK          # no case yet: nothing to read
            agent = server.salesforce("agent")
            agent.Case.create({"Subject": "Printer jams"})
            agent.session.close()
            outcome = doctor_salesforce.case_numbers(ctx)
        finally:
            ctx.client.session.close()
        assert outcome.status == Status.FAIL and "'CS-001001'" in outcome.summary and "{00000000}" in outcome.fix
    finally:
        server.close()
