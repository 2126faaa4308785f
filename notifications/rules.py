"""What each employee must hear: pure decisions from a change set and what the store knows.

Nothing here talks to Slack, Salesforce or the database; `decide_changes` and `decide_nudges` take plain
values and return `Decision`s, so every rule is unit-tested with literals. Rules speak canonical states
(`org.statuses.state_of`), never an org's status names.

Kinds and their ledger keys (case Id, kind, source record):
- ``comment``          an agent's public comment            source = the CaseComment Id
                       or any other agent reply             source = the EmailMessage, FeedItem, FeedComment
                                                            or ContentDocumentLink Id (payload ``channel``)
- ``waiting``          status moved to WAITING_FOR_USER     source = LastModifiedDate of that change
- ``resolved``/``closed`` an agent resolved/closed the case source = LastModifiedDate of that change
- ``filed_elsewhere``  case filed for the user elsewhere    source = the case Id
- ``nudge``            the user has been inactive           source = <user-activity epoch>#<nudge number>
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicecloud.config import CanonicalState, OrgConfig, Preference
from notifications.snapshots import (Asked, CaseSnapshot, CommentSnapshot, NudgeSnapshot, Snapshot, StatusSnapshot,
                                     case_snapshot, comment_snapshot, iso, status_snapshot)
from servicecloud.models import AgentReply, CaseComment, CaseView

class NotificationKind(StrEnum):
    """What a notification tells; the ledger's `kind` column (members compare equal to the stored strings)."""

    COMMENT = "comment"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"
    FILED_ELSEWHERE = "filed_elsewhere"
    NUDGE = "nudge"


# The kinds by their old names (the cards still read them), as plain strings.
COMMENT: str = NotificationKind.COMMENT
WAITING: str = NotificationKind.WAITING
RESOLVED: str = NotificationKind.RESOLVED
CLOSED: str = NotificationKind.CLOSED
FILED_ELSEWHERE: str = NotificationKind.FILED_ELSEWHERE
NUDGE: str = NotificationKind.NUDGE
KINDS = tuple(NotificationKind)
# The person's switch (App Home / typed, bot/preferences.py) that governs each kind.
PREFERENCE_OF = {COMMENT: Preference.AGENT_REPLIES, WAITING: Preference.WAITING, RESOLVED: Preference.RESOLVED,
                 CLOSED: Preference.RESOLVED, FILED_ELSEWHERE: Preference.FILED_ELSEWHERE, NUDGE: Preference.NUDGES}
# The ledger payload of each kind (notifications/snapshots.py).
SNAPSHOT_OF: dict[NotificationKind, type[Snapshot]] = {
    NotificationKind.COMMENT: CommentSnapshot, NotificationKind.WAITING: StatusSnapshot,
    NotificationKind.RESOLVED: StatusSnapshot, NotificationKind.CLOSED: StatusSnapshot,
    NotificationKind.FILED_ELSEWHERE: CaseSnapshot, NotificationKind.NUDGE: NudgeSnapshot,
}


def snapshot_from_json(kind: str, data: Mapping[str, Any]) -> Snapshot:
    """The typed payload of a ledger row of `kind` (ValueError for a kind no notification has)."""
    try:
        return SNAPSHOT_OF[NotificationKind(kind)].from_json(data)
    except ValueError:
        raise ValueError(f"unknown notification kind {kind!r}") from None


@dataclass(frozen=True, slots=True)
class Decision:
    """One notification to record in the ledger (and then send); `payload` is the snapshot's JSON (the ledger
    row's)."""

    case_id: str
    kind: NotificationKind
    source_id: str
    slack_user_id: str
    snapshot: Snapshot
    muted: bool = False

    @property
    def payload(self) -> dict[str, Any]:
        return self.snapshot.to_json()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.case_id, self.kind, self.source_id)


@dataclass(frozen=True, slots=True)
class KnownCase:
    """What the store knows about a case (a `store.TrackedCase`, reduced to what the rules read)."""

    slack_user_id: str | None
    seen_state: str | None
    muted: bool = False


