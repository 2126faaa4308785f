"""Tables of the state store (SQLAlchemy Core; one metadata), by what they hold: conversation.py (deliveries, intake,
budgets, people, questions, focus, DM threads, Knowledge answers), notices.py (the cases followed, the ledger,
watermarks, own status writes, preferences, surveys, leases), cases.py (the outbox and the read model of cases),
channels.py (channel intake); columns.py holds the metadata and the UTC timestamp column. The database is created
and upgraded by the Alembic revisions in store/migrations (store/migrate.py): a change here needs a revision there.
"""
from store.schema.columns import UTCDateTime, metadata, utcnow
from store.schema.conversation import answers, budget, case_focus, case_threads, events, intake, questions, users
from store.schema.notices import (ledger, leases, notice_timing, preferences, status_writes, surveys, tracked_cases,
                                  watermarks)
from store.schema.cases import case_book, case_book_sync, outbox
from store.schema.channels import channel_bursts, channel_cases

__all__ = ["UTCDateTime", "metadata", "utcnow",
           "answers", "budget", "case_focus", "case_threads", "events", "intake", "questions", "users",
           "ledger", "leases", "notice_timing", "preferences", "status_writes", "surveys", "tracked_cases",
           "watermarks",
           "case_book", "case_book_sync", "outbox", "channel_bursts", "channel_cases"]
