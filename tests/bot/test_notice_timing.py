"""When notifications come, per person (issue 16, item 2): typed ("quiet hours 20:00 to 7:00", "no notifications
at weekends", "daily digest at 9") or chosen in the App Home, stored with the preferences, and what the poller
then does with them (a daily digest holds what is not urgent until its hour)."""
from __future__ import annotations

from notifications.timing import timing_for

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.preferences import NotificationSettings
from intents.preferences import TimingRequest, preference_request, timing_request
from servicecloud.config import NotificationsConfig, OrgConfig, Preference, QuietHoursConfig
from slackui import ids
from store.preferences import TimingChoice
from tests.bot.conftest import all_text
from tests.notifications.world import World

ORG = OrgConfig(notifications=NotificationsConfig(quiet_hours=QuietHoursConfig(start="19:00", end="08:00"),
                                                  urgent=[Preference.WAITING]))


def test_typed_timing_requests_are_understood_and_problem_reports_are_not():
    assert timing_request("quiet hours 20:00 to 7:00") == TimingRequest(quiet=True, start="20:00", end="07:00")
    assert timing_request("please set my quiet hours from 8pm to 7am") == \
        TimingRequest(quiet=True, start="20:00", end="07:00")
    assert timing_request("don't notify me between 22:00 and 6:30") == \
        TimingRequest(quiet=True, start="22:00", end="06:30")
    assert timing_request("no notifications at weekends") == TimingRequest(weekends=True)
    assert timing_request("weekends are fine") == TimingRequest(weekends=False)
    assert timing_request("no quiet hours") == TimingRequest(quiet=False)
    assert timing_request("send me a daily digest at 17:00") == TimingRequest(digest_hour=17)
    assert timing_request("notify me in real time") == TimingRequest(real_time=True)
    for report in ("my VPN drops at weekends", "my laptop does not work at weekends",
                   "the real-time dashboard is down", "I never get notifications at weekends",
                   "quiet hours in the office are 9 to 5 and the printer is loud"):
        assert preference_request(report) is None or preference_request(report).timing is None, report
    assert preference_request("stop nudging me").timing is None                   # kinds, as before


def test_typed_quiet_hours_weekends_and_digest_are_stored_and_answered(bot, h, store):
    [reply] = h.say("amy", "quiet hours 20:00 to 7:00")
    assert "quiet hours from 20:00 to 07:00" in all_text(reply)
    assert store.preferences.timing_of(["U0AMY"]) == {"U0AMY": TimingChoice(quiet=True, start="20:00", end="07:00")}
    [reply] = h.say("amy", "no notifications at weekends")
    assert "Quiet hours 20:00 to 07:00 and weekends (your time)." in all_text(reply)
    [reply] = h.say("amy", "daily digest at 9")
    assert "daily digest at 09:00" in all_text(reply)
    assert store.preferences.timing_of(["U0AMY"])["U0AMY"] == TimingChoice(quiet=True, start="20:00", end="07:00",
                                                                           weekends=True, digest_hour=9)
    [reply] = h.say("amy", "no quiet hours")
    assert "No quiet hours." in all_text(reply)
    assert store.preferences.timing_of(["U0BEN"]) == {}                 # one person's settings only


