"""Parsing and arithmetic for business dates and months (YYYY-MM)."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timezone

from ledger.errors import Refused

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(text: str, field: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Refused(f"{field} '{text}' is not a date; write it as YYYY-MM-DD") from None


def parse_month(text: str, field: str = "month") -> str:
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise Refused(f"{field} '{text}' is not a month; write it as YYYY-MM")
    return text


def parse_timestamp(text: str, field: str = "as-of") -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise Refused(
            f"{field} '{text}' is not a timestamp; write it as ISO 8601, e.g. 2026-03-01T12:00:00+00:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1)


def last_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, calendar.monthrange(year, mon)[1])


def next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def months_between(start: str, end: str) -> list[str]:
    """Every month from start to end, both included."""
    months, current = [], start
    while current <= end:
        months.append(current)
        current = next_month(current)
    return months
