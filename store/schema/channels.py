"""What channel intake keeps (bot/channels/): the case of each channel thread, and the bursts of auto request
channels. (One metadata, store/schema/columns.py.)
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Table

from store.schema.columns import UTCDateTime, metadata

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
