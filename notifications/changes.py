"""The poller's change step (`Changes.poll`, a step of `Poller.run_once`, built with what it uses; never the
poller): fetch the change feed from the watermark, hand the changed cases to the read model, decide the notices
(notifications/rules.py) and the channel threads' updates (notifications/channelsync.py), and record them, the
tracked cases' last-seen states and the new watermark in ONE transaction fenced by the poller lease. Which Slack
user a contact is, is asked only for the contacts something would be sent to.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from notifications import channelsync, rules
from notifications.digests import Timings
from notifications.homes import HomeRepublisher
from notifications.report import PollReport
from notifications.surveys import Surveys
from servicecloud.config import OrgConfig
from servicecloud.errors import CaseDeskError, SalesforceUnavailable
from servicecloud.models import CaseView
from servicecloud.protocols import ChangeFeed
from servicecloud.soql import status_write_key
from slackui.identity import Directory
from store import LedgerStatus, Store
from store.records import Lease

log = logging.getLogger("notifications.poller")      # the poller's: its lines keep their name

LEASE_NAME = "poller"
STREAM = "cases"
SETTLED = "cases:settled"      # the watermark value whose late commits a fetch has already covered


class CaseFeed(Protocol):
    """What the poller hands every changed case to: the read model of employees' cases (bot/readmodel.py)."""

    def feed(self, views: Sequence[CaseView], at: datetime) -> object: ...


