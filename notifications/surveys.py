"""The rating a resolution notice carries (issue 24, docs/csat.md): whether it carries one, and withdrawing it.

A resolved or closed notice sent on its own (not in a digest) carries a survey when the org has ratings on,
the person is not in their quiet hours (a notice of an urgent kind goes through quiet hours: its survey does
not), they did not close the case themselves, and they were offered no other survey within
`csat.once_per_days` (store/surveys.py `offer`, one row per notice: a notice sent again after a cut-off send
carries the same survey, so it is exactly once like the notice). A notice held for quiet hours or a daily
digest goes out in the digest without a rating: a summary of several cases asks nothing.

When a case with an unanswered survey is seen open again (reopened before an answer), the survey is withdrawn:
its buttons are replaced by a line saying so, and a late click is answered kindly (bot/csat.py).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from notifications import cards, rules, timing
from notifications.report import PollReport
from notifications.slack import Messenger
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.soql import status_write_key
from slackui import rating
from slackui.identity import Directory
from store import LedgerEntry, Store
from store.surveys import Survey

log = logging.getLogger("notifications.poller")

RATED_KINDS = frozenset({rules.RESOLVED, rules.CLOSED})
WITHDRAWN = "This case was reopened, so there's nothing to rate for now. I'll ask again once it's resolved."


def may_offer(org: OrgConfig, kind: str, now: datetime, rule: timing.Timing, *, closed_by_them: bool) -> bool:
    """Pure: may a notice of `kind` going out at `now` carry a survey (before the once-per-period check)?"""
    return (org.csat.enabled and kind in RATED_KINDS and not closed_by_them
            and not timing.is_quiet(now, rule.zone, rule.quiet))


def render(entry: LedgerEntry, survey: Survey | None, org: OrgConfig, slash_command: str,
           ) -> tuple[str, list[dict[str, Any]]]:
    """The notice's card, with the survey's question and rating row under it when it carries one."""
    text, blocks = cards.render(entry.kind, entry.payload, slash_command=slash_command)
    if survey is not None:
        blocks = [*blocks, *rating.survey_blocks(survey.id, org.csat.scale)]
    return text, blocks


@dataclass(frozen=True)
class Surveys:
    """The ratings resolution notices carry, built with what they use (never the poller)."""

    store: Store
    messenger: Messenger
    directory: Directory
    org: OrgConfig
    now: Callable[[], datetime]
    slash_command: str

    def survey_for(self, entry: LedgerEntry, report: PollReport) -> Survey | None:
        """The survey `entry`'s notice carries, or None. Called with the row claimed (under the poller lease)."""
        if not self.org.csat.enabled or entry.kind not in RATED_KINDS:
            return None
        try:
            snap = rules.snapshot_from_json(entry.kind, entry.payload)
            choice = self.store.preferences.timing_of({entry.slack_user_id}).get(entry.slack_user_id)
            rule = timing.timing_for(self.directory.time_zone(entry.slack_user_id, report.errors), choice, self.org)
            if not may_offer(self.org, entry.kind, self.now(), rule, closed_by_them=self._closed_by_them(entry)):
                return None
            return self.store.surveys.offer(
                entry.id, case_id=entry.case_id, slack_user_id=entry.slack_user_id, resolution=entry.source_id,
                kind=entry.kind, case_number=snap.case_number, case_type=getattr(snap, "type", None),
                agent=getattr(snap, "agent", None) or snap.assignee,
                once_per=timedelta(days=self.org.csat.once_per_days))
        except Exception:  # a survey must never stop the notice
            log.exception("could not decide the survey of %s", entry.id)
            return None

    def _closed_by_them(self, entry: LedgerEntry) -> bool:
        """Did the employee close the case themselves (the status Concierge last wrote on it is the user close)?"""
        number = entry.payload.get("case_number")
        writes = self.store.status_writes([k for k in (status_write_key(entry.case_id), number) if k])
        if not writes:
            return False
        status, _ = max(writes.values(), key=lambda w: w[1])
        return status == self.org.statuses.on_user_close

    def withdraw_reopened(self, updates: Iterable[rules.CaseUpdate], report: PollReport) -> None:
        """Cases seen open again: their unanswered surveys are withdrawn and the buttons replaced."""
        if not self.org.csat.enabled:
            return
        reopened = [u.case_id for u in updates if u.state not in (CanonicalState.RESOLVED, CanonicalState.CLOSED)]
        if not reopened:
            return
        for s in self.store.surveys.withdraw(reopened):
            report.surveys_withdrawn += 1
            if not (s.channel and s.message_ts):
                continue
            entry = self.store.ledger_entry(s.case_id, s.kind, s.resolution)
            try:
                text, blocks = cards.render(s.kind, entry.payload if entry else {"case_id": s.case_id},
                                            slash_command=self.slash_command)
                self.messenger.client.chat_update(channel=s.channel, ts=s.message_ts, text=text,
                                               blocks=rating.closed(blocks, s.id, WITHDRAWN))
            except Exception as exc:  # the click is answered kindly anyway (bot/csat.py)
                report.errors.append(f"withdraw survey {s.id}: {exc}")
