"""Held notices follow a change of their person's timing settings (docs/notifications.md, "Quiet hours"): the
real Poller against the Salesforce emulator and a recording Slack, the poller's clock injected (the employee is
in Europe/Paris); the settings are changed as the bot changes them (`store.preferences.set_timing`)."""
from __future__ import annotations

from notifications import Poller
from servicecloud.config import OrgConfig
from tests.notifications.test_quiet_hours import QUIET, Clock, night_news, paris


def held_until(w) -> set:
    return {e.due_at for e in w.store.ledger_entries() if e.status == "held"}


def test_notify_me_in_real_time_sends_what_was_held_at_the_next_cycle(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, _, _ = night_news(w, clock)
    assert p.run_once().held == 3 and held_until(w) == {paris(2026, 11, 25, 8)}
    clock.t = paris(2026, 11, 24, 22)
    assert p.run_once().digests == 0 and w.slack.posts("UEMP") == []         # nothing changed: still held

    w.store.preferences.set_timing("UEMP", quiet=False)                       # "notify me in real time"
    r = p.run_once()
    assert (r.retimed, r.digests, r.digested) == (3, 1, 3)
    assert "news on 2 cases" in w.slack.posts("UEMP")[0]["text"]
    clock.t = paris(2026, 11, 25, 8)
    assert p.run_once().digests == 0 and len(w.slack.posts("UEMP")) == 1    # never again at the old time


def test_quiet_hours_ending_earlier_bring_the_held_notices_earlier(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, _, _ = night_news(w, clock)
    assert p.run_once().held == 3
    clock.t = paris(2026, 11, 24, 23)
    w.store.preferences.set_timing("UEMP", quiet=True, start="22:00", end="06:00")
    r = p.run_once()
    assert r.retimed == 3 and r.digests == 0 and held_until(w) == {paris(2026, 11, 25, 6)}
    assert p.run_once().retimed == 0                                          # re-timed once, not every cycle
    clock.t = paris(2026, 11, 25, 5, 59)
    assert p.run_once().digests == 0
    clock.t = paris(2026, 11, 25, 6)
    assert p.run_once().digested == 3 and len(w.slack.posts("UEMP")) == 1


def test_quiet_hours_ending_later_keep_the_held_notices_longer(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, _, _ = night_news(w, clock)
    assert p.run_once().held == 3
    clock.t = paris(2026, 11, 24, 23)
    w.store.preferences.set_timing("UEMP", quiet=True, start="19:00", end="10:00")
    assert p.run_once().retimed == 3 and held_until(w) == {paris(2026, 11, 25, 10)}
    clock.t = paris(2026, 11, 25, 8)
    assert p.run_once().digests == 0 and w.slack.posts("UEMP") == []
    clock.t = paris(2026, 11, 25, 10)
    assert p.run_once().digested == 3 and len(w.slack.posts("UEMP")) == 1


def test_a_new_digest_hour_moves_the_held_notices_and_real_time_sends_them(world):
    w = world
    w.store.preferences.set_timing("UEMP", digest_hour=9)                     # no quiet hours in this org
    clock = Clock(paris(2026, 11, 24, 10))
    p, _, _ = night_news(w, clock, OrgConfig())
    assert p.run_once().held == 3 and held_until(w) == {paris(2026, 11, 25, 9)}
    clock.t = paris(2026, 11, 24, 11)
    w.store.preferences.set_timing("UEMP", digest_hour=17)                    # "daily digest at 5pm"
    assert p.run_once().retimed == 3 and held_until(w) == {paris(2026, 11, 24, 17)}
    clock.t = paris(2026, 11, 24, 12)
    w.store.preferences.set_timing("UEMP", digest_hour=None)                  # "notify me in real time"
    r = p.run_once()
    assert (r.retimed, r.digested) == (3, 3) and len(w.slack.posts("UEMP")) == 1
    clock.t = paris(2026, 11, 24, 17)
    assert p.run_once().digests == 0 and len(w.slack.posts("UEMP")) == 1


def test_urgent_notices_are_untouched_by_a_change_of_settings(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 23))
    case = w.file("Laptop will not boot")
    p = w.poller(org=QUIET, now=clock)
    p.run_once()
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which model is it?", "IsPublished": True})
    w.agent.Case.update(case.id, {"Status": "Waiting for user response"})       # urgent in this org
    r = p.run_once()
    assert r.sent == 1 and r.held == 1
    w.store.preferences.set_timing("UEMP", quiet=True, start="19:00", end="10:00")
    r = p.run_once()
    assert r.retimed == 1 and r.sent == 0 and len(w.slack.posts("UEMP")) == 1   # only the held one moved
    clock.t = paris(2026, 11, 25, 8, 5)
    assert p.run_once().digests == 0
    clock.t = paris(2026, 11, 25, 10)
    r = p.run_once()
    assert r.digested == 1 and r.sent == 0 and len(w.slack.posts("UEMP")) == 2
    assert "Which model is it?" in str(w.slack.posts("UEMP")[1]["blocks"])


def test_a_change_made_while_the_cycle_decides_is_followed_in_the_same_cycle(world, monkeypatch):
    """The person switches quiet hours off just after the cycle read their settings to hold the notices: the
    rows remember the settings they were timed under, so they are re-timed (and sent) before the digests."""
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, _, _ = night_news(w, clock)
    read, changed = w.store.preferences.timing_of, []

    def read_then_change(ids):
        choices = read(ids)
        if "UEMP" in ids and not changed:
            changed.append(True)
            w.store.preferences.set_timing("UEMP", quiet=False)
        return choices

    monkeypatch.setattr(w.store.preferences, "timing_of", read_then_change)
    r = p.run_once()
    assert (r.held, r.retimed, r.digested) == (3, 3, 3) and len(w.slack.posts("UEMP")) == 1


def test_another_replica_follows_a_change_once(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, _, _ = night_news(w, clock)
    assert p.run_once().held == 3
    p.release()
    w.store.preferences.set_timing("UEMP", quiet=False)
    other: Poller = w.poller(org=QUIET, now=clock)
    assert other.run_once().digested == 3
    assert p.run_once().standby and other.run_once().retimed == 0 and len(w.slack.posts("UEMP")) == 1
