"""manifest.yml installs the app as the code expects it."""
from pathlib import Path

import yaml

from bot.settings import Settings

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_manifest_matches_the_bot():
    m = yaml.safe_load(MANIFEST.read_text())
    assert m["display_information"]["name"]
    home = m["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    assert home["home_tab_enabled"] is True
    assert set(m["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "commands", "im:history", "im:read", "im:write", "users:read", "users:read.email",
        "files:read"}
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {"message.im", "app_home_opened"}
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["settings"]["socket_mode_enabled"] is True
    commands = [c["command"] for c in m["features"]["slash_commands"]]
    assert commands == [Settings(_env_file=None).org.slash_command]
    for c in m["features"]["slash_commands"]:
        assert c["description"] and len(c["description"]) <= 2000
