"""Salesforce date/time formats.

Stored and returned datetimes look like `2026-11-25T02:11:14.000+0000` (UTC, whole seconds as in
Salesforce; the fraction is always .000). This form sorts lexicographically, so SQLite compares them as
text. SOQL literals (`2026-11-25T02:11:14Z`, `...+00:00`, `...-05:00`, with or without milliseconds) are
converted to the same form, keeping their milliseconds (`format_instant`).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

UTC = timezone.utc


def format_datetime(dt: datetime) -> str:
    """Salesforce's form. Salesforce keeps datetimes to the whole second (the fraction is always .000)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def format_instant(dt: datetime) -> str:
    """A SOQL literal bound in its exact instant (milliseconds kept), for comparisons against stored values."""
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}+0000"


def parse_datetime(text: str) -> datetime:
    """Parse an ISO-8601 / Salesforce datetime; raises ValueError. Naive values are taken as UTC."""
    s = text.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    if len(s) >= 5 and s[-5] in "+-" and s[-4:].isdigit() and s[-3] != ":":
        s = s[:-2] + ":" + s[-2:]
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def normalize_datetime(text: str) -> str:
    return format_datetime(parse_datetime(text))


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def date_literal_range(name: str, n: int | None, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) in UTC of a SOQL date literal such as TODAY or LAST_N_DAYS:30 (org time zone: UTC)."""
    today = now.astimezone(UTC).date()
    week0 = today - timedelta(days=(today.weekday() + 1) % 7)   # weeks start on Sunday (en_US locale)
    month0 = today.replace(day=1)
    d = timedelta(days=1)
    n = n or 0
    table = {
        "TODAY": (today, today + d),
        "YESTERDAY": (today - d, today),
        "TOMORROW": (today + d, today + 2 * d),
        "LAST_N_DAYS": (today - n * d, today + d),
        "NEXT_N_DAYS": (today + d, today + (n + 1) * d),
        "N_DAYS_AGO": (today - n * d, today - (n - 1) * d),
        "THIS_WEEK": (week0, week0 + 7 * d),
        "LAST_WEEK": (week0 - 7 * d, week0),
        "NEXT_WEEK": (week0 + 7 * d, week0 + 14 * d),
        "LAST_N_WEEKS": (week0 - 7 * n * d, week0),
        "NEXT_N_WEEKS": (week0 + 7 * d, week0 + 7 * (n + 1) * d),
        "THIS_MONTH": (month0, add_months(month0, 1)),
        "LAST_MONTH": (add_months(month0, -1), month0),
        "NEXT_MONTH": (add_months(month0, 1), add_months(month0, 2)),
        "LAST_N_MONTHS": (add_months(month0, -n), month0),
        "NEXT_N_MONTHS": (add_months(month0, 1), add_months(month0, n + 1)),
    }
    start, end = table[name]
    return day_start(start), day_start(end)
