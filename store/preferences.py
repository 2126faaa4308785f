"""Notification preferences per person: the store side (table `concierge_preferences`, store/schema.py).

A row says one person switched one kind (servicecloud.config.Preference values) on or off; no row means the
default (on). What the org forces on is applied by the readers (notifications, the App Home), not stored.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from store import schema as t


class PreferenceStore:
    """The preferences table of one Store (`Store.preferences`)."""

    def __init__(self, engine: Engine, insert: Any, now: Callable[[], datetime]):
        self._engine, self._insert, self._now = engine, insert, now

    def set(self, slack_user_id: str, changes: Mapping[str, bool]) -> None:
        """Switch kinds on (True) or off (False) for one person, in one transaction."""
        now = self._now()
        c = t.preferences.c
        with self._engine.begin() as conn:
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
        with self._engine.connect() as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(select(c.slack_user_id, c.kind, c.enabled)
                                    .where(c.slack_user_id.in_(ids[start:start + 500])))
                for row in rows:
                    out.setdefault(row.slack_user_id, {})[row.kind] = bool(row.enabled)
        return out
