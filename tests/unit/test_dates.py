"""Business dates and months: parsing refuses with one plain sentence; month arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ledger.dates import (
    first_day, last_day, month_of, months_between, next_month, parse_date, parse_month,
    parse_timestamp,
)
from ledger.errors import Refused


def test_parse_date_reads_iso_dates():
    assert parse_date("2026-02-28") == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "yesterday", "", "2026/03/01"])
def test_parse_date_refuses_what_is_not_a_date_naming_the_field(text):
    with pytest.raises(Refused, match=rf"^paid-on '{text}' is not a date; write it as YYYY-MM-DD$"):
        parse_date(text, "paid-on")


def test_parse_month_accepts_a_padded_month():
    assert parse_month("2026-03") == "2026-03"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-3", "26-03", "1899-12", "2026-03-01", ""])
def test_parse_month_refuses_malformed_months(text):
    with pytest.raises(Refused, match=rf"^month '{text}' is not a month; write it as YYYY-MM$"):
        parse_month(text)


def test_parse_timestamp_takes_naive_times_as_utc():
    assert parse_timestamp("2026-03-01T12:00:00") == datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


def test_parse_timestamp_refuses_nonsense():
    with pytest.raises(Refused, match="^as-of 'soon' is not a timestamp"):
        parse_timestamp("soon")


def test_month_arithmetic_handles_year_ends_and_leap_years():
    assert month_of(date(2026, 12, 31)) == "2026-12"
    assert first_day("2026-07") == date(2026, 7, 1)
    assert last_day("2024-02") == date(2024, 2, 29)
    assert last_day("2026-02") == date(2026, 2, 28)
    assert next_month("2025-12") == "2026-01"
    assert next_month("2026-09") == "2026-10"
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-03", "2026-02") == []
