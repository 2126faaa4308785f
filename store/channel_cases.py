"""Cases filed from channels (tables `concierge_channel_cases`, `concierge_channel_bursts`, store/schema/channels.py).

One case per thread: (channel, thread root) -> the case, its requester, whether its details stay out of the
channel. The first case recorded for a thread wins. In auto request channels, `burst_root` groups one author's
top-level messages within a window under the first one's ts (one atomic statement, on SQLite and PostgreSQL).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, case, select

from store import schema as t
from store.engines import read_connection, write_transaction


@dataclass(frozen=True, slots=True)
class ChannelCase:
    channel: str
    root_ts: str
    case_id: str
    case_number: str | None
    requester: str
    private: bool
    public_updates: bool


class ChannelCases:
    """`Store.channel_cases`."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime]):
        self._engine, self._insert, self._now = engine, insert, now

    def record(self, channel: str, root_ts: str, *, case_id: str, case_number: str | None, requester: str,
               private: bool, public_updates: bool) -> ChannelCase:
        """The thread's case, unless it has one already; returns the thread's case."""
        with write_transaction(self._engine) as conn:
            conn.execute(self._insert(conn, t.channel_cases).values(
                channel=channel, root_ts=root_ts, case_key=case_id[:15], case_id=case_id, case_number=case_number,
                requester=requester, private=private, public_updates=public_updates,
                created_at=self._now()).on_conflict_do_nothing())
        found = self.at(channel, root_ts)
        assert found is not None
        return found

    def at(self, channel: str, root_ts: str) -> ChannelCase | None:
        c = t.channel_cases.c
        with read_connection(self._engine) as conn:
            row = conn.execute(select(t.channel_cases).where(c.channel == channel, c.root_ts == root_ts)).first()
        return _case(row)

    def of_case(self, case_id: str) -> list[ChannelCase]:
        """The channel threads of a case (one, normally)."""
        c = t.channel_cases.c
        with read_connection(self._engine) as conn:
            rows = conn.execute(select(t.channel_cases).where(c.case_key == case_id[:15])).all()
        return [x for x in (_case(r) for r in rows) if x is not None]

    def of_cases(self, case_ids: Iterable[str]) -> dict[str, list[ChannelCase]]:
        """The channel threads of these cases, by the case's 15-character Id (one query per 500 cases)."""
        keys = sorted({cid[:15] for cid in case_ids if cid})
        out: dict[str, list[ChannelCase]] = {}
        c = t.channel_cases.c
        with read_connection(self._engine) as conn:
            for i in range(0, len(keys), 500):
                for row in conn.execute(select(t.channel_cases).where(c.case_key.in_(keys[i:i + 500]))
                                        .order_by(c.created_at)):
                    found = _case(row)
                    if found is not None:
                        out.setdefault(found.case_id[:15], []).append(found)
        return out

    def burst_root(self, channel: str, author: str, ts: str, window: timedelta) -> str:
        """The root of `author`'s burst in `channel` that the message `ts` (top-level) belongs to: the ts of their
        first message when the previous one came within `window`, else `ts` itself (a new burst)."""
        now = self._now()
        c = t.channel_bursts.c
        with write_transaction(self._engine) as conn:
            stmt = self._insert(conn, t.channel_bursts).values(channel=channel, author=author, root_ts=ts, last_at=now)
            stmt = stmt.on_conflict_do_update(
                index_elements=[c.channel, c.author],
                set_={"root_ts": case((c.last_at >= now - window, c.root_ts), else_=ts), "last_at": now},
            ).returning(t.channel_bursts.c.root_ts)
            return str(conn.execute(stmt).scalar_one())


def _case(row: Any) -> ChannelCase | None:
    if row is None:
        return None
    return ChannelCase(row.channel, row.root_ts, row.case_id, row.case_number, row.requester, bool(row.private),
                       bool(row.public_updates))
