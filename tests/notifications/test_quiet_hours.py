"""Quiet hours, digests and not-while-talking through the real Poller (issue 16, items 2, 4 and 7), against the
Salesforce emulator and a recording Slack that checks every Block Kit payload as Slack does. The poller's
clock is injected (the employee is in Europe/Paris); nothing sleeps."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from notifications import Poller
from servicecloud.config import NotificationsConfig, OrgConfig, Preference, QuietHoursConfig
from slackui import ids

PARIS = ZoneInfo("Europe/Paris")
QUIET = OrgConfig(notifications=NotificationsConfig(
    quiet_hours=QuietHoursConfig(start="19:00", end="08:00", weekends=True), urgent=[Preference.WAITING]))


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)  # type: ignore[misc]


class Clock:
    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t


def text_of(msg) -> str:
    return "\n".join(b["text"]["text"] for b in msg["blocks"] if b["type"] == "section")


def night_news(w, clock: Clock, org: OrgConfig = QUIET) -> tuple[Poller, object, object]:
    """Two cases; at 21:00 on a Tuesday an agent comments on one, posts on the other and resolves it."""
    vpn, printer = w.file("VPN drops every hour"), w.file("Printer jams on floor 3")
    p = w.poller(org=org, now=clock)
    p.run_once()                                                  # starts the feed "from now"
    w.agent.CaseComment.create({"ParentId": vpn.id, "CommentBody": "Try the new VPN profile", "IsPublished": True})
    w.agent.FeedItem.create({"ParentId": printer.id, "Body": "A technician comes tomorrow."})
    w.agent.Case.update(printer.id, {"Status": "Resolved"})
    return p, vpn, printer


def test_notices_in_quiet_hours_are_held_and_delivered_once_as_one_digest_when_they_end(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, vpn, printer = night_news(w, clock)
    r = p.run_once()
    assert r.held == 3 and r.sent == 0 and r.digests == 0 and w.slack.posts("UEMP") == []
    assert w.notes(vpn.id) == [] and w.notes(printer.id) == []         # no work note before it is delivered
    assert {e.status for e in w.store.ledger_entries()} == {"held"}

    clock.t = paris(2026, 11, 25, 7, 59)
    assert p.run_once().digests == 0 and w.slack.posts("UEMP") == []
    clock.t = paris(2026, 11, 25, 8, 0)
    r = p.run_once()
    assert r.digests == 1 and r.digested == 3 and r.sent == 0
    [digest] = w.slack.posts("UEMP")
    text = text_of(digest)
    assert "news on 2 cases" in digest["text"]
    assert "Try the new VPN profile" in text and "A technician comes tomorrow" in text and "Resolved" in text
    views = [b["accessory"] for b in digest["blocks"] if "accessory" in b]
    assert {(a["action_id"], a["value"]) for a in views} == {(ids.VIEW_CASE, vpn.id), (ids.VIEW_CASE, printer.id)}
    entries = w.store.ledger_entries()
    assert {e.status for e in entries} == {"sent"} and len({e.digest_key for e in entries}) == 1
    assert len(w.notes(vpn.id)) == 1 and len(w.notes(printer.id)) == 2      # work notes follow the delivery

    for _ in range(2):
        r = p.run_once()
        assert r.digests == 0 and r.sent == 0
    p.release()
    other = w.poller(org=QUIET, now=clock)                     # another replica takes over: nothing again
    assert other.run_once().digests == 0 and len(w.slack.posts("UEMP")) == 1


def test_an_urgent_kind_goes_through_quiet_hours(world):
    w = world
    clock = Clock(paris(2026, 11, 24, 23))
    case = w.file("Laptop will not boot")
    p = w.poller(org=QUIET, now=clock)
    p.run_once()
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Which model is it?", "IsPublished": True})
    w.agent.Case.update(case.id, {"Status": "Waiting for user response"})
    r = p.run_once()
    assert r.sent == 1 and r.held == 1
    [msg] = w.slack.posts("UEMP")
    assert "waiting for your reply" in msg["text"]
    clock.t = paris(2026, 11, 25, 8, 5)
    assert p.run_once().digested == 1 and len(w.slack.posts("UEMP")) == 2


def test_quiet_hours_across_the_clock_change_end_at_eight_local(world):
    """Saturday 28 March 2026, 22:00 in Paris; the clocks go forward that night. Weekends are not quiet here:
    the digest comes at 08:00 CEST on Sunday, which is 06:00 UTC (not 07:00)."""
    w = world
    org = OrgConfig(notifications=NotificationsConfig(quiet_hours=QuietHoursConfig(weekends=False)))
    clock = Clock(datetime(2026, 3, 28, 21, tzinfo=UTC))
    p, vpn, _ = night_news(w, clock, org)
    assert p.run_once().held == 3
    clock.t = datetime(2026, 3, 29, 5, 59, tzinfo=UTC)
    assert p.run_once().digests == 0
    clock.t = datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert p.run_once().digests == 1 and len(w.slack.posts("UEMP")) == 1


def test_a_digest_cut_off_after_its_post_is_not_posted_again(world, monkeypatch):
    w = world
    clock = Clock(paris(2026, 11, 27, 20))                     # a Friday night: held until Monday 08:00
    p, vpn, printer = night_news(w, clock)
    p.run_once()
    clock.t = paris(2026, 11, 30, 8, 1)

    def killed(*a, **k):
        raise SystemExit("killed right after Slack accepted the digest")

    monkeypatch.setattr(w.store.holds, "mark_digest_sent", killed)
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.undo()
    assert len(w.slack.posts("UEMP")) == 1
    assert {e.status for e in w.store.ledger_entries()} == {"digesting"}
    assert w.notes(vpn.id) == []
    w.store.release_lease("poller", p.holder)
    r = w.poller(org=QUIET, now=clock).run_once()               # a new process: finds it in the DM history
    assert r.recovered_found == 1 and r.digests == 0 and len(w.slack.posts("UEMP")) == 1
    assert {e.status for e in w.store.ledger_entries()} == {"sent"} and len(w.notes(vpn.id)) == 1


def test_a_digest_that_never_reached_slack_is_sent_once_by_the_next_cycle(world, monkeypatch):
    w = world
    clock = Clock(paris(2026, 11, 24, 22))
    p, _, _ = night_news(w, clock)
    p.run_once()
    clock.t = paris(2026, 11, 25, 9)
    monkeypatch.setattr(p.messenger, "post", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        p.run_once()
    monkeypatch.undo()
    assert w.slack.posts("UEMP") == []
    w.store.release_lease("poller", p.holder)
    r = w.poller(org=QUIET, now=clock).run_once()
    assert r.recovered_resent == 1 and r.digests == 1 and r.digested == 3 and len(w.slack.posts("UEMP")) == 1


def test_notices_wait_while_the_person_talks_to_the_bot_then_go_out(world):
    w = world
    case = w.file("Screen flickers")
    p = w.poller()
    p.run_once()
    asked = w.store.questions.ask("UEMP", "pick", "close_case", carried={"op": "close_case"})   # the bot asked
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "New cable ordered", "IsPublished": True})
    r = p.run_once()
    assert r.sent == 0 and r.waiting == 1 and w.slack.posts("UEMP") == []
    assert p.run_once().sent == 0
    w.store.questions.take(asked, "UEMP", taker="msg:DUEMP:2")  # answered: the exchange is over
    assert p.run_once().sent == 1 and len(w.slack.posts("UEMP")) == 1


def test_a_recent_message_holds_notices_no_longer_than_the_maximum_wait(world):
    w = world
    case = w.file("Mouse stutters")
    clock = Clock(datetime.now(UTC))
    p = w.poller(now=clock)
    p.run_once()
    claim = w.store.intake.record("msg:DUEMP:1", "UEMP", {"text": "hi"}, holder="bot", lease_seconds=30)
    w.store.intake.finish("msg:DUEMP:1", claim.token)
    w.agent.CaseComment.create({"ParentId": case.id, "CommentBody": "Try another USB port", "IsPublished": True})
    assert p.run_once().waiting == 1
    w.store.questions.ask("UEMP", "pick", "close_case", carried={"op": "close_case"},
                          typed_ttl_seconds=3600)                       # and it goes on
    clock.t += timedelta(minutes=2)
    assert p.run_once().sent == 0
    clock.t += timedelta(minutes=1, seconds=1)                  # three minutes after it was due: out it goes
    assert p.run_once().sent == 1 and len(w.slack.posts("UEMP")) == 1


def test_a_digest_slack_refuses_is_held_again_and_failed_for_good_on_a_permanent_error(world):
    """The digest's post meets the one Slack error handling of single notices: a passing error puts its rows
    back (held, still due: the next cycle sends them), a permanent one fails them all, with no work note."""
    w = world
    clock = Clock(paris(2026, 11, 24, 21))
    p, vpn, printer = night_news(w, clock)
    assert p.run_once().held == 3
    clock.t = paris(2026, 11, 25, 8, 0)
    w.slack.fail_post_with = "internal_error"
    r = p.run_once()
    assert (r.digests, r.retried, r.failed) == (0, 1, 0) and "internal_error" in r.errors[0]
    assert {e.status for e in w.store.ledger_entries()} == {"held"}
    w.slack.fail_post_with = "account_inactive"
    r = p.run_once()
    assert (r.digests, r.retried, r.failed) == (0, 0, 3) and "account_inactive" in r.errors[0]
    assert {e.status for e in w.store.ledger_entries()} == {"failed"}
    w.slack.fail_post_with = None
    assert p.run_once().digests == 0 and w.slack.posts("UEMP") == [] and w.notes(vpn.id) == []
