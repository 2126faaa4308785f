"""Notification settings per person (issue 16, item 1): typed in the DM or ticked in the App Home, stored for
the poller; what the org keeps always on cannot be switched off."""
from __future__ import annotations

from notifications.timing import timing_for

from slackui import ids
from bot.preferences import NotificationSettings
from intents.preferences import preference_request
from servicecloud.config import NotificationsConfig, OrgConfig, Preference
from tests.bot.conftest import all_text


def _checkboxes(home):
    return next(el for b in home["blocks"] if b["type"] == "actions" for el in b["elements"]
                if el["action_id"] == ids.NOTIFY_SETTINGS)


def test_typed_requests_switch_kinds_and_say_what_changed(bot, h, store):
    [reply] = h.say("amy", "stop nudging me")
    assert "no more reminders" in all_text(reply)
    assert store.preferences.of(["U0AMY"]) == {"U0AMY": {"nudges": False}}
    [reply] = h.say("amy", "only tell me when it's resolved")
    assert "resolved or closed cases" in all_text(reply)
    assert store.preferences.of(["U0AMY"])["U0AMY"] == {"agent_replies": False, "waiting": False,
                                                        "resolved": True, "nudges": False, "filed_elsewhere": False}
    [reply] = h.say("amy", "notification settings")
    assert "You get notifications about resolved or closed cases." in all_text(reply)
    assert store.preferences.of(["U0BEN"]) == {}                   # one person's settings only


def test_the_home_tab_shows_the_settings_and_a_tick_changes_them(bot, h, store):
    store.preferences.set("U0AMY", {"nudges": False})
    assert bot.slack.open_home("amy").status == 200
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and "Notification settings" in all_text(v) and v)
    box = _checkboxes(home)
    assert [o["value"] for o in box["options"]] == [p.value for p in Preference]
    assert {o["value"] for o in box["initial_options"]} == {p.value for p in Preference} - {"nudges"}
    before = home["hash"] if "hash" in home else None
    ticked = ["resolved", "nudges"]
    assert bot.slack.click("amy", ids.NOTIFY_SETTINGS, view_id=home["id"], selected_values=ticked).status == 200
    bot.slack.wait_for(lambda: store.preferences.of(["U0AMY"])["U0AMY"].get("nudges") is True)
    assert store.preferences.of(["U0AMY"])["U0AMY"] == {"agent_replies": False, "waiting": False, "resolved": True,
                                                        "nudges": True, "filed_elsewhere": False}
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and v.get("hash") != before and
                              {o["value"] for o in _checkboxes(v).get("initial_options", [])} == set(ticked) and v)


def test_kinds_the_org_keeps_on_are_not_offered_and_cannot_be_typed_off(store):
    org = OrgConfig(notifications=NotificationsConfig(always_on=[Preference.WAITING]))
    settings = NotificationSettings(store, org, timing_for)
    [reply] = settings.answer("U1", preference_request("stop notifying me"))
    assert "keeps cases waiting for you always on" in reply.text
    assert settings.enabled("U1") == {p: p == Preference.WAITING for p in Preference}
    blocks = settings.home_blocks("U1")
    offered = [o["value"] for b in blocks if b["type"] == "actions" for o in b["elements"][0]["options"]]
    assert "waiting" not in offered and "Always on" in str(blocks)