@dataclass(frozen=True, slots=True)
class CaseUpdate:
    """A tracked-case row to write with the decisions (the poller's last-seen status)."""

    case_id: str
    contact_id: str | None
    slack_user_id: str
    case_number: str
    subject: str | None
    status: str
    state: str


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    updates: list[CaseUpdate] = field(default_factory=list)
    skipped_own_comments: int = 0      # comments by the integration user (never notify)
    skipped_unknown_user: int = 0      # changes on cases of contacts with no Slack user


def wanted(kind: str, preferences: Mapping[str, bool], org: OrgConfig) -> bool:
    """Does the person want notices of `kind`? Their switch (on when never set), unless the org keeps the kind
    always on."""
    pref = PREFERENCE_OF.get(kind)
    if pref is None or pref in org.notifications.always_on:
        return True
    return preferences.get(str(pref), True)


def honour_preferences(decisions: Iterable[Decision], preferences: Mapping[str, Mapping[str, bool]],
                       org: OrgConfig) -> list[Decision]:
    """The decisions, those of kinds their person switched off recorded as muted (nothing sent, no work
    note, never replayed when switched back on: the ledger row keeps the key)."""
    out = []
    for d in decisions:
        if not d.muted and not wanted(d.kind, preferences.get(d.slack_user_id, {}), org):
            d = replace(d, muted=True)
        out.append(d)
    return out


def decide_changes(
    *,
    cases: Iterable[CaseView],
    comments: Iterable[CaseComment],
    users_by_contact: Mapping[str, str],
    known: Mapping[str, KnownCase],
    integration_user_id: str | None,
    org: OrgConfig,
    window_start: datetime | None,
    own_statuses: Mapping[str, str] | None = None,
    replies: Iterable[AgentReply] = (),
    reply_cases: Iterable[CaseView] = (),
) -> Outcome:
    """Decide the notifications for one change set.

    `users_by_contact` maps ContactId -> Slack user id (contacts without a Slack user are ignored);
    `known` maps case Id -> what the store knows; `window_start` is the start of the fetched window (the
    watermark minus its safety margin; None on the very first run, when nothing counts as "new").
    `own_statuses` maps case Id -> the status Concierge itself last wrote on it (the store's record of its
    writes): a case showing that status was changed by Concierge, whoever modified it last. LastModifiedById
    is never used for this: a work note, an employee's comment through the bot or a flow running as the
    integration user overwrites it after an agent's close.
    `replies` are agents' answers through other channels (emails, feed posts and comments, files), told as
    comments are; `reply_cases` are their cases that `cases` lacks (for the contact and the card).
    """
    own = own_statuses or {}
    out = Outcome()
    by_id: dict[str, CaseView] = {}
    comments = list(comments)
    asked = _latest_agent_comments(comments, integration_user_id)
    for case in cases:
        by_id[case.id] = case

    for case in by_id.values():
        user = users_by_contact.get(case.contact_id or "")
        kc = known.get(case.id)
        if user is None and kc is not None and kc.slack_user_id:
            user = kc.slack_user_id
        if user is None:
            out.skipped_unknown_user += 1
            continue
        state = org.statuses.state_of(case.status, case.is_closed)
        muted = bool(kc and kc.muted)
        by_bot = own.get(case.id) is not None and own.get(case.id) == case.status
        snap = case_snapshot(case, str(state))
        changed_at = iso(case.last_modified_date or case.system_modstamp)
        agent = _last_modified_by_name(case)

        if kc is None or kc.seen_state is None:
            # First sight of this case for the poller.
            created_by = getattr(case, "created_by_id", None)
            if (window_start is not None and case.created_date is not None and case.created_date > window_start
                    and not org.defaults.is_own_origin(case.origin)
                    and not (integration_user_id and created_by == integration_user_id)):
                out.decisions.append(Decision(case.id, NotificationKind.FILED_ELSEWHERE, case.id, user, snap, muted))
            elif not by_bot and state == CanonicalState.WAITING_FOR_USER:
                out.decisions.append(Decision(case.id, NotificationKind.WAITING, changed_at, user,
                                              status_snapshot(case, str(state), agent, asked.get(case.id)), muted))
            elif (not by_bot and state in (CanonicalState.RESOLVED, CanonicalState.CLOSED)
                  and window_start is not None and case.closed_date is not None and case.closed_date > window_start):
                kind = NotificationKind.RESOLVED if state == CanonicalState.RESOLVED else NotificationKind.CLOSED
                out.decisions.append(Decision(case.id, kind, changed_at, user,
                                              status_snapshot(case, str(state), agent), muted))
        elif state != kc.seen_state and not by_bot:
            if state == CanonicalState.WAITING_FOR_USER:
                out.decisions.append(Decision(case.id, NotificationKind.WAITING, changed_at, user,
                                              status_snapshot(case, str(state), agent, asked.get(case.id)), muted))
            elif state in (CanonicalState.RESOLVED, CanonicalState.CLOSED) and kc.seen_state not in (
                    CanonicalState.RESOLVED, CanonicalState.CLOSED):
                kind = NotificationKind.RESOLVED if state == CanonicalState.RESOLVED else NotificationKind.CLOSED
                out.decisions.append(Decision(case.id, kind, changed_at, user,
                                              status_snapshot(case, str(state), agent), muted))
        out.updates.append(CaseUpdate(case.id, case.contact_id, user, case.case_number, case.subject,
                                      case.status, str(state)))

    parents = {c.id: c for c in reply_cases} | by_id
    answers: list[CaseComment | AgentReply] = [*comments, *replies]
    for comment in answers:
        if integration_user_id and comment.created_by_id == integration_user_id:
            out.skipped_own_comments += 1
            continue
        if not (comment.public if isinstance(comment, AgentReply) else comment.is_published):
            continue                                   # private: never shown to the employee
        commented = parents.get(comment.case_id)
        contact = comment.contact_id or (commented.contact_id if commented else None)
        kc = known.get(comment.case_id)
        user = users_by_contact.get(contact or "") or (kc.slack_user_id if kc else None)
        if not user:
            out.skipped_unknown_user += 1
            continue
        out.decisions.append(Decision(comment.case_id, NotificationKind.COMMENT, comment.id, user,
                                      comment_snapshot(comment, commented), bool(kc and kc.muted)))
    return out


