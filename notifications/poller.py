"""The poller: one cycle = lease, recover, fetch changes, decide + record, nudges, re-time held notices,
digests, send, work notes.

Exactly-once, in short (docs/notifications.md has the reasoning):
1. The decisions, the tracked cases' last-seen states and the new watermark are written in ONE transaction,
   fenced by the poller lease (a replica that lost the lease cannot commit). Each decision is a ledger row
   with a unique key (case, kind, source record), status `pending`; re-fetched records (the watermark
   overlaps by a safety margin) hit the unique key and are dropped.
2. Each pending row is claimed (`sending`, fenced by the lease) and its DM is posted with the ledger key in
   the message metadata; then the row is marked `sent`.
3. A row found `sending` at the start of a cycle was cut off between 2's post and mark: the DM history is
   searched for its key; found -> `sent`, not found -> sent now.
4. Work notes (private CaseComments) for sent rows are written in batches of 200 per API call.
Cases filed from channels get their thread's rows (agents' public replies, status reactions) in the same
transaction, delivered by the same claim/mark steps (notifications/channelsync.py), with no Salesforce call.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from notifications import channelsync, rules
from notifications.delivery import Delivery, Sender
from notifications.digests import Digests, Timings
from notifications.homes import home_republisher
from notifications.nudges import Nudges
from notifications.report import PollReport, ledger_key
from notifications.slack import Messenger
from notifications.surveys import Surveys
from servicecloud.config import OrgConfig
from servicecloud.errors import CaseDeskError, SalesforceUnavailable
from servicecloud.models import CaseView
from servicecloud.protocols import ChangeFeed
from servicecloud.soql import status_write_key
from slackui.identity import Directory
from store import LeaseLost, LedgerStatus, Store

log = logging.getLogger(__name__)

LEASE_NAME = "poller"
STREAM = "cases"
SETTLED = "cases:settled"      # the watermark value whose late commits a fetch has already covered
__all__ = ["LEASE_NAME", "STREAM", "PollReport", "Poller", "default_holder", "ledger_key"]


class CaseFeed(Protocol):
    """What the poller hands every changed case to: the read model of employees' cases (bot/readmodel.py)."""

    def feed(self, views: Sequence[CaseView], at: datetime) -> object: ...


def default_holder() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"


