"""What the conversation keeps: the deliveries seen, the durable intake, per-person budgets, the people (Slack user
to Contact), the bot's questions, the case in focus, each case's thread in a DM, and the Knowledge answers shown.
(One metadata, store/schema/columns.py.)
"""
from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text

from store.schema.columns import UTCDateTime, metadata

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

# One thread per case in each person's DM (store/threads.py): the first message about the case there.
case_threads = Table("concierge_case_threads", metadata,
                     Column("slack_user_id", String(64), primary_key=True),
                     Column("case_key", String(18), primary_key=True),    # the case Id's 15-character form
                     Column("case_id", String(18), nullable=False),
                     Column("channel", String(64), nullable=False),
                     Column("thread_ts", String(32), nullable=False),
                     Column("created_at", UTCDateTime(), nullable=False),
                     Index("ix_concierge_case_threads_ts", "channel", "thread_ts"))

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
