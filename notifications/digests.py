"""Held notices: when each decided notice may go out, and the digests that deliver the held ones.

Steps of `Poller.run_once` (notifications/poller.py), methods of `Timings` and `Digests`, built with what they
use (the store, the directory for time zones, the messenger and the sender, the org; never the poller):
- `Timings.due_times`: for each decision, None (send now) or when it is held until (its person's quiet hours, daily
  digest; notifications/timing.py), read once per cycle for the people the decisions concern, with the
  version of the settings that decided it (stored on the held row);
- `Digests.retime`: held notices of people who changed those settings since: their due time decided again under
  the new ones (now: they go out in this cycle's digest; later: they wait for the new time);
- `Digests.recover`: digests left `digesting` by a cycle that was cut off: found in the DM history by their key
  -> `sent`, else `held` again (still due: the next digest holds them);
- `Digests.send`: each person's due held notices, claimed together (store.holds, fenced by the lease) and
  posted as ONE message keyed by the notices it holds; `sent` once Slack has it. A person talking to the bot
  gets it when the exchange ends (or after the maximum wait).
"""
from __future__ import annotations

import hashlib
import logging
from functools import partial
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from notifications import cards, timing
from notifications.report import PollReport
from notifications.rules import Decision
from notifications.delivery import Sender
from notifications.slack import HistoryUnavailable, Messenger
from servicecloud.config import OrgConfig
from slackui import fit
from slackui.identity import Directory
from store import LeaseLost, LedgerEntry, Store
from store.records import Lease

log = logging.getLogger("notifications.poller")

MAX_CASES = 40                         # a digest's blocks: one per case, plus its head and foot (Slack: 50)
MAX_BLOCK_TEXT = fit.MESSAGE_BLOCK_TEXT - 1000     # all text of its blocks (Slack refuses from about 11,000)


class Due(NamedTuple):
    """When a decided notice may go out, and the version of its person's timing settings that said so."""

    at: datetime | None          # None: now; else it is held until then
    version: int | None = None   # store/preferences.py `TimingChoice.version` (0: the person never changed them)


@dataclass(frozen=True)
class Timings:
    """When a person's notices may go out: their timing settings (store) in their time zone (the directory)."""

    store: Store
    directory: Directory
    org: OrgConfig

    def of(self, slack_user_ids: Iterable[str], report: PollReport) -> dict[str, tuple[timing.Timing, int]]:
        """slack user id -> their `Timing` and the version of their settings it was made from. The time zone is
        looked up (store, else users.info) only for people whose notices can be held at all."""
        ids = set(slack_user_ids)
        choices = self.store.preferences.timing_of(ids) if ids else {}
        out: dict[str, tuple[timing.Timing, int]] = {}
        for uid in ids:
            choice = choices.get(uid)
            plain = timing.timing_for(None, choice, self.org)
            out[uid] = (timing.timing_for(self.directory.time_zone(uid, report.errors), choice, self.org)
                        if plain.holds_anything else plain, choice.version if choice else 0)
        return out

    def due_times(self, decisions: Iterable[Decision], now: datetime, report: PollReport,
                  ) -> dict[tuple[str, str, str], Due]:
        """decision key -> its `Due` (a muted decision: now; it is never sent)."""
        decisions = list(decisions)
        by_person = self.of({d.slack_user_id for d in decisions if not d.muted}, report)
        out = {d.key: Due(None) for d in decisions}
        for d in decisions:
            if not d.muted:
                rule, version = by_person[d.slack_user_id]
                out[d.key] = Due(timing.due_at(d.kind, now, rule), version)
        return out


def digest_key(entries: Iterable[LedgerEntry]) -> str:
    """The digest's message key: the same notices give the same key (so a retried post is found, not doubled)."""
    ids = ",".join(str(i) for i in sorted(e.id for e in entries))
    return "digest:" + hashlib.sha256(ids.encode()).hexdigest()[:40]


def plan(entries: list[LedgerEntry]) -> list[list[LedgerEntry]]:
    """One person's due held notices cut into digests that each fit one message: whole cases, in the order
    their first notice was decided, at most MAX_CASES cases and MAX_BLOCK_TEXT of text each."""
    by_case: dict[str, list[LedgerEntry]] = {}
    for e in entries:
        by_case.setdefault(e.case_id, []).append(e)
    digests: list[list[LedgerEntry]] = []
    current: list[LedgerEntry] = []
    cases = size = 0
    for news in by_case.values():
        block = cards.digest_case([(e.kind, e.payload) for e in news])
        grows = fit.block_text(block)
        if current and (cases >= MAX_CASES or size + grows > MAX_BLOCK_TEXT):
            digests.append(current)
            current, cases, size = [], 0, 0
        current.extend(news)
        cases += 1
        size += grows
    if current:
        digests.append(current)
    return digests