class Poller:
    """Polls Salesforce through a CaseDesk and DMs employees through Slack. One `run_once()` is one cycle;
    `notifications.start` schedules it. Only the lease holder works; other replicas report `standby`."""

    def __init__(self, *, store: Store, desk: ChangeFeed, client: Any = None, messenger: Messenger | None = None,
                 org: OrgConfig | None = None, holder: str | None = None, interval_seconds: float = 30.0,
                 lease_ttl_seconds: float | None = None, overlap_seconds: float = 300.0,
                 max_sends_per_cycle: int = 500, max_attempts: int = 5, resend_when_unsure: bool = True,
                 slash_command: str | None = None, now: Callable[[], datetime] | None = None,
                 per_conversation_interval: float = 1.0, read_model: CaseFeed | None = None,
                 publish_home: Callable[[str], None] | None = None, max_homes_per_cycle: int | None = None,
                 directory: Directory | None = None):
        if messenger is None:
            if client is None:
                raise ValueError("Poller needs a Slack WebClient (client=) or a Messenger (messenger=)")
            messenger = Messenger(client, per_conversation_interval=per_conversation_interval,
                                  dms=directory.dms if directory is not None else None)
        self.store, self.desk, self.messenger = store, desk, messenger
        # who is who (slackui/identity.py): the Slack user of a contact, a person's time zone, the DM channel
        self.directory = directory if directory is not None else Directory(store=store, client=messenger.client,
                                                                           dms=messenger.dms)
        self.org = org or getattr(desk, "org", None) or OrgConfig()
        self.holder = holder or default_holder()
        self.interval = interval_seconds
        self.lease_ttl = lease_ttl_seconds or max(30.0, 3 * interval_seconds)
        self.overlap = timedelta(seconds=overlap_seconds)
        self.max_sends = max_sends_per_cycle
        self.max_attempts = max_attempts
        self.resend_when_unsure = resend_when_unsure
        self.slash_command = slash_command or self.org.slash_command
        self.now = now or (lambda: datetime.now(UTC))
        # the read model of employees' cases (bot/readmodel.py: `feed(cases, fetched_at)`) takes every changed
        # case; the Home tab of an employee whose case changed is published again from it (no Salesforce call)
        self.read_model = read_model
        self.publish_home = publish_home
        self.homes = home_republisher(publish_home, max_homes_per_cycle, interval_seconds)   # homes.py
        self._integration_user_id: str | None = None
        # The permission whose absence hides agents' changes from the change feed (checked once), or None.
        self.blind_spot: str | None = None
        self._sharing_checked = False
        self._run_lock = threading.Lock()
        # cases filed from channels: their threads get agents' public replies and status reactions (channelsync.py)
        self.channels = channelsync.ChannelSync(store, messenger.client, pace=messenger.pace,
                                                max_attempts=max_attempts, lease_ttl=self.lease_ttl,
                                                limit=max_sends_per_cycle)
        # the steps, each built with the pieces it uses (the poller keeps the lease and their order)
        sender = Sender(messenger, max_attempts)
        self.surveys = Surveys(store, messenger, self.directory, self.org, self.now, self.slash_command)
        self.timings = Timings(store, self.directory, self.org)
        self.delivery = Delivery(store, messenger, sender, self.surveys, desk, self.org, self.slash_command,
                                 self.now, max_sends_per_cycle, self.lease_ttl, resend_when_unsure)
        self.digests = Digests(store, messenger, sender, self.timings, self.org, self.now, self.lease_ttl,
                               resend_when_unsure)
        self.nudges = Nudges(store, self.directory, self.timings, self.org, self.now, self.lease_ttl)

    # ------------------------------------------------------------------------------------------ cycle
    def run_once(self) -> PollReport:
        report = PollReport(holder=self.holder)
        with self._run_lock:
            t0 = time.perf_counter()
            lease = self.store.acquire_lease(LEASE_NAME, self.holder, self.lease_ttl)
            if lease is None:
                report.standby = True
                report.durations["total"] = time.perf_counter() - t0
                return report
            try:
                self._timed(report, "recover", self.delivery.recover, lease, report)
                self._timed(report, "recover_channels", self.channels.recover, lease, report)
                self._timed(report, "recover_digests", self.digests.recover, report)
                self._timed(report, "poll", self._poll, lease, report)
                self._timed(report, "nudges", self.nudges.make, lease, report)
                self._timed(report, "retime", self.digests.retime, lease, report)
                self._timed(report, "digests", self.digests.send, lease, report)
                self._timed(report, "send", self.delivery.send, lease, report)
                self._timed(report, "channels", self.channels.send, lease, report)
                self._timed(report, "notes", self.delivery.write_notes, report)
            except LeaseLost as exc:
                report.errors.append(f"lease lost: {exc}")
                log.warning("poller %s lost its lease mid-cycle; standing by", self.holder)
            report.durations["total"] = time.perf_counter() - t0
        if report.errors:
            log.warning("%s", report.summary())
        else:
            log.debug("%s", report.summary())
        return report

    @staticmethod
    def _timed(report: PollReport, name: str, fn: Callable[..., None], *args: Any) -> None:
        t = time.perf_counter()
        try:
            fn(*args)
        finally:
            report.durations[name] = time.perf_counter() - t

    def release(self) -> None:
        """Give the lease up (clean shutdown): a standby replica takes over at its next cycle."""
        self.store.release_lease(LEASE_NAME, self.holder)

    @property
    def integration_user_id(self) -> str | None:
        if self._integration_user_id is None:
            self._integration_user_id = getattr(self.desk, "integration_user_id", None)
        return self._integration_user_id

    # ------------------------------------------------------------------------------------------ steps
    def _poll(self, lease, report: PollReport) -> None:
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
            self._timed(report, "read_model", self._feed_read_model, self.read_model, changes.cases, fetched_at)
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


