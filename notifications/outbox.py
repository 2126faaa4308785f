"""The outbox flusher: operations queued while Salesforce was unavailable, delivered later, once.

The bot queues with `store.enqueue_outbox(op, slack_user_id, payload, dedupe_key)`; the payloads are typed in
store/payloads.py (`OutboxOp`, one frozen dataclass per op, `to_json`/`from_json` on these keys):

| op | payload (besides `contact_id`, or `email` when the Contact was not known yet, and `slack_user_id`) |
|---|---|
| `file_case` | `text`, optional `description`, `case_type`, `channel`, `subject`, `priority` |
| `add_comment` | `case_ref`, `body` |
| `close_case` / `reopen_case` | `case_ref` |
| `update_description` | `case_ref`, `text`, optional `append` (default true) |

Each run claims due entries (other replicas skip claimed rows), calls the CaseDesk, marks the entry and DMs
the user the result. Salesforce still unavailable -> the entry goes back with exponential backoff and the
run stops there (no hammering). A refusal (validation, not found) is final and the user is told why.
An earlier attempt may have landed although nobody saw the answer: the bot queues on a timeout too (Salesforce
slower than the client's timeout still saves the write), and a flush cut off by a crash after it sent the write
comes back `in_doubt` (each write is recorded on its entry just before it is sent, `note_outbox_send`; a claim cut
off before sending is delivered as soon as the claim expires).
So every delivery first checks whether the operation is already done, at the cost of one read: `file_case`
looks for the case among the user's open cases, `add_comment` among the comments Concierge wrote on the case
since the entry was queued, `update_description` at the end of the description, and close/reopen take
WrongState (already closed / already open) as done. Found: the user is told it is done; nothing is sent twice.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from notifications import cards
from notifications.keeper import renewing
from notifications.slack import Messenger
from servicecloud import landed
from servicecloud.protocols import Desk
from servicecloud.errors import CaseDeskError, SalesforceUnavailable, WrongState
from servicecloud.models import CaseOverrides, FileUpload
from slackui import keys
from store import OutboxEntry, Store
from store.payloads import (AddCommentPayload, CaseRefPayload, FileCasePayload, OutboxOp, UpdateDescriptionPayload,
                            payload_from_json)

log = logging.getLogger(__name__)

# A write whose answer was lost (timed out, connection cut after sending, its sender killed) may still land
# while Salesforce works on it: "The timeout limit for REST and SOAP API calls is 10 minutes" (API Request
# Limits and Allocations, developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/
# salesforce-app-limits-platform-api.html). Until then it is only looked for (every SETTLE_CHECK_SECONDS,
# backing off), never redone: redoing it could do it twice. Settings: SF_IN_DOUBT_SECONDS.
IN_DOUBT_SECONDS = 600.0
SETTLE_CHECK_SECONDS = 5.0


@dataclass
class FlushReport:
    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    retry_later: int = 0
    errors: list[str] = field(default_factory=list)


def _case_fields(result: Any) -> dict[str, Any]:
    """JSON-able facts about what Salesforce returned (CaseView or CaseComment)."""
    out: dict[str, Any] = {}
    for name in ("id", "case_id", "case_number", "subject", "status"):
        value = getattr(result, name, None)
        if value is not None:
            out[name] = str(value)
    return out


def _ends_with(description: str | None, text: str) -> bool:
    """True when `text` was already appended to the description (whitespace-insensitive)."""
    tail = " ".join((text or "").split())
    return bool(tail) and " ".join((description or "").split()).endswith(tail)


# Slack file dicts of a queued case (as the bot queued them) -> FileUploads (servicecloud) for the filing
FetchFiles = Callable[[list[dict[str, Any]]], list[FileUpload]]


class ChannelFilings(Protocol):
    """A case queued from a Slack channel (bot/channels/queued.py): what it carries beyond a DM's (`overrides`,
    None for any other entry), and the thread's side once it exists (`filed`: the thread's case, its reply)."""

    def overrides(self, entry: OutboxEntry) -> CaseOverrides | None: ...

    def filed(self, entry: OutboxEntry, case: Any) -> None: ...


class _Settling(Exception):
    """An earlier attempt of the entry may still land and has not yet: look again later, do not redo it."""


class _Lost(Exception):
    """The entry's claim was taken over (this flusher stalled past it): the new holder delivers it."""