class Changes:
    """The change feed, decided and recorded. Keeps what it learns once: the integration user's Id and the
    permission whose absence hides agents' changes from the feed (`blind_spot`, checked once)."""

    def __init__(self, *, store: Store, desk: ChangeFeed, directory: Directory, org: OrgConfig, timings: Timings,
                 surveys: Surveys, now: Callable[[], datetime], overlap: timedelta, lease_ttl: float,
                 read_model: CaseFeed | None = None, homes: HomeRepublisher | None = None):
        self.store, self.desk, self.directory, self.org = store, desk, directory, org
        self.timings, self.surveys, self.now = timings, surveys, now
        self.overlap, self.lease_ttl = overlap, lease_ttl
        # the read model of employees' cases (bot/readmodel.py: `feed(cases, fetched_at)`) takes every changed
        # case; the Home tab of an employee whose case changed is published again from it (no Salesforce call)
        self.read_model, self.homes = read_model, homes
        self._integration_user_id: str | None = None
        # The permission whose absence hides agents' changes from the change feed (checked once), or None.
        self.blind_spot: str | None = None
        self._sharing_checked = False

    @property
    def integration_user_id(self) -> str | None:
        if self._integration_user_id is None:
            self._integration_user_id = getattr(self.desk, "integration_user_id", None)
        return self._integration_user_id

    def poll(self, lease: Lease, report: PollReport) -> None:
        """Fetch the changes since the watermark, decide the notices (and channel thread updates), and record them
        with the tracked cases' last-seen states and the new watermark in one transaction fenced by the lease."""
        stored, stored_at = self.store.get_watermark_since(STREAM)
        settled = self.store.get_watermark(SETTLED)
        fetched_at = self.now()
        since = self._since(stored, settled)
        try:
            changes = self.desk.changes_since(since)
        except SalesforceUnavailable as exc:
            report.api_calls += 1
            report.errors.append(f"change feed: {exc.user_message}")
            return
        report.api_calls += changes.api_calls or 1
        report.cases, report.comments = len(changes.cases), len(changes.comments)
        report.replies = len(changes.replies)
        if self.read_model is not None:
            report.timed("read_model", self._feed_read_model, self.read_model, changes.cases, fetched_at)
        if not self._sharing_checked:
            self._check_sharing(report)
        if not self.integration_user_id:
            # Without it the bot's own comments would look like an agent's: decide nothing, keep the watermark.
            report.errors.append("the integration user's Id is unknown; changes left for the next cycle")
            return

        reply_cases, replies = changes.reply_cases, changes.replies
        contacts = {c.contact_id for c in [*changes.cases, *reply_cases] if c.contact_id}
        contacts |= {c.contact_id for c in changes.comments if c.contact_id}
        contacts |= {r.contact_id for r in replies if r.contact_id}
        users = {cid: rec.slack_user_id for cid, rec in self.store.users_by_contacts(contacts).items()}
        case_ids = {c.id for c in changes.cases} | {c.case_id for c in changes.comments} | {r.case_id for r in replies}
        known = {cid: rules.KnownCase(tc.slack_user_id, tc.seen_state, tc.muted)
                 for cid, tc in self.store.tracked_cases(case_ids).items()}

        writes = self._own_writes(changes.cases)
        own = {cid: status for cid, (status, _at) in writes.items()}

        def decide(users_by_contact: Any) -> rules.Outcome:
            return rules.decide_changes(cases=changes.cases, comments=changes.comments,
                                        users_by_contact=users_by_contact, known=known,
                                        integration_user_id=self.integration_user_id, org=self.org,
                                        window_start=(stored - self.overlap) if stored else None,
                                        own_statuses=own, replies=replies, reply_cases=reply_cases)

        unknown = contacts - users.keys()
        if unknown:
            # Ask Slack only about contacts something would be sent to (not every customer of the org):
            # decide once as if every contact had a Slack user, then look those contacts up by email.
            probe = decide(_EveryContact(users))
            wanted = {d.slack_user_id[len(_PROBE):] for d in probe.decisions if d.slack_user_id.startswith(_PROBE)}
            emails = {c.contact_id: c.contact_email for c in [*changes.cases, *reply_cases]
                      if c.contact_id and c.contact_email}
            for cid in sorted(wanted):
                uid = self.directory.user_of_contact(cid, emails.get(cid), report.errors)
                if uid:
                    users[cid] = uid
        outcome = decide(users)
        threads = self.store.channel_cases.of_cases(case_ids) if self.org.channels.enabled else {}
        posts = channelsync.decide(cases=changes.cases, answers=[*changes.comments, *replies], reply_cases=reply_cases,
                                   threads=threads, seen_states={cid: k.seen_state for cid, k in known.items()},
                                   own_writes=writes,
                                   integration_user_id=self.integration_user_id, org=self.org) if threads else []
        deciders = {d.slack_user_id for d in outcome.decisions}
        outcome.decisions = rules.honour_preferences(outcome.decisions, self.store.preferences.of(deciders), self.org)
        due = self.timings.due_times(outcome.decisions, fetched_at, report)
        new_mark = changes.watermark or max((x for x in (
            *(c.system_modstamp for c in changes.cases), *(c.system_modstamp for c in changes.comments),
            *(r.system_modstamp for r in replies)) if x is not None), default=None) or stored
        if stored and new_mark and new_mark < stored:
            new_mark = stored                                  # never move backwards
        if stored is None and new_mark is None:
            new_mark = self.now() - self.overlap               # first run on an empty org: start here
        with self.store.transaction() as tx:
            tx.require_lease(LEASE_NAME, lease.holder, lease.token, self.lease_ttl)
            for u in outcome.updates:
                tx.track_case(u.case_id, contact_id=u.contact_id, slack_user_id=u.slack_user_id,
                              case_number=u.case_number, status=u.status, state=u.state, subject=u.subject)
            for d in outcome.decisions:
                held, version = due[d.key]
                row = tx.add_ledger(case_id=d.case_id, kind=d.kind, source_id=d.source_id,
                                    slack_user_id=d.slack_user_id, payload=d.payload, note=not d.muted,
                                    status=(LedgerStatus.MUTED if d.muted else LedgerStatus.HELD if held
                                            else LedgerStatus.PENDING),
                                    due_at=held or fetched_at, timing_version=version if held else None)
                if row is None:
                    report.duplicates += 1
                else:
                    report.decided += 1
                    report.muted += int(d.muted)
                    report.held += int(bool(held) and not d.muted)
            for post in channelsync.ledger_rows(posts):     # the same transaction: posted once, as the DMs
                if tx.add_ledger(**post, status=LedgerStatus.PENDING, due_at=fetched_at) is not None:
                    report.channel_decided += 1
            if new_mark != stored:
                tx.set_watermark(STREAM, new_mark)     # updated_at = when this value was first reached
            elif self._covers_late_commits(stored, stored_at, settled, since, fetched_at):
                tx.set_watermark(SETTLED, stored)
        report.watermark = new_mark
        self.surveys.withdraw_reopened(outcome.updates, report)     # ratings of cases reopened before an answer
        if self.homes is not None:
            self.homes.add(users[c.contact_id] for c in changes.cases if c.contact_id in users)
            self.homes.publish_due()

    @staticmethod
    def _feed_read_model(read_model: CaseFeed, cases: list[CaseView], fetched_at: datetime) -> None:
        try:
            read_model.feed(cases, fetched_at)
        except Exception:  # the read model must never stop notifications
            log.exception("could not apply %d changed case(s) to the read model", len(cases))

    def _since(self, stored: datetime | None, settled: datetime | None) -> datetime | None:
        """Where the next fetch starts. A record whose transaction commits late carries a SystemModstamp
        before the watermark (Salesforce stamps a record when it is saved, not when its transaction
        commits). So every fetch starts `overlap` before the watermark (rows read again hit the ledger's
        unique keys) until one successful fetch has covered that watermark's late commits
        (`_covers_late_commits`); only then does it start exactly at the watermark, so a bulk change sharing
        one timestamp is not re-read forever. No gap in polling, however long, ends the overlap: only a
        successful fetch does. None (first run) asks the change feed to start from Salesforce's "now"."""
        if stored is None:
            return None
        if settled is not None and settled == stored:
            return stored
        return stored - self.overlap

    def _covers_late_commits(self, stored: datetime | None, stored_at: datetime | None,
                             settled: datetime | None, since: datetime | None, fetched_at: datetime) -> bool:
        """True when this successful fetch read the overlap and began at least `overlap` after the watermark
        was reached (both on our clock, so skew with Salesforce does not matter): every transaction stamped
        at or before the watermark has committed by then, so later fetches may start at the watermark."""
        return (stored is not None and stored_at is not None and settled != stored and since is not None
                and since < stored and fetched_at - stored_at >= self.overlap)

    def _check_sharing(self, report: PollReport) -> None:
        """Once: can the change feed see every case? If sharing hides cases Concierge does not own, say which
        permission is missing (log and this cycle's report); the feed goes on with what it sees."""
        check = getattr(self.desk, "sharing_gap", None)
        if check is None:
            self._sharing_checked = True
            return
        try:
            self.blind_spot = check()
        except CaseDeskError as exc:
            report.errors.append(f"sharing check: {exc}")
            return
        finally:
            report.api_calls += 1
        self._sharing_checked = True
        if self.blind_spot:
            message = (f"the change feed cannot see cases Concierge's Salesforce user does not own, so agents' "
                       f"changes on them are never notified; missing permission: {self.blind_spot}")
            log.warning("%s", message)
            report.errors.append(message)

    def _own_writes(self, cases: list[Any]) -> dict[str, tuple[str, datetime]]:
        """case Id -> (the status Concierge last wrote on it, when) (by Id or by number, the newer record wins)."""
        keys = {c.id: (status_write_key(c.id), c.case_number) for c in cases}
        writes = self.store.status_writes(k for pair in keys.values() for k in pair if k)
        out: dict[str, tuple[str, datetime]] = {}
        for case_id, pair in keys.items():
            found = [writes[k] for k in pair if k in writes]
            if found:
                out[case_id] = max(found, key=lambda w: w[1])
        return out


_PROBE = "?contact:"


class _EveryContact(dict):
    """A users-by-contact mapping in which every contact has a (placeholder) Slack user."""

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return f"{_PROBE}{key}" if key else default


