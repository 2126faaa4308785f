"""manifest.yml installs the app as the code expects it."""
import re
from pathlib import Path

import yaml

from runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "manifest.yml"

# The bot scope each Web API method needs in a DM (Slack's method reference, "Scopes":
# https://docs.slack.dev/reference/methods/<method>); views.* and auth.test need none.
METHOD_SCOPES = {
    "chat.postMessage": {"chat:write"}, "chat.update": {"chat:write"}, "chat.postEphemeral": {"chat:write"},
    "conversations.open": {"im:write"}, "conversations.history": {"im:history"}, "conversations.replies": {"im:history"},
    "users.info": {"users:read", "users:read.email"},   # the email field needs users:read.email
    "users.lookupByEmail": {"users:read.email", "users:read"},   # users:read.email is asked with users:read
    "views.open": set(), "views.push": set(), "views.update": set(), "views.publish": set(),
    "files.info": {"files:read"}, "auth.test": set(),
    # channel intake (bot/channels/): reading a reacted message and a thread needs channels:history; status
    # reactions reactions:write; permalinks no scope
    "reactions.add": {"reactions:write"}, "reactions.remove": {"reactions:write"}, "chat.getPermalink": set(),
}
# What the app does without a Web API method: the slash command, the message.im event, downloading the files
# shared in the DM (url_private_download with the bot token).
FEATURE_SCOPES = {"commands", "im:history", "files:read",
                  # channel intake: app_mention, reaction_added and message.channels events
                  "app_mentions:read", "reactions:read", "channels:history"}
_CALL = re.compile(r"\.(chat|conversations|users|views|files|reactions|im|apps|team|auth)_([A-Za-z]+)\(")


def called_methods() -> set[str]:
    """Every Web API method the product code calls through slack_sdk (`client.chat_postMessage(` ...)."""
    found = set()
    for package in ("bot", "notifications", "servicecloud", "slackui", "store", "intents"):
        for path in (ROOT / package).rglob("*.py"):
            found |= {f"{a}.{b}" for a, b in _CALL.findall(path.read_text())}
    return found


def test_scopes_are_the_ones_the_code_needs():
    methods = called_methods()
    assert {"chat.postMessage", "views.publish", "users.lookupByEmail"} <= methods  # the scan sees the calls
    assert methods <= METHOD_SCOPES.keys(), f"a new Web API method needs its scope here: {methods - METHOD_SCOPES.keys()}"
    needed = set().union(*(METHOD_SCOPES[m] for m in methods)) | FEATURE_SCOPES
    m = yaml.safe_load(MANIFEST.read_text())
    assert set(m["oauth_config"]["scopes"]["bot"]) == needed


def test_manifest_matches_the_bot():
    m = yaml.safe_load(MANIFEST.read_text())
    assert m["display_information"]["name"]
    home = m["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    assert home["home_tab_enabled"] is True
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {"message.im", "app_home_opened", "app_mention",
                                                                      "message.channels", "reaction_added"}
    shortcuts = m["features"]["shortcuts"]
    assert [(s["type"], s["callback_id"]) for s in shortcuts] == [("message", Settings(_env_file=None).org.channels
                                                                   .shortcut_callback_id)]
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["settings"]["socket_mode_enabled"] is True
    commands = [c["command"] for c in m["features"]["slash_commands"]]
    assert commands == [Settings(_env_file=None).org.slash_command]
    for c in m["features"]["slash_commands"]:
        assert c["description"] and len(c["description"]) <= 2000
