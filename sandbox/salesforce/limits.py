"""The org's daily API request allocation: every data-API call is counted per UTC day (table `_usage`);
once `Options.daily_api_limit` is used up, calls answer 403 REQUEST_LIMIT_EXCEEDED."""
from __future__ import annotations

from .database import Database
from .errors import ApiError


class Limits:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _today(self) -> str:
        return self.db.now().date().isoformat()

    def count_call(self) -> tuple[int, int]:
        """Count one API call today; 403 REQUEST_LIMIT_EXCEEDED once the daily limit is used up."""
        with self.db.lock:
            day = self._today()
            row = self.db.conn.execute("SELECT count FROM _usage WHERE day = ?", (day,)).fetchone()
            used = row[0] if row else 0
            if used >= self.db.options.daily_api_limit:
                raise ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            self.db.conn.execute("INSERT OR REPLACE INTO _usage (day, count) VALUES (?, ?)", (day, used + 1))
            return used + 1, self.db.options.daily_api_limit

    def api_usage(self) -> tuple[int, int]:
        """(calls used today, the daily limit)."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT count FROM _usage WHERE day = ?", (self._today(),)).fetchone()
            return (row[0] if row else 0), self.db.options.daily_api_limit

    def set_api_usage(self, used: int) -> None:
        with self.db.lock:
            self.db.conn.execute("INSERT OR REPLACE INTO _usage (day, count) VALUES (?, ?)", (self._today(), used))
