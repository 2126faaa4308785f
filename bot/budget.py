"""Per-person budget (decision 11): how many messages a person may send the bot in a minute and how many cases it
files for them in a day, counted in the store (store/budget.py) so every replica shares the count. The limits come
from the settings (PERSON_MESSAGES_PER_MINUTE, PERSON_CASES_PER_DAY; 0 = no limit) and are generous for anyone
typing by hand: they stop a script, a stuck key or a loop between two bots from writing hundreds of comments and
replies into one DM (Slack allows about one message a second per channel)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Any


class Verdict(enum.Enum):
    OK = "ok"            # within the budget: handled
    TELL = "tell"        # the first message over it this minute: answered once, politely, not handled
    QUIET = "quiet"      # later ones in the same minute: dropped without a word (no flood of "slow down")


@dataclass(frozen=True)
class Limits:
    messages_per_minute: int = 30
    cases_per_day: int = 25


class Budget:
    def __init__(self, store: Any, limits: Limits):
        self.store, self.limits = store, limits

    def message(self, slack_user_id: str) -> Verdict:
        """Count one message of the person's this minute (UTC) and say whether it is handled."""
        limit = self.limits.messages_per_minute
        if limit <= 0:
            return Verdict.OK
        start = self.store.now().replace(second=0, microsecond=0)
        used = self.store.budgets.spend(f"msg:{slack_user_id}:{start:%Y%m%dT%H%M}", start + timedelta(minutes=1))
        return Verdict.OK if used <= limit else Verdict.TELL if used == limit + 1 else Verdict.QUIET

    def _day(self, slack_user_id: str) -> tuple[str, Any]:
        start = self.store.now().replace(hour=0, minute=0, second=0, microsecond=0)
        return f"case:{slack_user_id}:{start:%Y%m%d}", start + timedelta(days=1)

    def may_file(self, slack_user_id: str) -> bool:
        """Whether one more case may be filed for the person today (UTC day)."""
        limit = self.limits.cases_per_day
        return limit <= 0 or self.store.budgets.used(self._day(slack_user_id)[0]) < limit

    def filed(self, slack_user_id: str) -> None:
        """Count a case filed (or queued to be filed) for the person today."""
        if self.limits.cases_per_day > 0:
            self.store.budgets.spend(*self._day(slack_user_id))
