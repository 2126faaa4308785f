"""Salesforce's cases as the store holds them: the writes waiting for Salesforce (the outbox) and the read model of
employees' cases with its sync marks. (One metadata, store/schema/columns.py.)
"""
from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from store.schema.columns import UTCDateTime, metadata

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
