"""Delivering the ledger: single notices (claim, post, mark), their recovery after a cut-off, and the work notes.

Steps of `Poller.run_once` (notifications/poller.py), methods of `Delivery`, which is built with what they use
(the store, the messenger, the surveys, the desk's work notes, the org; never the poller):
- `recover`: rows left `sending` by a cycle that was cut off: found in the DM history -> `sent`, else
  sent again;
- `send`: every `pending` row, claimed first (fenced by the lease), interleaved across people; a row
  whose person is talking to the bot waits (notifications/timing.py `waits_for_talk`);
- `write_notes`: the private work notes of the rows delivered (sent alone or in a digest), 200 per call.
Held rows (quiet hours, daily digest) are never sent here: notifications/digests.py delivers them. Posting one
DM (a notice or a digest) is `Sender.post`: render, post (into the case's thread for a notice), count.
"""
from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError

from notifications import cards, rules, surveys, threads, timing
from notifications.report import PollReport, ledger_key
from notifications.slack import PERMANENT_ERRORS, HistoryUnavailable, Messenger, Posted, slack_error
from servicecloud.config import OrgConfig
from servicecloud.errors import CaseDeskError, SalesforceUnavailable
from servicecloud.models import WorkNoteResult
from store import LeaseLost, LedgerEntry, LedgerStatus, NoteStatus, Store
from store.records import Lease

log = logging.getLogger("notifications.poller")

WORK_NOTE_BATCH = 200


class WorkNotes(Protocol):
    """The desk as the work notes need it (servicecloud.protocols.Desk has it)."""

    def add_work_notes(self, notes: Any) -> list[WorkNoteResult]: ...


@dataclass(frozen=True)
class Sender:
    """Posting one DM for a step (a single notice here, a digest in digests.py), and what a Slack error does."""

    messenger: Messenger
    max_attempts: int

    def post(self, report: PollReport, user_id: str, key: str,
             render: Callable[[], tuple[str, list[dict[str, Any]]]], *, attempts: int,
             give_up: Callable[[str, bool], int], send: Callable[..., Posted] | None = None) -> Posted | None:
        """Render and post one DM carrying `key` (a single notice here, a digest in digests.py); None if not posted.
        A Slack error is counted in the report and `give_up(error, final)` puts the rows back, or fails them when
        `final` (a permanent error, or the last of `max_attempts`), and says how many failed. Any other error leaves
        the rows `sending`: the next cycle recovers them (`Delivery.recover`). `send(text, blocks, key=)` posts it
        (default: in the DM; a single notice goes into its case's thread, notifications/threads.py)."""
        try:
            text, blocks = render()
            if send is not None:
                return send(text, blocks, key=key)
            return self.messenger.post(user_id, text, blocks, key=key)
        except SlackApiError as exc:
            err = slack_error(exc)
            final = err in PERMANENT_ERRORS or attempts + 1 >= self.max_attempts
            report.failed += give_up(err, final)
            report.retried += int(not final)
            report.errors.append(f"chat.postMessage {key}: {err}")
        except Exception as exc:
            report.errors.append(f"chat.postMessage {key}: {exc}")
        return None


