"""`concierge doctor` against the emulator and the Slack stand-in, set up right (the sandbox's own org: ready)
and wrong in each way it must catch: every problem is blocking, named in plain words, with its fix."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from runtime.doctor import check
from runtime.doctor.result import Finding, Status, render
from bot.manifest import load_manifest
from tests.plugins.slack import BOT_TOKEN, SIGNING_SECRET, make_settings

ROOT = Path(__file__).resolve().parents[2]


def _settings(sf: Any, slack: Any, tmp_path: Path, mapping: dict | None = None, **env: Any) -> Any:
    creds = sf.info["clients"]["integration"]
    config = tmp_path / "org.yml"
    config.write_text(yaml.safe_dump(mapping or {}))
    values = {"SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
              "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
              "SF_API_VERSION": sf.info["api_version"], "DATABASE_URL": f"sqlite:///{tmp_path}/state.sqlite",
              "CONCIERGE_CONFIG": str(config), **env}
    return make_settings(slack.api_url, **values)


def doctor(sf: Any, slack: Any, tmp_path: Path, mapping: dict | None = None, **env: Any) -> dict[str, Finding]:
    findings = check(_settings(sf, slack, tmp_path, mapping, **env), manifest=load_manifest())
    render(findings)     # the report renders whatever was found
    return {f.name: f for f in findings}


def blocking(found: dict[str, Finding]) -> list[str]:
    return [name for name, f in found.items() if f.blocking]


def test_the_sandbox_org_is_ready(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path)
    assert blocking(found) == []
    assert all(f.outcome.status in (Status.OK, Status.WARN) for f in found.values())
    assert "Concierge Integration" in found["Sign-in"].outcome.summary


def test_a_missing_field_is_named_with_its_fix(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"fields": {"category": "Support_Category__c"}})
    assert blocking(found) == ["Case fields"]
    outcome = found["Case fields"].outcome
    assert any("Case.Support_Category__c is missing or hidden" in d for d in outcome.details)
    assert "Field Permissions" in outcome.fix and "CONCIERGE_CONFIG" in outcome.fix


def test_a_field_hidden_by_field_level_security_is_caught(sf, slack, tmp_path):
    sf.set_options(hidden_fields=("Case.Internal_Support_Category__c",))
    found = doctor(sf, slack, tmp_path)
    assert blocking(found) == ["Case fields"]
    assert any("Case.Internal_Support_Category__c" in d and "field-level security" in d
               for d in found["Case fields"].outcome.details)


def test_a_read_only_field_concierge_writes_is_caught(sf, slack, tmp_path):
    # the mapping names a formula field (visible, not writable) as the category Concierge sets on new cases
    found = doctor(sf, slack, tmp_path, {"fields": {"category": "Case_Owner__c"},
                                         "defaults": {"category_value": "x"}})
    assert "Case fields" in blocking(found)
    assert any("Case.Case_Owner__c is visible but the integration user can't set it" in d
               for d in found["Case fields"].outcome.details)


def test_a_misspelt_status_and_a_wrong_is_closed_are_caught(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"statuses": {"on_user_close": "Closed - By Usr",
                                                      "waiting_for_user": ["Waiting for user response", "Closed"]}})
    assert blocking(found) == ["Case statuses"]
    details = found["Case statuses"].outcome.details
    assert any("'Closed - By Usr', which Concierge sets, is not a Case status" in d
               and "did you mean 'Closed - By User'" in d for d in details)
    assert any("'Closed' is mapped as open (waiting_for_user) but IsClosed is true" in d for d in details)


def test_picklist_values_and_record_type_the_mapping_writes_must_exist(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"defaults": {"priority": "3 - Standard", "type_incident": "Incidents",
                                                      "record_type_name": "Tiket"},
                                         "urgency": {"priority": "Urgent"}})
    assert blocking(found) == ["Origin, Priority and Type values", "Record type"]
    details = found["Origin, Priority and Type values"].outcome.details
    assert any("Case.Priority has no value '3 - Standard'" in d and "'3-Standard'" in d for d in details)
    assert any("Case.Type has no value 'Incidents'" in d for d in details)
    assert any("Case.Priority has no value 'Urgent'" in d for d in details)    # the urgent reports' priority
    assert "Ticket" in found["Record type"].outcome.fix


def test_private_sharing_without_view_all_blocks_and_view_all_alone_warns(sf, slack, tmp_path):
    sf.set_options(case_sharing="private", integration_view_all=False)
    found = doctor(sf, slack, tmp_path)
    assert blocking(found) == ["Cases it does not own"]
    outcome = found["Cases it does not own"].outcome
    assert "Private" in outcome.summary and "notifications" in outcome.summary and "View All" in outcome.fix
    sf.set_options(integration_view_all=True)
    found = doctor(sf, slack, tmp_path)
    assert blocking(found) == [] and found["Cases it does not own"].outcome.status is Status.WARN


def test_a_token_missing_a_scope_is_caught(sf, slack, tmp_path):
    slack.scopes.remove("users:read.email")
    found = doctor(sf, slack, tmp_path)
    assert blocking(found) == ["Scopes"]
    assert "users:read.email" in found["Scopes"].outcome.summary
    assert "reinstall" in found["Scopes"].outcome.fix


def test_a_refused_sign_in_skips_the_rest_of_salesforce(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, SF_CLIENT_SECRET="wrong")
    assert blocking(found) == ["Sign-in"]
    assert "SF_CLIENT_SECRET" in found["Sign-in"].outcome.fix
    assert found["Case fields"].outcome.status is Status.SKIP
    assert found["Scopes"].outcome.status is Status.OK          # Slack is still checked
    generic = doctor(sf, slack, tmp_path, SF_LOGIN_URL="https://login.salesforce.com")
    assert "request not supported on this domain" in generic["Sign-in"].outcome.fix


def test_api_version_and_headroom(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, SF_API_VERSION="99.0")
    assert "API version" in blocking(found) and "SF_API_VERSION" in found["API version"].outcome.fix
    sf.set_api_usage(sf.api_usage()[1] - 10)
    found = doctor(sf, slack, tmp_path)
    assert "Daily API requests" in blocking(found)


def test_slack_and_database_problems(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, SLACK_APP_TOKEN="xapp-1-not-the-apps-token")
    assert blocking(found) == ["Connection"] and "invalid_auth" in found["Connection"].outcome.summary
    found = doctor(sf, slack, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/not-yet.sqlite")
    assert blocking(found) == [] and "does not exist yet" in found["Schema"].outcome.summary
    assert not (tmp_path / "not-yet.sqlite").exists()                   # the doctor created nothing
    found = doctor(sf, slack, tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert blocking(found) == ["Schema"] and "DATABASE_URL" in found["Schema"].outcome.fix
    import sqlite3
    with sqlite3.connect(tmp_path / "old.sqlite") as conn:              # a table from an older version
        conn.execute("CREATE TABLE concierge_events (key TEXT PRIMARY KEY)")
    found = doctor(sf, slack, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/old.sqlite")
    assert blocking(found) == ["Schema"] and "concierge_events.seen_at" in found["Schema"].outcome.details


@pytest.mark.parametrize("ready", [True, False])
def test_concierge_doctor_command_exit_code(sf, slack, tmp_path, ready):
    creds = sf.info["clients"]["integration"]
    if not ready:
        slack.scopes.remove("files:read")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SF_"))}
    env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url,
                "SF_LOGIN_URL": sf.info["login_url"], "SF_CLIENT_ID": creds["client_id"],
                "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf.info["ca_bundle"],
                "DATABASE_URL": f"sqlite:///{tmp_path}/state.sqlite"})
    env.pop("CONCIERGE_CONFIG", None)
    proc = subprocess.run([sys.executable, "-m", "concierge", "doctor"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    if ready:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Ready: Concierge can run with these settings" in proc.stdout
    else:
        assert proc.returncode == 1
        assert "Not ready: 1 blocking problem." in proc.stdout and "files:read" in proc.stdout


def test_jwt_sign_in_and_socket_mode_are_reported(sf, tmp_path):
    from sandbox.slack import SlackStandIn
    key = tmp_path / "key.pem"
    key.write_text(sf.jwt_private_key("integration"))
    with SlackStandIn(SIGNING_SECRET, BOT_TOKEN, app_token="xapp-1-socket") as socket_slack:
        found = doctor(sf, socket_slack, tmp_path, SF_AUTH_FLOW="jwt_bearer", SF_USERNAME=sf.username("integration"),
                       SF_PRIVATE_KEY_FILE=str(key), SLACK_APP_TOKEN="xapp-1-socket")
    assert blocking(found) == []
    assert "jwt bearer (audience https://login.salesforce.com)" in found["Sign-in"].outcome.summary
    connection = found["Connection"].outcome
    assert connection.status is Status.OK and "Socket Mode" in connection.summary


def test_an_unreadable_manifest_is_said_plainly(tmp_path, capsys, monkeypatch):
    from runtime.doctor import main
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/state.sqlite")
    assert main(["--manifest", str(tmp_path / "nowhere.yml")]) == 1
    assert "pass --manifest PATH" in capsys.readouterr().err


def test_the_schema_revision_is_reported_against_this_versions_head(sf, slack, tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, text

    from store import migrate
    old = create_engine(f"sqlite:///{tmp_path}/old.sqlite")
    with old.begin() as conn:                                # a database an older Concierge left at the baseline
        command.upgrade(migrate.config(conn), migrate.BASELINE)
    found = doctor(sf, slack, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/old.sqlite")
    outcome = found["Schema"].outcome
    assert outcome.status is Status.WARN and f"schema revision {migrate.BASELINE}" in outcome.summary
    assert f"this version's: {migrate.head()}" in outcome.summary and "upgrades the schema in place" in outcome.fix
    with old.begin() as conn:                                # ... and one a newer Concierge upgraded
        conn.execute(text(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '9999'"))
    found = doctor(sf, slack, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/old.sqlite")
    assert blocking(found) == ["Schema"] and "newer Concierge" in found["Schema"].outcome.summary
    old.dispose()
    from store import Store
    Store(f"sqlite:///{tmp_path}/state.sqlite").close()      # a database at head (made by the store, as `run` does)
    found = doctor(sf, slack, tmp_path)
    assert found["Schema"].outcome.status is Status.OK and f"revision {migrate.head()}" in found["Schema"].outcome.summary


def test_request_channels_the_bot_is_not_in_are_named(sf, slack, tmp_path):
    slack.add_channel("it-help", ["alice"], channel_id="C0ITHELP")
    slack.add_channel("hr-help", ["alice"], bot=False, channel_id="C0HRHELP")
    mapping = {"channels": {"requests": [{"id": "C0ITHELP", "mode": "auto"}, {"id": "C0HRHELP"}]}}
    found = doctor(sf, slack, tmp_path, mapping)
    assert blocking(found) == ["Request channels"]
    assert "C0HRHELP" in found["Request channels"].outcome.summary
    assert "C0ITHELP" not in found["Request channels"].outcome.summary
    slack.join("C0HRHELP", "U0CONCIERGEBOT")
    assert blocking(doctor(sf, slack, tmp_path, mapping)) == []