class OutboxFlusher:
    def __init__(self, *, store: Store, desk: Desk, messenger: Messenger, holder: str,
                 batch: int = 20, claim_seconds: float = 15.0, in_doubt_seconds: float = IN_DOUBT_SECONDS,
                 fetch_files: FetchFiles | None = None, channel_filings: ChannelFilings | None = None):
        """`fetch_files` turns the payload's `files` (Slack file dicts the bot queued) into FileUploads; without
        it a queued case is filed without them and the user is asked to share the files again.
        `in_doubt_seconds`: how long a write whose answer was lost may still land (see IN_DOUBT_SECONDS).
        `channel_filings`: finishes cases queued from a Slack channel (their thread); without it they are filed as a
        DM's."""
        self.store, self.desk, self.messenger, self.holder = store, desk, messenger, holder
        self.batch, self.claim_seconds = batch, claim_seconds
        self.in_doubt_seconds = in_doubt_seconds
        self._outage_at: float | None = None      # time.time() when this flusher last met an outage
        self.settle_check = min(SETTLE_CHECK_SECONDS, in_doubt_seconds / 4)
        self.fetch_files = fetch_files
        self.channel_filings = channel_filings

    def run_once(self) -> FlushReport:
        """Claim a batch (short claims, renewed while this flusher works on it: if it dies, another replica
        takes the entries over within `claim_seconds`: in doubt if it had sent the write, else delivered at once),
        deliver each, tell the users."""
        report = FlushReport()
        self._expedite_after_outage()
        entries = self.store.claim_outbox(self.holder, limit=self.batch, claim_seconds=self.claim_seconds,
                                          settle_seconds=self.in_doubt_seconds)
        report.claimed = len(entries)
        if not entries:
            return report
        held = {e.id for e in entries}

        def renew() -> None:
            held.intersection_update(self.store.renew_outbox_claims(self.holder, list(held), self.claim_seconds))
        with renewing(renew, every=self.claim_seconds / 3):
            for i, entry in enumerate(entries):
                if entry.id not in held:        # taken over by another flusher (this one stalled)
                    continue
                try:
                    result = self._deliver(entry)
                except _Lost:
                    log.warning("outbox entry %s was taken over before its write was sent", entry.id)
                    continue
                except _Settling:
                    self.store.mark_outbox_failed(entry.id, self.holder, "an earlier attempt may still land",
                                                  base_delay=self.settle_check, max_delay=self.settle_check * 8)
                    report.retry_later += 1
                    continue
                except SalesforceUnavailable as exc:
                    # Still down: put this one and the rest of the batch back, try again later. A write whose
                    # answer was lost may still land: until that time has passed, it is only looked for.
                    self._outage_at = time.time()
                    settle = self.store.now() + timedelta(seconds=self.in_doubt_seconds) if exc.in_doubt else None
                    for rest in entries[i:]:
                        self.store.mark_outbox_failed(rest.id, self.holder, exc.user_message,
                                                      settle_until=settle if rest is entry else None)
                        report.retry_later += 1
                    report.errors.append(exc.user_message)
                    break
                except CaseDeskError as exc:
                    self.store.mark_outbox_failed(entry.id, self.holder, exc.detail or exc.user_message, retry=False)
                    report.failed += 1
                    self._tell(entry, ok=False, message=exc.user_message)
                    continue
                except Exception as exc:
                    log.exception("outbox entry %s failed", entry.id)
                    self.store.mark_outbox_failed(entry.id, self.holder, f"{type(exc).__name__}: {exc}")
                    report.retry_later += 1
                    report.errors.append(str(exc))
                    continue
                self.store.mark_outbox_delivered(entry.id, self.holder, result)
                report.delivered += 1
                self._tell(entry, ok=True, result=result)
        return report

    def _expedite_after_outage(self) -> None:
        """Entries put back during an outage wait out their backoff (30 s doubling): once Salesforce answers
        again (any call of this process, the poller's included), they are due at once, not minutes later."""
        if self._outage_at is None:
            return
        back = getattr(self.desk.client, "last_success", None)
        if back is not None and back > self._outage_at:
            self._outage_at = None
            n = self.store.expedite_outbox()
            if n:
                log.info("Salesforce answers again: %d queued operation(s) due now", n)

    def _deliver(self, entry: OutboxEntry) -> dict[str, Any]:
        try:
            p = payload_from_json(entry.op, entry.payload)
        except (ValueError, TypeError):
            raise CaseDeskError(f"Unknown queued operation {entry.op!r}.") from None
        contact = p.contact_id
        if not contact and p.email:
            # Queued before the employee's Contact could be looked up (their first message came during the
            # outage): find it now. No contact -> ContactNotFound, final, and the user is told whom to contact.
            contact = self.desk.find_contact(p.email).id
        if not contact:
            raise CaseDeskError("The queued operation names no employee.")
        desk = self.desk

        def sending() -> None:
            """About to send the write: recorded first (a crash from now on leaves the entry in doubt)."""
            if not self.store.note_outbox_send(entry.id, self.holder):
                raise _Lost()
        settling = entry.settle_until is not None and self.store.now() < entry.settle_until
        match p:
            case FileCasePayload():
                existing = landed.filed_case(desk, contact, p.subject or p.text, entry.created_at)
                if existing is not None:
                    self._channel_filed(entry, existing)
                    return _case_fields(existing) | {"recovered": True}
                if settling:
                    raise _Settling()
                files = list(p.files)
                uploads = self.fetch_files(files) if (files and self.fetch_files) else []
                over = self.channel_filings.overrides(entry) if self.channel_filings is not None else None
                sending()
                case = desk.file_case(contact, p.text, description=p.description, case_type=p.case_type or "Incident",
                                      channel=p.channel or "dm", attachments=uploads, subject=p.subject,
                                      priority=p.priority, slack_user_id=entry.slack_user_id, overrides=over)
                self._track(entry, contact, case)
                self._channel_filed(entry, case)
                out = _case_fields(case)
                if files and not uploads:
                    out["files_not_attached"] = len(files)
                return out
            case AddCommentPayload():
                earlier = landed.landed_comment(desk, contact, p.case_ref, p.body or "", entry.created_at)
                if earlier is not None:
                    return _case_fields(earlier) | {"recovered": True}
                if settling:
                    raise _Settling()
                sending()
                return _case_fields(desk.add_comment(contact, p.case_ref, p.body))
            case CaseRefPayload():
                action = desk.close_case if entry.op == OutboxOp.CLOSE_CASE else desk.reopen_case
                sending()
                try:
                    case = action(contact, p.case_ref)
                except CaseDeskError as exc:
                    # WrongState (already closed / already open): what the user asked for is the case's state
                    # (an earlier attempt whose answer was lost, or an agent did it meanwhile).
                    if isinstance(exc, WrongState) and exc.case is not None:
                        return _case_fields(exc.case) | {"recovered": True}
                    raise
                self._track(entry, contact, case, seen=True)      # our own change: what the poller compares with next
                return _case_fields(case)
            case UpdateDescriptionPayload():
                if p.append:
                    current = desk.get_case(contact, p.case_ref)
                    if _ends_with(current.description, p.text):
                        return _case_fields(current) | {"recovered": True}
                    if settling:
                        raise _Settling()
                sending()
                return _case_fields(desk.update_description(contact, p.case_ref, p.text, append=p.append))
        raise CaseDeskError(f"Unknown queued operation {entry.op!r}.")

    def _channel_filed(self, entry: OutboxEntry, case: Any) -> None:
        """A case queued from a channel thread: the thread's side (never undoes the delivery when it fails)."""
        if self.channel_filings is None:
            return
        try:
            self.channel_filings.filed(entry, case)
        except Exception:
            log.exception("could not finish the channel thread of outbox entry %s", entry.id)

    def _track(self, entry: OutboxEntry, contact_id: str, case: Any, *, seen: bool = False) -> None:
        try:
            self.store.track_case(case.id, contact_id=contact_id, slack_user_id=entry.slack_user_id,
                                  case_number=case.case_number, status=case.status, state=str(case.state),
                                  subject=case.subject, seen=seen)
            self.store.touch_user_activity(case.id)
        except Exception:
            log.exception("could not track case %s", getattr(case, "id", "?"))

    def _tell(self, entry: OutboxEntry, *, ok: bool, result: dict[str, Any] | None = None,
              message: str | None = None) -> None:
        result = result or {}
        ref = entry.payload.get("case_ref")
        number = result.get("case_number") or (str(ref) if ref else None)
        text, blocks = cards.outbox_result(entry.op, ok=ok, case_number=number, subject=result.get("subject"),
                                           message=message, case_id=result.get("case_id") or result.get("id"),
                                           files_not_attached=int(result.get("files_not_attached") or 0))
        try:
            self.messenger.post(entry.slack_user_id, text, blocks, key=keys.outbox(entry.id))
        except Exception as exc:
            log.warning("could not tell %s about outbox entry %s: %s", entry.slack_user_id, entry.id, exc)
