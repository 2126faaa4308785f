"""Every label a person reads for a value, in one table each: buttons, canonical states, intents, priorities.

The values themselves (action ids, states, intents, the org's picklist values) never change here; only the
words and emoji shown for them.
"""
from __future__ import annotations

import re

from servicecloud.config import CanonicalState
from slackui import ids

STATE_EMOJI: dict[str, str] = {
    CanonicalState.NEW: ":new:",
    CanonicalState.WAITING_FOR_USER: ":hourglass_flowing_sand:",
    CanonicalState.IN_PROGRESS: ":hammer_and_wrench:",
    CanonicalState.RESOLVED: ":white_check_mark:",
    CanonicalState.CLOSED: ":lock:",
}

BUTTON_LABELS = {
    ids.ADD_COMMENT: "Add comment",
    ids.ADD_DETAILS: "Add details",
    ids.ATTACH_FILE: "Attach a file",
    ids.CLOSE_CASE: "Close",
    ids.REOPEN_CASE: "Reopen",
    ids.VIEW_CASE: "View details",
    ids.MUTE_CASE: "Mute",
    ids.UNMUTE_CASE: "Unmute",
    ids.LOOKS_GOOD: "Looks good",
    ids.EDIT_SUBJECT: "Edit subject",
}

BUTTON_STYLES = {
    ids.ADD_COMMENT: "primary",
    ids.ADD_DETAILS: "primary",
    ids.LOOKS_GOOD: "primary",
    ids.CLOSE_CASE: "danger",
}
"""The style of a case button wherever it is shown (the others have Slack's default style)."""

INTENT_LABELS = {
    "file_case": "File a new case",
    "check_status": "Check a case's status",
    "list_cases": "List my cases",
    "add_comment": "Add a comment",
    "close_case": "Close a case",
    "reopen_case": "Reopen a case",
    "help": "Show help",
}

TYPE_OPTIONS = (("incident", "Something is broken (incident)"),
                ("service_request", "I need something (service request)"))
"""The New case modal's Type choices: short keys as option values (an org's picklist values may be longer
than Slack's 150); `Concierge.submit_new_case` maps them to the org's Type values."""

NO_TYPE = "—"
NOT_ASSIGNED = "not assigned yet"
NO_SUBJECT = "_(no subject)_"


def state_emoji(state: str | None) -> str:
    """The emoji shown before a status (none for a state the table does not know)."""
    return STATE_EMOJI.get(state or "", "")


def priority_label(priority: str) -> str:
    """"2-High" -> "High", "P1 - Critical" -> "Critical", "Urgent" -> "Urgent"."""
    return re.sub(r"^\s*(?:p?\d+)\s*[-–:.]?\s*", "", priority, flags=re.IGNORECASE).strip() or priority
