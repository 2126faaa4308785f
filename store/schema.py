"""Tables of the state store (SQLAlchemy Core; one metadata). The database is created and upgraded by the
Alembic revisions in store/migrations (store/migrate.py): a change here needs a revision there.

Every timestamp is stored as UTC (`UTCDateTime`): SQLite keeps no zone, so values are normalised to naive UTC
on the way in and given back as aware UTC datetimes on the way out, identically on both backends.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware-UTC datetime column that behaves the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

# Slack event dedupe: event_id or "msg:channel:ts"; pruned after a retention period.
events = Table(
    "concierge_events", metadata,
    Column("key", String(255), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False, index=True),
)

# Durable intake: a user's message is recorded (with its event) before it is acked and marked `done` when its
# work is done. `holder` works on it until `lease_until` (renewed while working); a replica finding the lease
# expired takes the event over, and `token` grows with every change of holder (fencing).
intake = Table(
    "concierge_intake", metadata,
    Column("key", String(255), primary_key=True),
    Column("slack_user_id", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(16), nullable=False),          # working | done
    Column("holder", String(128), nullable=False),
    Column("token", Integer, nullable=False),
    Column("lease_until", UTCDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("done_at", UTCDateTime(), nullable=True),
    # when a holder first sent a Salesforce write for it: a later holder knows that write may still land
    Column("wrote_at", UTCDateTime(), nullable=True),
    Index("ix_concierge_intake_due", "status", "lease_until"),
)

# Per-person budgets (store/budget.py): how much of a window's allowance a person used (messages this minute, cases
# filed today), counted by every replica; a row goes when its window has ended.
budget = Table(
    "concierge_budget", metadata,
    Column("key", String(255), primary_key=True),
    Column("used", Integer(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

# User directory: Slack user -> Salesforce contact (refreshed_at drives the refresh policy).
users = Table(
    "concierge_users", metadata,
    Column("slack_user_id", String(64), primary_key=True),
    Column("email", String(320), nullable=True, index=True),
    Column("contact_id", String(18), nullable=True, index=True),
    Column("contact_name", String(255), nullable=True),
    Column("tz", String(64), nullable=True),
    Column("refreshed_at", UTCDateTime(), nullable=False),
)

# The bot's questions (store/questions.py): one row per question asked ("Is this about case N?", "Which case?",
# "Close case N?", "Did you mean ..."); its id is in its buttons. A typed answer counts until `typed_until` (the
# person's open question; None: buttons only); `taken_by` is the message or click that answered it (one use),
# `closed_by` the message that closed it for typed answers.
questions = Table(
    "concierge_questions", metadata,
    Column("id", String(64), primary_key=True),
    Column("slack_user_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),            # did_you_mean | pick | confirm | duplicate
    Column("op", String(32), nullable=False),
    Column("candidates", JSON, nullable=False),
    Column("target", String(18), nullable=True),
    Column("carried", JSON, nullable=False),
    Column("asked_by", String(255), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
    Column("typed_until", UTCDateTime(), nullable=True),
    Column("taken_by", String(255), nullable=True),
    Column("closed_by", String(255), nullable=True),
    Index("ix_concierge_questions_user", "slack_user_id", "typed_until"),
)

# The case in focus per person (store/case_focus.py): replaced on write, expiring.
case_focus = Table(
    "concierge_case_focus", metadata,
    Column("slack_user_id", String(64), primary_key=True),
    Column("case_id", String(18), nullable=False),
    Column("case_number", String(16), nullable=False),
    Column("subject", Text, nullable=False),
    Column("set_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

# Cases the bot follows for an employee. `status`/`state` is the latest value anyone told the store;
# `seen_state`/`seen_status` is what the poller last saw (transitions are detected against it only).
tracked_cases = Table(
    "concierge_tracked_cases", metadata,
    Column("case_id", String(18), primary_key=True),
    Column("contact_id", String(18), nullable=True, index=True),
    Column("slack_user_id", String(64), nullable=True, index=True),
    Column("case_number", String(16), nullable=True),
    Column("subject", Text, nullable=True),
    Column("status", String(255), nullable=True),
    Column("state", String(32), nullable=True),
    Column("seen_status", String(255), nullable=True),
    Column("seen_state", String(32), nullable=True),
    Column("muted", Boolean, nullable=False, default=False),
    Column("tracked_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("last_user_activity", UTCDateTime(), nullable=False),
    Column("nudge_count", Integer, nullable=False, default=0),
    Column("last_nudge_at", UTCDateTime(), nullable=True),
)

# Operations that could not reach Salesforce, delivered later, once.
outbox = Table(
    "concierge_outbox", metadata,
    Column("id", Integer().with_variant(BigInteger, "postgresql"), primary_key=True, autoincrement=True),
    Column("op", String(32), nullable=False),
    Column("slack_user_id", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("dedupe_key", String(255), nullable=False, unique=True),
    Column("status", String(16), nullable=False),          # queued | delivering | delivered | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_by", String(128), nullable=True),
    Column("claimed_until", UTCDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("result", JSON, nullable=True),
    Column("done_at", UTCDateTime(), nullable=True),
    # An earlier attempt may still land (its answer was lost): until then a delivery only checks whether it did.
    Column("settle_until", UTCDateTime(), nullable=True),
    # The current claim's holder sent the write (recorded just before sending): only then is an expired claim in
    # doubt; a claim whose holder died before sending is retried at once.
    Column("sent_at", UTCDateTime(), nullable=True),
    Index("ix_concierge_outbox_due", "status", "next_attempt_at"),
)

# One row per notification decided by the poller; the unique key makes each notification exactly-once.
ledger = Table(
    "concierge_ledger", metadata,
    Column("id", Integer().with_variant(BigInteger, "postgresql"), primary_key=True, autoincrement=True),
    Column("case_id", String(18), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("source_id", String(64), nullable=False),
    Column("slack_user_id", String(64), nullable=False),
    Column("payload", JSON, nullable=False),                # what the card needs (decided in the transaction)
    # pending | sending | sent | muted | failed; held (until due_at: quiet hours, daily digest) | digesting
    # (claimed, with the other rows of its digest_key, for one digest message)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("due_at", UTCDateTime(), nullable=True),          # when it may go out (poller clock); None: created_at
    Column("digest_key", String(64), nullable=True),         # the digest message that holds it
    # a held row: the version of its person's timing settings its due_at was decided under (NULL: none known);
    # when the settings' version moves on, the poller decides its due_at again (store/holds.py)
    Column("timing_version", Integer, nullable=True),
    Column("attempt_at", UTCDateTime(), nullable=True),
    Column("attempt_by", String(128), nullable=True),
    Column("sent_at", UTCDateTime(), nullable=True),
    Column("channel", String(64), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("note_status", String(16), nullable=False),     # pending | done | none
    Column("last_error", Text, nullable=True),
    UniqueConstraint("case_id", "kind", "source_id", name="uq_concierge_ledger_key"),
    Index("ix_concierge_ledger_status", "status"),
    Index("ix_concierge_ledger_note", "note_status"),
    Index("ix_concierge_ledger_user_sent", "slack_user_id", "sent_at"),
    Index("ix_concierge_ledger_held", "status", "due_at"),
)

# Incremental polling: one watermark per stream.
watermarks = Table(
    "concierge_watermarks", metadata,
    Column("stream", String(64), primary_key=True),
    Column("value", UTCDateTime(), nullable=True),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# The statuses Concierge itself wrote on cases, recorded just before each write, so the poller tells its own
# changes from an agent's without trusting Case.LastModifiedById (which any later write by the integration
# user, a work note or a flow, overwrites). Keyed by the case as the write named it: its 15-character Id, or
# its CaseNumber.
status_writes = Table(
    "concierge_status_writes", metadata,
    Column("case_key", String(18), primary_key=True),
    Column("status", String(255), nullable=False),
    Column("written_at", UTCDateTime(), nullable=False),
)

# Notification preferences: one person switched one kind (servicecloud.config.Preference) on or off; no row is
# the default (on). store/preferences.py.
preferences = Table("concierge_preferences", metadata,
                    Column("slack_user_id", String(64), primary_key=True), Column("kind", String(32), primary_key=True),
                    Column("enabled", Boolean, nullable=False), Column("updated_at", UTCDateTime(), nullable=False))

# When a person's notices go out (store/preferences.py `TimingChoice`): their quiet hours and daily digest hour;
# a NULL column is the org's default (no row: every default).
notice_timing = Table(
    "concierge_notice_timing", metadata,
    Column("slack_user_id", String(64), primary_key=True),
    Column("quiet", Boolean, nullable=True),                 # False: no quiet hours; True: quiet hours
    Column("quiet_start", String(5), nullable=True),         # "HH:MM" local
    Column("quiet_end", String(5), nullable=True),
    Column("weekends", Boolean, nullable=True),
    Column("digest_hour", Integer, nullable=True),           # daily digest at this local hour; NULL: real time
    Column("version", Integer, nullable=False, default=0, server_default="0"),   # +1 at every change
    Column("updated_at", UTCDateTime(), nullable=False),
)

# One thread per case in each person's DM (store/threads.py): the first message about the case there.
case_threads = Table("concierge_case_threads", metadata,
                     Column("slack_user_id", String(64), primary_key=True),
                     Column("case_key", String(18), primary_key=True),    # the case Id's 15-character form
                     Column("case_id", String(18), nullable=False),
                     Column("channel", String(64), nullable=False),
                     Column("thread_ts", String(32), nullable=False),
                     Column("created_at", UTCDateTime(), nullable=False),
                     Index("ix_concierge_case_threads_ts", "channel", "thread_ts"))

# Satisfaction surveys (store/surveys.py): one row per resolution notice that carried a rating (ledger_id),
# with the person's answer; the rating's own history is this row (a change within the window updates it).
surveys = Table(
    "concierge_surveys", metadata,
    Column("id", Integer().with_variant(BigInteger, "postgresql"), primary_key=True, autoincrement=True),
    Column("ledger_id", Integer().with_variant(BigInteger, "postgresql"), nullable=False),
    Column("case_id", String(18), nullable=False),
    Column("slack_user_id", String(64), nullable=False),
    Column("resolution", String(64), nullable=False),       # the resolution's key (the notice's source record)
    Column("kind", String(32), nullable=False),             # resolved | closed
    Column("case_number", String(32), nullable=True),
    Column("case_type", String(255), nullable=True),
    Column("agent", String(255), nullable=True),
    Column("status", String(16), nullable=False),           # offered | answered | withdrawn
    Column("offered_at", UTCDateTime(), nullable=False),
    Column("channel", String(64), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("score", Integer, nullable=True),
    Column("comment", Text, nullable=True),
    Column("rated_at", UTCDateTime(), nullable=True),       # the first tap
    Column("changed_at", UTCDateTime(), nullable=True),     # the latest tap
    Column("record_id", String(18), nullable=True),         # the custom object's row, when the org keeps one
    UniqueConstraint("ledger_id", name="uq_concierge_surveys_ledger"),
    Index("ix_concierge_surveys_user", "slack_user_id", "offered_at"),
    Index("ix_concierge_surveys_case", "case_id", "status"),
)

# Leases (the poller lock): one holder until expires_at; `token` grows on every change of holder (fencing).
leases = Table(
    "concierge_leases", metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("token", Integer, nullable=False),
    Column("acquired_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)


# The read model of employees' cases (store/casebook.py): what cards, lists and the App Home show, kept fresh by
# the poller's change feed and by the bot's own read-backs. A row is replaced only by a newer SystemModstamp.
case_book = Table(
    "concierge_case_book", metadata,
    Column("case_id", String(18), primary_key=True),
    Column("contact_id", String(18), nullable=False, index=True),
    Column("case_number", String(16), nullable=False),
    Column("subject", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("status", String(255), nullable=False),
    Column("state", String(32), nullable=False),            # canonical state (servicecloud/config.py)
    Column("is_closed", Boolean, nullable=False),
    Column("assignee", String(255), nullable=True),
    Column("type", String(255), nullable=True),
    Column("priority", String(255), nullable=True),
    Column("origin", String(255), nullable=True),
    Column("url", String(1024), nullable=True),
    Column("created_date", UTCDateTime(), nullable=True),
    Column("last_modified_date", UTCDateTime(), nullable=True),
    Column("closed_date", UTCDateTime(), nullable=True),
    Column("system_modstamp", UTCDateTime(), nullable=True),
    Column("stored_at", UTCDateTime(), nullable=False),
    # the open entitlement milestones and the stopped clock, as JSON (servicecloud/milestones.py
    # `targets_json`); NULL when the read did not ask for them (the change feed keeps the last known)
    Column("targets", Text, nullable=True),
)

# When each source last brought the read model up to date: "contact:<ContactId>" (seeded by a full query of
# that employee's cases) and "feed" (the poller's last change-feed fetch, which covers every contact).
case_book_sync = Table(
    "concierge_case_book_sync", metadata,
    Column("key", String(64), primary_key=True),
    Column("synced_at", UTCDateTime(), nullable=False),
)
# Knowledge answers (bot/knowledge.py): the articles shown for one problem, what became of them (deflection:
# confirmed "This fixed it", opened, filed) and the problem itself, so "File my case" files it without asking again.
answers = Table(
    "concierge_answers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_by", String(255), nullable=False, unique=True),     # the message's key: one answer per message
    Column("slack_user_id", String(64), nullable=False, index=True),
    Column("contact_id", String(18), nullable=False),
    Column("text", Text, nullable=False),
    Column("case_type", String(255), nullable=True),
    Column("articles", JSON, nullable=False),                        # [servicecloud.articles.Article.to_json()]
    Column("shown_at", UTCDateTime(), nullable=False, index=True),
    Column("confirmed_at", UTCDateTime(), nullable=True),
    Column("opened_at", UTCDateTime(), nullable=True),
    Column("filed_at", UTCDateTime(), nullable=True),
    Column("case_id", String(18), nullable=True),
)


def utcnow() -> datetime:
    return datetime.now(UTC)

# Cases filed from channels (bot/channels/): one case per thread, keyed by channel and thread root. `requester` is
# the message's author (the case is theirs); `private`: case details stay out of the channel.
channel_cases = Table("concierge_channel_cases", metadata,
                      Column("channel", String(64), primary_key=True),
                      Column("root_ts", String(32), primary_key=True),
                      Column("case_key", String(18), nullable=False),     # the case Id's 15-character form
                      Column("case_id", String(18), nullable=False),
                      Column("case_number", String(32), nullable=True),
                      Column("requester", String(64), nullable=False),
                      Column("private", Boolean, nullable=False, default=False),
                      Column("public_updates", Boolean, nullable=False, default=True),
                      Column("created_at", UTCDateTime(), nullable=False),
                      Index("ix_concierge_channel_cases_case", "case_key"))

# Auto request channels: one author's top-level messages within a window make one case, the burst's first
# message is its root.
channel_bursts = Table("concierge_channel_bursts", metadata,
                       Column("channel", String(64), primary_key=True),
                       Column("author", String(64), primary_key=True),
                       Column("root_ts", String(32), nullable=False),
                       Column("last_at", UTCDateTime(), nullable=False))