def _latest_agent_comments(comments: Iterable[CaseComment], integration_user_id: str | None) -> dict[str, Asked]:
    """case Id -> what was asked: the newest public comment by someone other than Concierge in this change set
    (what the agent asked when setting "waiting for you"; the waiting card quotes it)."""
    out: dict[str, tuple[str, Asked]] = {}
    for c in comments:
        if not c.is_published or (integration_user_id and c.created_by_id == integration_user_id):
            continue
        at = iso(c.created_date)
        if c.case_id not in out or at >= out[c.case_id][0]:
            out[c.case_id] = (at, Asked(c.body, c.created_by_name))
    return {case_id: info for case_id, (_, info) in out.items()}


def _last_modified_by_name(case: CaseView) -> str | None:
    return getattr(case, "last_modified_by_name", None) or case.assignee


# ------------------------------------------------------------------------------------------------ nudges


def user_zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_sending_window(now: datetime, tz: str | None, org: OrgConfig) -> bool:
    """True when `now` is inside the nudge window (hours, weekdays) in the user's time zone."""
    local = now.astimezone(user_zone(tz))
    cfg = org.nudge
    if local.weekday() not in cfg.weekdays:
        return False
    start, end = cfg.window_start_hour, cfg.window_end_hour
    if start <= end:
        return start <= local.hour < end
    return local.hour >= start or local.hour < end          # a window across midnight


def nudge_thresholds(now: datetime, org: OrgConfig) -> tuple[datetime, datetime]:
    """(inactive_since, nudged_before) for store.nudge_candidates."""
    return now - timedelta(days=org.nudge.after_days), now - timedelta(days=org.nudge.every_days)


def nudge_decision(*, case_id: str, slack_user_id: str, case_number: str | None, subject: str | None,
                   status: str | None, state: str | None, last_user_activity: datetime, nudge_count: int,
                   now: datetime, org: OrgConfig) -> Decision:
    """The nudge for one candidate (the candidate query already applied threshold, frequency and max)."""
    n = nudge_count + 1
    idle_days = max(0, int((now - last_user_activity).total_seconds() // 86400))
    snapshot = NudgeSnapshot(case_id=case_id, case_number=case_number, subject=subject, status=status, state=state,
                             nudge_number=n, idle_days=idle_days, max_nudges=org.nudge.max_per_case)
    return Decision(case_id, NotificationKind.NUDGE, f"{iso(last_user_activity)}#{n}", slack_user_id, snapshot)
