from pathlib import Path

import pytest
from pydantic import ValidationError

from concierge.cli import main as cli_main
from servicecloud.config import CanonicalState, OrgConfig, load_org_config


def test_default_status_map_speaks_canonical_states():
    st = OrgConfig().statuses
    assert st.state_of("New") is CanonicalState.NEW
    assert st.state_of("waiting for CUSTOMER response") is CanonicalState.WAITING_FOR_USER
    assert st.state_of("Closed - By User") is CanonicalState.CLOSED
    assert st.state_of("Resolved") is CanonicalState.RESOLVED
    assert st.state_of("Reopened") is CanonicalState.IN_PROGRESS
    # An unmapped status follows Salesforce's IsClosed
    assert st.state_of("Archived", is_closed=True) is CanonicalState.CLOSED
    assert st.state_of("Triage", is_closed=False) is CanonicalState.IN_PROGRESS


def test_org_file_overrides_only_what_it_names(tmp_path: Path):
    f = tmp_path / "org.yml"
    f.write_text(
        "statuses:\n  waiting_for_user: [Pending Employee]\n  on_user_close: Closed by Employee\n"
        "fields:\n  assignee: Assigned_To__c\n"
        "defaults:\n  origin: Concierge Teams\n"
    )
    org = load_org_config(f)
    assert org.statuses.state_of("Pending Employee") is CanonicalState.WAITING_FOR_USER
    assert org.statuses.state_of("Waiting for user response") is CanonicalState.IN_PROGRESS
    assert org.statuses.on_user_close == "Closed by Employee"
    assert org.fields.assignee == "Assigned_To__c"
    assert org.defaults.origin == "Concierge Teams"
    assert org.defaults.priority == "3-Standard"
    assert org.fields.category == "Internal_Support_Category__c"


def test_org_file_with_a_typo_is_refused(tmp_path: Path):
    f = tmp_path / "org.yml"
    f.write_text("fields:\n  asignee: Assigned_To__c\n")
    with pytest.raises(ValidationError):
        load_org_config(f)


def test_cli_rejects_unknown_command(capsys):
    assert cli_main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_example_org_file_is_valid_and_matches_the_defaults():
    example = Path(__file__).resolve().parents[2] / "concierge.example.yml"
    assert load_org_config(example) == OrgConfig()
