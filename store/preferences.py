"""Notification preferences per person: the store side (tables `concierge_preferences` and
`concierge_notice_timing`, store/schema/notices.py).

A preferences row says one person switched one kind (servicecloud.config.Preference values) on or off; no row
means the default (on). A timing row holds the person's quiet hours and daily digest hour (`TimingChoice`); a
NULL column means the org's default; its `version` goes up by one at each change (the poller re-times the
person's held notices when it moved, store/holds.py). What the org forces is applied by the readers (notifications, the App
Home), not stored.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from store import schema as t
from store.engines import read_connection, write_transaction


@dataclass(frozen=True, slots=True)
class TimingChoice:
    """When one person wants their notices (None everywhere: the org's defaults)."""

    quiet: bool | None = None          # False: no quiet hours at all; True: quiet hours (theirs or the org's)
    start: str | None = None           # "HH:MM", their local time
    end: str | None = None
    weekends: bool | None = None       # the whole weekend quiet
    digest_hour: int | None = None     # a daily digest at this local hour instead of real time; None: real time
    # how many times the person changed these (0: never); not part of the choice. A held notice remembers the
    # version its due time was decided under, so the poller re-times it when the person changes their mind.
    version: int = field(default=0, compare=False)


_TIMING_COLUMNS = {"quiet": "quiet", "start": "quiet_start", "end": "quiet_end", "weekends": "weekends",
                   "digest_hour": "digest_hour", "version": "version"}
_SETTABLE = set(_TIMING_COLUMNS) - {"version"}


class PreferenceStore:
    """The preferences table of one Store (`Store.preferences`)."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime]):
        self._engine, self._insert, self._now = engine, insert, now

    def set(self, slack_user_id: str, changes: Mapping[str, bool]) -> None:
        """Switch kinds on (True) or off (False) for one person, in one transaction."""
        now = self._now()
        c = t.preferences.c
        with write_transaction(self._engine) as conn:
            for kind, enabled in changes.items():
                ins = self._insert(conn, t.preferences).values(slack_user_id=slack_user_id, kind=str(kind),
                                                               enabled=bool(enabled), updated_at=now)
                conn.execute(ins.on_conflict_do_update(index_elements=[c.slack_user_id, c.kind],
                                                       set_={"enabled": bool(enabled), "updated_at": now}))

    def of(self, slack_user_ids: Iterable[str]) -> dict[str, dict[str, bool]]:
        """slack user id -> {kind: enabled} for the kinds each one has set (one query per 500 people)."""
        ids = sorted({u for u in slack_user_ids if u})
        out: dict[str, dict[str, bool]] = {}
        c = t.preferences.c
        with read_connection(self._engine) as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(select(c.slack_user_id, c.kind, c.enabled)
                                    .where(c.slack_user_id.in_(ids[start:start + 500])))
                for row in rows:
                    out.setdefault(row.slack_user_id, {})[row.kind] = bool(row.enabled)
        return out

    def set_timing(self, slack_user_id: str, **changes: Any) -> TimingChoice:
        """Change some of one person's timing fields (`TimingChoice` names; None puts the org's default back);
        the others keep their value. Returns the person's choice after the change."""
        unknown = set(changes) - _SETTABLE
        if unknown:
            raise ValueError(f"unknown timing field(s): {sorted(unknown)}")
        values = {_TIMING_COLUMNS[k]: v for k, v in changes.items()} | {"updated_at": self._now()}
        c = t.notice_timing.c
        with write_transaction(self._engine) as conn:
            ins = self._insert(conn, t.notice_timing).values(slack_user_id=slack_user_id, version=1, **values)
            conn.execute(ins.on_conflict_do_update(index_elements=[c.slack_user_id],
                                                   set_=values | {"version": c.version + 1}))
        return self.timing_of([slack_user_id])[slack_user_id]

    def timing_of(self, slack_user_ids: Iterable[str]) -> dict[str, TimingChoice]:
        """slack user id -> their `TimingChoice`, for those who made one (one query per 500 people)."""
        ids = sorted({u for u in slack_user_ids if u})
        out: dict[str, TimingChoice] = {}
        c = t.notice_timing.c
        with read_connection(self._engine) as conn:
            for start in range(0, len(ids), 500):
                for row in conn.execute(select(t.notice_timing).where(c.slack_user_id.in_(ids[start:start + 500]))):
                    out[row.slack_user_id] = TimingChoice(**{f.name: getattr(row, _TIMING_COLUMNS[f.name])
                                                             for f in fields(TimingChoice)})
        return out
