"""`concierge report deflection` and `concierge report csat`: the store's figures printed with the run settings
(DATABASE_URL, the org mapping). What is counted lives with what it counts: bot/deflection.py, bot/csat_report.py."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot import csat_report, deflection
from runtime.settings import Settings
from store import Store


def deflection_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="concierge report deflection", description="Knowledge deflection rates")
    ap.add_argument("--days", type=int, default=90, help="answers shown in the last N days (default 90)")
    ap.add_argument("--database-url", default=None, help="default: DATABASE_URL of the run settings")
    args = ap.parse_args(argv)
    url = args.database_url
    if url is None:
        url = Settings().database_url
    store = Store(url)
    now = datetime.now(UTC)
    print(deflection.report(store.answers.since(now - timedelta(days=args.days)), now))
    return 0


def csat_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge report csat",
                                     description="Satisfaction ratings by week, record type and agent")
    parser.add_argument("--weeks", type=int, default=12, help="how many weeks back (default 12; 0: all)")
    args = parser.parse_args(list(argv))
    settings = Settings()
    since = datetime.now(UTC) - timedelta(weeks=args.weeks) if args.weeks > 0 else None
    with Store(settings.database_url) as store:
        lines = csat_report.table(store.surveys.answered(since), settings.org.csat.reopen_at_or_below)
    print("\n".join(lines))
    return 0
