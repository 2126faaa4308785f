"""What the notifications keep: the cases followed, the ledger of notices decided, the polling watermarks, the
statuses Concierge wrote itself, people's preferences and timing, the satisfaction surveys, and the leases (the
poller lock). (One metadata, store/schema/columns.py.)
"""
from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint

from store.schema.columns import UTCDateTime, metadata

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