@dataclass(frozen=True)
class Delivery:
    """The single notices' steps, built with what they use."""

    store: Store
    messenger: Messenger
    sender: Sender
    surveys: surveys.Surveys
    desk: WorkNotes
    org: OrgConfig
    slash_command: str
    now: Callable[[], datetime]
    max_sends: int
    lease_ttl: float
    resend_when_unsure: bool

    def recover(self, lease: Lease, report: PollReport) -> None:
        """Rows left `sending` by a cycle that was cut off: sent already (history) or send again."""
        for entry in self.store.ledger_entries(statuses=[LedgerStatus.SENDING], kinds=rules.KINDS):
            try:
                found = threads.find_notice(self.messenger, self.store.threads, entry, key=ledger_key(entry),
                                            since=entry.attempt_at or entry.created_at)   # the DM or its thread
            except HistoryUnavailable as exc:
                if self.resend_when_unsure:
                    log.warning("cannot read the DM history (%s): resending %s", exc, ledger_key(entry))
                    found = None
                else:
                    log.warning("cannot read the DM history (%s): not resending %s", exc, ledger_key(entry))
                    self.store.mark_ledger_status(entry.id, LedgerStatus.FAILED, error=f"in doubt: {exc}", note=False)
                    continue
            except Exception as exc:
                report.errors.append(f"recover {ledger_key(entry)}: {exc}")
                continue
            if found:
                self.store.mark_ledger_sent(entry.id, channel=found.channel, message_ts=found.ts)
                report.recovered_found += 1
            else:
                self.store.mark_ledger_status(entry.id, LedgerStatus.PENDING, error="resent after an interrupted send")
                report.recovered_resent += 1

    def send(self, lease: Lease, report: PollReport) -> None:
        pending = self.store.ledger_entries(statuses=[LedgerStatus.PENDING], limit=self.max_sends, kinds=rules.KINDS)
        now = self.now()
        talks = self.store.holds.talk_activity({e.slack_user_id for e in pending}) if pending else {}
        for entry in _interleave_by_user(pending):
            if timing.waits_for_talk(now, entry.due, talks.get(entry.slack_user_id), self.org.notifications):
                report.waiting += 1                            # mid-exchange with the bot: a later cycle sends it
                continue
            if not self.store.claim_ledger_send(entry.id, lease=lease, ttl_seconds=self.lease_ttl):
                if not self.store.check_lease(lease):
                    raise LeaseLost("lease lost while sending")
                continue                                       # someone else's already
            survey = self.surveys.survey_for(entry, report)    # a resolution notice may carry a rating
            posted = self.sender.post(report, entry.slack_user_id, ledger_key(entry),
                                      partial(surveys.render, entry, survey, self.org, self.slash_command),
                                      attempts=entry.attempts, give_up=partial(self._put_back, entry.id),
                                      send=partial(threads.post_notice, self.messenger, self.store.threads, self.org,
                                                   entry))
            if posted is None:
                continue                                       # put back, failed, or left `sending` for recovery
            self.store.mark_ledger_sent(entry.id, channel=posted.channel, message_ts=posted.ts)
            if survey is not None:
                self.store.surveys.posted(survey.id, posted.channel, posted.ts)
                report.surveys += 1
            report.sent += 1
            report.sent_keys.append((entry.case_id, entry.kind, entry.source_id))

    def _put_back(self, entry_id: int, err: str, final: bool) -> int:
        self.store.mark_ledger_status(entry_id, LedgerStatus.FAILED if final else LedgerStatus.PENDING, error=err,
                                      note=False if final else None)
        return int(final)

    def write_notes(self, report: PollReport) -> None:
        due = self.store.ledger_notes_due(limit=20 * WORK_NOTE_BATCH)
        if not due:
            return
        names: dict[str, str | None] = {}
        notes = []
        for entry in due:
            if entry.slack_user_id not in names:
                rec = self.store.get_user(entry.slack_user_id)
                names[entry.slack_user_id] = (rec.contact_name or rec.email) if rec else None
            notes.append((entry.case_id, cards.work_note(entry.kind, entry.payload,
                                                         recipient=names[entry.slack_user_id])))
        report.api_calls += math.ceil(len(notes) / WORK_NOTE_BATCH)
        try:
            results = self.desk.add_work_notes(notes)
        except SalesforceUnavailable as exc:
            report.errors.append(f"work notes: {exc.user_message}")
            return
        except CaseDeskError as exc:
            report.errors.append(f"work notes: {exc}")
            return
        done: list[Any] = []
        failed: list[Any] = []
        if isinstance(results, list) and len(results) == len(due):
            for entry, res in zip(due, results, strict=True):
                (done if getattr(res, "ok", True) else failed).append(entry.id)
        else:
            done = [e.id for e in due]
        self.store.mark_notes_done(done)
        if failed:
            self.store.mark_notes_done(failed, status=NoteStatus.FAILED)
            report.errors.append(f"work notes refused on {len(failed)} case(s)")
        report.notes += len(done)


def _interleave_by_user(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Round-robin over users, so one user's burst does not delay everyone else (per-conversation pacing)."""
    queues: dict[str, list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        queues[e.slack_user_id].append(e)
    out: list[LedgerEntry] = []
    while queues:
        for uid in list(queues):
            out.append(queues[uid].pop(0))
            if not queues[uid]:
                del queues[uid]
    return out