def test_the_home_tab_offers_quiet_hours_and_the_digest_and_a_choice_changes_them(bot, store):
    assert bot.slack.open_home("amy").status == 200
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and "Quiet hours" in all_text(v) and v)
    controls = {el["action_id"]: el for b in home["blocks"] if b["type"] == "actions" for el in b["elements"]}
    assert controls[ids.NOTIFY_QUIET_START]["initial_option"]["value"] == "off"      # the org has none here
    assert controls[ids.NOTIFY_DIGEST]["initial_option"]["value"] == "off"
    start = next(o for o in controls[ids.NOTIFY_QUIET_START]["options"] if o["value"] == "21:00")
    assert bot.slack.click("amy", ids.NOTIFY_QUIET_START, view_id=home["id"], selected_option=start).status == 200
    bot.slack.wait_for(lambda: store.preferences.timing_of(["U0AMY"]).get("U0AMY"))
    assert store.preferences.timing_of(["U0AMY"])["U0AMY"] == TimingChoice(quiet=True, start="21:00")
    nine = next(o for o in controls[ids.NOTIFY_DIGEST]["options"] if o["value"] == "09:00")
    assert bot.slack.click("amy", ids.NOTIFY_DIGEST, view_id=home["id"], selected_option=nine).status == 200
    bot.slack.wait_for(lambda: store.preferences.timing_of(["U0AMY"])["U0AMY"].digest_hour == 9)
    home = bot.slack.wait_for(lambda: (v := bot.slack.home("amy")) and any(
        el.get("initial_option", {}).get("value") == "21:00" for b in v["blocks"] if b["type"] == "actions"
        for el in b["elements"]) and v)
    assert "Quiet hours 21:00 to 08:00 and weekends" in all_text(home) or "21:00" in str(home)


def test_settings_show_the_org_default_and_urgent_kinds(store):
    settings = NotificationSettings(store, ORG, timing_for)
    assert settings.timing_summary("U1") == ("Quiet hours 19:00 to 08:00 and weekends (your time). "
                                             "Cases waiting for you always come at once.")
    [reply] = settings.answer("U1", preference_request("quiet hours 7pm-8am"))
    assert store.preferences.timing_of(["U1"])["U1"].start == "19:00"
    settings.set_timing("U1", ids.NOTIFY_WEEKENDS, None, [])
    assert "and weekends" not in settings.timing_summary("U1")
    blocks = settings.home_blocks("U1")
    start = next(el for b in blocks if b["type"] == "actions" for el in b["elements"]
                 if el["action_id"] == ids.NOTIFY_QUIET_START)
    assert start["initial_option"]["value"] == "19:00"


def test_a_daily_digest_holds_what_is_not_urgent_until_its_hour(store, desk, employee, sf, sf_agent):
    w = World(store, desk, employee, sf, sf_agent)
    try:
        paris = ZoneInfo("Europe/Paris")
        clock = {"t": datetime(2026, 11, 24, 10, tzinfo=paris).astimezone(UTC)}
        case = w.file("Docking station flickers")
        store.preferences.set_timing("UEMP", digest_hour=17)
        p = w.poller(org=OrgConfig(notifications=NotificationsConfig(urgent=[Preference.WAITING])),
                     now=lambda: clock["t"])
        p.run_once()
        sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Firmware update queued", "IsPublished": True})
        assert p.run_once().held == 1 and w.slack.posts("UEMP") == []
        sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})
        assert p.run_once().sent == 1                                   # urgent: at once
        clock["t"] = datetime(2026, 11, 24, 17, tzinfo=paris).astimezone(UTC)
        r = p.run_once()
        assert r.digests == 1 and r.digested == 1 and len(w.slack.posts("UEMP")) == 2
        assert "Firmware update queued" in str(w.slack.posts("UEMP")[-1]["blocks"])
    finally:
        w.slack.close()


def test_the_answer_says_when_held_notices_now_come_at_once(store):
    settings = NotificationSettings(store, ORG, timing_for)
    with store.transaction() as tx:
        for n in range(2):
            tx.add_ledger(case_id=f"500C{n}", kind="comment", source_id=f"c{n}", slack_user_id="U1", payload={},
                          status="held", due_at=datetime(2026, 11, 25, 7, tzinfo=UTC))
    [reply] = settings.answer("U1", preference_request("quiet hours 20:00 to 7:00"))
    assert "holding" not in reply.text                          # still held: nothing to announce
    [reply] = settings.answer("U1", preference_request("no quiet hours"))
    assert "The 2 notifications I was holding for you will come in a moment." in reply.text
    [reply] = settings.answer("U2", preference_request("no quiet hours"))
    assert "holding" not in reply.text                          # nothing held for this person
