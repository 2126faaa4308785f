"""Cases filed from channels, kept in sync with their threads (issue 23, item 4): agents' public replies posted
into the case's channel thread, and the case's status as a reaction on the thread's root message.

Two halves, as the DM notices have:
- `decide` (pure): from one change set, what each case's channel threads get. A public reply by an agent (a
  published CaseComment, an outgoing email, an AllUsers feed post or comment, an AllUsers file) -> `channel_reply`,
  only where the thread's channel allows `public_updates` and the case's details may be in it (not `private`);
  a status moving (against the poller's last-seen state) to waiting for the requester, resolved/closed, back from
  waiting, or reopened -> `channel_status` (a reaction swap), on every thread, private ones included. Private
  comments, internal posts and Concierge's own writes (the requester's thread replies, its work notes) never
  reach a channel: no echo.
- `ChannelSync` (delivery): every `pending` row of those kinds claimed (fenced by the poller lease), posted once
  (the ledger key in the message metadata, looked up after a cut-off: slackui/slackpost.py) or the reactions
  swapped (`reactions.remove` of the other status reactions, `no_reaction` tolerated; `reactions.add`,
  `already_reacted` tolerated: both idempotent, so a cut-off swap is simply done again), then marked `sent`.

Each is a ledger row keyed (case, kind, source record "@" channel): the poller writes them in the transaction
that records the DM notices, so re-read changes, restarts and a standby replica taking over post once. The
rows carry the channel id where a DM notice carries the person, are never held (quiet hours are a person's) and
never get a work note; the DM notices are not touched (the requester is told by DM as before). No Salesforce call.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from notifications.slack import PERMANENT_ERRORS, slack_error
from notifications.snapshots import CommentSnapshot, comment_snapshot, iso
from servicecloud.channel_config import StatusReactions
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.models import AgentReply, CaseComment, CaseView
from slackui import keys
from slackui.fit import escape, quote
from slackui.slackpost import post_once
from store import LeaseLost, LedgerEntry, LedgerStatus
from store.channel_cases import ChannelCase
from store.records import Lease

if TYPE_CHECKING:
    from notifications.report import PollReport
    from store import Store

log = logging.getLogger("notifications.channels")

CHANNEL_REPLY = "channel_reply"
CHANNEL_STATUS = "channel_status"
CHANNEL_KINDS = (CHANNEL_REPLY, CHANNEL_STATUS)
EVENT_TYPE = "concierge_channel_update"      # message metadata of a reply posted into a case's thread
MAX_BODY = 2500                              # characters of an agent's reply quoted in the thread
_CLOSED = (CanonicalState.RESOLVED, CanonicalState.CLOSED)


@dataclass(frozen=True, slots=True)
class ChannelPost:
    """One ledger row for a channel thread: (case, kind, source@channel) and what to do there."""

    case_id: str
    kind: str
    source_id: str
    channel: str
    payload: dict[str, Any]


def status_reaction(state: str, seen: str | None, names: StatusReactions) -> str | None:
    """The reaction the root message should carry after the case went from `seen` to `state` (canonical), or None
    when nothing changes there: waiting, resolved (or closed), reopened (open again after resolved/closed), filed
    (open again after waiting)."""
    if seen is None or state == seen:
        return None
    if state == CanonicalState.WAITING_FOR_USER:
        return names.waiting or None
    if state in _CLOSED:
        return None if seen in _CLOSED else names.resolved or None
    if seen in _CLOSED:
        return names.reopened or None
    if seen == CanonicalState.WAITING_FOR_USER:
        return names.filed or None
    return None


def own_reaction(state: str, names: StatusReactions) -> str | None:
    """The reaction after the requester's own change through Concierge (it writes only closes and reopens):
    resolved for a close, reopened for a reopen."""
    if state in _CLOSED:
        return names.resolved or None
    return None if state == CanonicalState.WAITING_FOR_USER else names.reopened or None


def decide(*, cases: Iterable[CaseView], answers: Iterable[CaseComment | AgentReply],
           reply_cases: Iterable[CaseView] = (), threads: Mapping[str, list[ChannelCase]],
           seen_states: Mapping[str, str | None], own_writes: Mapping[str, tuple[str, datetime]] | None = None,
           integration_user_id: str | None, org: OrgConfig) -> list[ChannelPost]:
    """What the channel threads of the changed cases get (module docstring). `threads`: case Id[:15] -> its
    threads (store.channel_cases.of_cases); `seen_states`: case Id -> the poller's last-seen canonical state;
    `own_writes`: case Id -> (the status Concierge last wrote on it, when; store.status_writes).

    The requester's own close or reopen (by DM or a button) moved the last-seen state with it when it was made
    (bot/usecases/base.py `track`, so an agent's change right after is still news): a case showing the status
    Concierge wrote, at the last-seen state, gets the reaction of that change, keyed by the write's time, so it is
    recorded once however often the case is read again."""
    names = org.channels.status_reactions
    every = [n for n in (names.filed, names.waiting, names.resolved, names.reopened) if n]
    own = own_writes or {}
    out: list[ChannelPost] = []
    cases = list(cases)
    for case in cases:
        on = threads.get(case.id[:15], [])
        if not on:
            continue
        state = str(org.statuses.state_of(case.status, case.is_closed))
        seen = seen_states.get(case.id)
        add = status_reaction(state, str(seen) if seen is not None else None, names)
        # the state in the key too: two changes within one second share a LastModifiedDate
        source = f"{iso(case.last_modified_date or case.system_modstamp)}#{state}"
        written = own.get(case.id)
        if add is None and seen is not None and str(seen) == state and written and written[0] == case.status:
            add, source = own_reaction(state, names), f"own:{iso(written[1])}#{state}"
        if add is None:
            continue
        remove = sorted({n for n in every if n != add})
        for th in on:
            out.append(ChannelPost(case.id, CHANNEL_STATUS, f"{source}@{th.channel}", th.channel,
                                   {"channel": th.channel, "root_ts": th.root_ts, "add": add, "remove": remove,
                                    "state": state, "case_number": case.case_number}))
    parents = {c.id: c for c in reply_cases} | {c.id: c for c in cases}
    for answer in answers:
        if integration_user_id and answer.created_by_id == integration_user_id:
            continue                          # Concierge's own: the requester's words, work notes (no echo)
        if not (answer.public if isinstance(answer, AgentReply) else answer.is_published):
            continue                          # private comments, internal posts: never in a channel
        for th in threads.get(answer.case_id[:15], []):
            if th.private or not th.public_updates:
                continue                      # private_replies / sensitive: the status reactions only
            snap = comment_snapshot(answer, parents.get(answer.case_id))
            out.append(ChannelPost(answer.case_id, CHANNEL_REPLY, f"{answer.id}@{th.channel}", th.channel,
                                   {**snap.to_json(), "thread": {"channel": th.channel, "root_ts": th.root_ts}}))
    return out


def reply_text(payload: Mapping[str, Any]) -> str:
    """The thread message of an agent's reply (mrkdwn, escaped: an agent's `<!channel>` pings nobody)."""
    snap = CommentSnapshot.from_json(payload)
    who = snap.author or "The support team"
    verb = {"email": "emailed about", "feed": "posted on", "file": "attached a file to"}.get(snap.channel or "",
                                                                                           "replied on")
    head = f"{who} {verb} case {snap.case_number}:" if snap.case_number else f"{who} {verb} this case:"
    body = quote(snap.body or "", MAX_BODY) if snap.body else ""
    files = ", ".join(f.name for f in snap.files if f.name)
    return "\n".join(x for x in (escape(head), body, escape(f"Files: {files}") if files else "") if x)


class ChannelSync:
    """Delivers the channel rows of the ledger: built with the store, the Slack client and a pacing function."""

    def __init__(self, store: Store, client: WebClient, *, pace: Callable[[str], None] = lambda _c: None,
                 max_attempts: int = 5, lease_ttl: float | None = None, limit: int = 500):
        self.store, self.client, self.pace = store, client, pace
        self.max_attempts, self.lease_ttl, self.limit = max_attempts, lease_ttl, limit

    def recover(self, lease: Lease, report: PollReport) -> None:
        """Rows left `sending` by a cut-off cycle: done again (a reply is looked up in the thread first)."""
        for entry in self.store.ledger_entries(statuses=[LedgerStatus.SENDING], kinds=CHANNEL_KINDS):
            self._deliver(entry, report, since=(entry.attempt_at or entry.created_at))

    def send(self, lease: Lease, report: PollReport) -> None:
        for entry in self.store.ledger_entries(statuses=[LedgerStatus.PENDING], kinds=CHANNEL_KINDS, limit=self.limit):
            if not self.store.claim_ledger_send(entry.id, lease=lease, ttl_seconds=self.lease_ttl):
                if not self.store.check_lease(lease):
                    raise LeaseLost("lease lost while posting to channels")
                continue
            self._deliver(entry, report)

    def _deliver(self, entry: LedgerEntry, report: PollReport, since: datetime | None = None) -> None:
        key = keys.ledger(entry.case_id, entry.kind, entry.source_id)
        try:
            if entry.kind == CHANNEL_REPLY:
                where = entry.payload.get("thread") or {}
                self.pace(where["channel"])
                resp = post_once(self.client, channel=where["channel"], event_type=EVENT_TYPE, key=key,
                                 thread_ts=where["root_ts"], look_first_since=since.timestamp() if since else None,
                                 text=reply_text(entry.payload), blocks=None,
                                 unfurl_links=False, unfurl_media=False, paced=False)  # paced above
                self.store.mark_ledger_sent(entry.id, channel=resp.get("channel"), message_ts=resp.get("ts"))
                report.channel_posts += 1
            else:
                self._swap(entry.payload)
                self.store.mark_ledger_sent(entry.id, channel=entry.payload.get("channel"),
                                            message_ts=entry.payload.get("root_ts"))
                report.channel_reactions += 1
        except SlackApiError as exc:
            err = slack_error(exc)
            final = err in PERMANENT_ERRORS or entry.attempts + 1 >= self.max_attempts
            self.store.mark_ledger_status(entry.id, LedgerStatus.FAILED if final else LedgerStatus.PENDING, error=err,
                                          note=False)
            report.failed += int(final)
            report.retried += int(not final)
            report.errors.append(f"channel {key}: {err}")
        except Exception as exc:  # left `sending`: the next cycle recovers it
            report.errors.append(f"channel {key}: {exc}")

    def _swap(self, payload: Mapping[str, Any]) -> None:
        """The root message's status reaction: the others taken off, the new one put on (the root is always the
        requester's message, never one of the bot's posts)."""
        channel, ts = payload["channel"], payload["root_ts"]
        for name in payload.get("remove") or ():
            try:
                self.client.reactions_remove(channel=channel, timestamp=ts, name=name)
            except SlackApiError as exc:
                if slack_error(exc) != "no_reaction":
                    raise
        if payload.get("add"):
            try:
                self.client.reactions_add(channel=channel, timestamp=ts, name=payload["add"])
            except SlackApiError as exc:
                if slack_error(exc) != "already_reacted":
                    raise


def ledger_rows(posts: Iterable[ChannelPost]) -> list[dict[str, Any]]:
    """The `add_ledger` arguments of each post (the channel where a notice has its person; never a work note)."""
    return [{"case_id": p.case_id, "kind": p.kind, "source_id": p.source_id, "slack_user_id": p.channel,
             "payload": p.payload, "note": False} for p in posts]