@dataclass(frozen=True)
class Digests:
    """The held notices' steps: re-timed, recovered after a cut-off, sent as digests."""

    store: Store
    messenger: Messenger
    sender: Sender
    timings: Timings
    org: OrgConfig
    now: Callable[[], datetime]
    lease_ttl: float
    resend_when_unsure: bool

    def retime(self, lease: Lease, report: PollReport) -> None:
        """Held notices whose person changed their quiet hours or daily digest since they were held: their due
        time decided again, as if they were decided now under the new settings. One now due goes out with the
        person's digest in this cycle (`send` runs next); one already due keeps its time."""
        stale = self.store.holds.out_of_date()
        if not stale:
            return
        now = self.now()
        by_person = self.timings.of({e.slack_user_id for e in stale}, report)
        due: dict[int, tuple[datetime, int]] = {}
        for e in stale:
            rule, version = by_person[e.slack_user_id]
            due[e.id] = (timing.due_at(e.kind, now, rule) or min(now, e.due), version)
        report.retimed += self.store.holds.retime(due, lease=lease, ttl_seconds=self.lease_ttl)

    def recover(self, report: PollReport) -> None:
        """Digests left `digesting` by a cycle that was cut off: in the DM history -> `sent`; else held again."""
        groups: dict[str, list[LedgerEntry]] = {}
        for e in self.store.holds.digests_in_doubt():
            groups.setdefault(e.digest_key or "", []).append(e)
        for key, group in groups.items():
            since = min(e.attempt_at or e.created_at for e in group)
            try:
                found = self.messenger.find_sent(group[0].slack_user_id, key, since=since)
            except HistoryUnavailable as exc:
                if not self.resend_when_unsure:
                    log.warning("cannot read the DM history (%s): not resending digest %s", exc, key)
                    self.store.holds.release_digest(key, error=f"in doubt: {exc}", failed=True)
                    continue
                log.warning("cannot read the DM history (%s): resending digest %s", exc, key)
                found = None
            except Exception as exc:
                report.errors.append(f"recover {key}: {exc}")
                continue
            if found:
                self.store.holds.mark_digest_sent(key, channel=found.channel, message_ts=found.ts)
                report.recovered_found += 1
            else:
                self.store.holds.release_digest(key, error="resent after an interrupted digest")
                report.recovered_resent += 1

    def send(self, lease: Lease, report: PollReport) -> None:
        """Each person's due held notices as one digest message (more than one only when they do not fit)."""
        now = self.now()
        by_person: dict[str, list[LedgerEntry]] = {}
        for e in self.store.holds.due_held(now):
            by_person.setdefault(e.slack_user_id, []).append(e)
        talks = self.store.holds.talk_activity(by_person) if by_person else {}
        for uid, entries in by_person.items():
            if timing.waits_for_talk(now, min(e.due for e in entries), talks.get(uid), self.org.notifications):
                report.waiting += 1
                continue
            for group in plan(entries):
                self._send_one(lease, report, uid, group)

    def _send_one(self, lease: Lease, report: PollReport, uid: str, group: list[LedgerEntry]) -> None:
        key = digest_key(group)
        if not self.store.holds.claim_digest([e.id for e in group], key, lease=lease, ttl_seconds=self.lease_ttl):
            if not self.store.check_lease(lease):
                raise LeaseLost("lease lost while sending a digest")
            return                                             # another replica's already

        def give_up(err: str, final: bool) -> int:
            self.store.holds.release_digest(key, error=err, failed=final)
            return len(group) if final else 0

        posted = self.sender.post(report, uid, key, partial(cards.digest, [(e.kind, e.payload) for e in group]),
                                  attempts=max(e.attempts for e in group), give_up=give_up)
        if posted is None:
            return                                             # released, failed, or left `digesting` for recovery
        report.digested += self.store.holds.mark_digest_sent(key, channel=posted.channel, message_ts=posted.ts)
        report.digests += 1
        report.sent_keys.extend((e.case_id, e.kind, e.source_id) for e in group)
