"""One thread per case in each person's DM: the store side (table `concierge_case_threads`,
store/schema/conversation.py).

The first message about a case in a person's DM (the bot's filing confirmation, or the first notice about it)
becomes that case's thread: (person, case) -> the message's channel and ts. Later notices go into the thread,
and the person's replies in it are comments on that case (docs/notifications.md, "One thread per case").
The first message recorded wins: a second one (two replicas, a notice and a filing at once) gets the thread
already recorded, so a case never has two threads.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from store import schema as t
from store.engines import read_connection, write_transaction


@dataclass(frozen=True, slots=True)
class CaseThread:
    """The thread of one case in one person's DM: `thread_ts` is its first message's ts."""

    slack_user_id: str
    case_id: str
    channel: str
    thread_ts: str


def case_key(case_id: str) -> str:
    """A case Id as the table keys it: its 15-character form (an 18-character Id is the 15 plus a checksum)."""
    return case_id[:15]


class CaseThreads:
    """The case threads table of one Store (`Store.threads`)."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime]):
        self._engine, self._insert, self._now = engine, insert, now

    def start(self, slack_user_id: str, case_id: str, channel: str, thread_ts: str) -> CaseThread:
        """Record `thread_ts` as the case's thread unless it has one already; returns the case's thread."""
        with write_transaction(self._engine) as conn:
            conn.execute(self._insert(conn, t.case_threads).values(
                slack_user_id=slack_user_id, case_key=case_key(case_id), case_id=case_id, channel=channel,
                thread_ts=thread_ts, created_at=self._now()).on_conflict_do_nothing())
        found = self.of(slack_user_id, case_id)
        assert found is not None
        return found

    def replace(self, old: CaseThread, channel: str, thread_ts: str) -> CaseThread:
        """The case's thread is gone (Slack refuses replies to it): `thread_ts` starts a new one, unless another
        process replaced `old` already (then its thread is kept). Returns the case's thread."""
        c = t.case_threads.c
        with write_transaction(self._engine) as conn:
            conn.execute(t.case_threads.update().where(
                c.slack_user_id == old.slack_user_id, c.case_key == case_key(old.case_id),
                c.thread_ts == old.thread_ts).values(channel=channel, thread_ts=thread_ts, created_at=self._now()))
        found = self.of(old.slack_user_id, old.case_id)
        assert found is not None
        return found

    def of(self, slack_user_id: str, case_id: str) -> CaseThread | None:
        """The case's thread in this person's DM, or None."""
        c = t.case_threads.c
        with read_connection(self._engine) as conn:     # a deferred BEGIN: no write lock on SQLite
            row = conn.execute(select(t.case_threads).where(c.slack_user_id == slack_user_id,
                                                            c.case_key == case_key(case_id))).first()
        return _thread(row)

    def at(self, slack_user_id: str, channel: str, thread_ts: str) -> CaseThread | None:
        """The case whose thread is `thread_ts` in `channel`, if it is this person's; None otherwise (another
        person's thread, or a thread that is no case's)."""
        c = t.case_threads.c
        with read_connection(self._engine) as conn:     # a deferred BEGIN: no write lock on SQLite
            row = conn.execute(select(t.case_threads).where(c.slack_user_id == slack_user_id, c.channel == channel,
                                                            c.thread_ts == thread_ts)).first()
        return _thread(row)


def _thread(row: Any) -> CaseThread | None:
    return None if row is None else CaseThread(row.slack_user_id, row.case_id, row.channel, row.thread_ts)
