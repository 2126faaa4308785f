"""Nudges: reminders about cases their person has left idle, a step of `Poller.run_once` (`Nudges.make`, built
with what it uses: the store, the directory for time zones, the timings; never the poller).

Computed from the store alone (the person's last activity, the poller-seen state, the counters; no Salesforce
call), only inside the nudge window in the person's Slack time zone, only for people who want them
(notifications/rules.py), and held like any other notice when they fall in the person's quiet hours.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from notifications import rules
from notifications.digests import Timings
from notifications.report import PollReport
from servicecloud.config import OrgConfig
from slackui.identity import Directory
from store import LedgerStatus, Store
from store.records import Lease


@dataclass(frozen=True)
class Nudges:
    store: Store
    directory: Directory
    timings: Timings
    org: OrgConfig
    now: Callable[[], datetime]
    lease_ttl: float

    def make(self, lease: Lease, report: PollReport) -> None:
        """Nudges for idle cases (store only, no Salesforce call), inside the nudge window of each person's zone,
        for the people who want them; held like any notice in quiet hours."""
        cfg = self.org.nudge
        if not cfg.enabled or cfg.max_per_case <= 0:
            return
        now = self.now()
        inactive_since, nudged_before = rules.nudge_thresholds(now, self.org)
        candidates = self.store.nudge_candidates(states=[str(s) for s in cfg.states], inactive_since=inactive_since,
                                              nudged_before=nudged_before, max_per_case=cfg.max_per_case)
        if not candidates:
            return
        zones: dict[str, str | None] = {}
        decisions = []
        for tc in candidates:
            uid = tc.slack_user_id
            if uid is None:
                continue
            if uid not in zones:
                zones[uid] = self.directory.time_zone(uid, report.errors)
            if not rules.in_sending_window(now, zones[uid], self.org):
                continue
            decisions.append(rules.nudge_decision(
                case_id=tc.case_id, slack_user_id=uid, case_number=tc.case_number, subject=tc.subject,
                status=tc.seen_status or tc.status, state=tc.seen_state or tc.state,
                last_user_activity=tc.last_user_activity, nudge_count=tc.nudge_count, now=now, org=self.org))
        prefs = self.store.preferences.of({d.slack_user_id for d in decisions})
        decisions = [d for d in decisions if rules.wanted(d.kind, prefs.get(d.slack_user_id, {}), self.org)]
        if not decisions:
            return
        due = self.timings.due_times(decisions, now, report)
        with self.store.transaction() as tx:
            tx.require_lease(lease.name, lease.holder, lease.token, self.lease_ttl)
            for d in decisions:
                held, version = due[d.key]
                if tx.add_ledger(case_id=d.case_id, kind=d.kind, source_id=d.source_id,
                                 slack_user_id=d.slack_user_id, payload=d.payload, status=LedgerStatus.HELD if held else LedgerStatus.PENDING,
                                 due_at=held or now, timing_version=version if held else None) is not None:
                    report.nudges += 1
                    report.decided += 1
                    report.held += int(bool(held))
                tx.record_nudge(d.case_id, now)
