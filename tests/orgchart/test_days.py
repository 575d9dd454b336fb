"""Today is Việt Nam's today, and dates are read as a clerk types them."""

from __future__ import annotations

import datetime as dt

import pytest

from orgchart import days

UTC = dt.UTC


@pytest.mark.parametrize(("utc", "expected"), [
    (dt.datetime(2025, 12, 1, 16, 59, tzinfo=UTC), dt.date(2025, 12, 1)),  # 23:59 in Hà Nội
    (dt.datetime(2025, 12, 1, 17, 0, tzinfo=UTC), dt.date(2025, 12, 2)),   # 00:00
    (dt.datetime(2025, 12, 31, 23, 0, tzinfo=UTC), dt.date(2026, 1, 1)),   # 06:00, new year
    (dt.datetime(2026, 1, 1, 6, 0), dt.date(2026, 1, 1)),  # naive: taken as UTC (13:00)
])
def test_today_is_the_date_in_vietnam(utc: dt.datetime, expected: dt.date) -> None:
    assert days.today(utc) == expected


def test_today_without_argument_follows_the_vietnam_clock() -> None:
    before = dt.datetime.now(days.VIETNAM).date()
    got = days.today()
    after = dt.datetime.now(days.VIETNAM).date()
    assert got in (before, after)


@pytest.mark.parametrize(("text", "expected"), [
    ("15/01/2026", dt.date(2026, 1, 15)), ("5/1/2026", dt.date(2026, 1, 5)),
    ("15-01-2026", dt.date(2026, 1, 15)), ("15.01.2026", dt.date(2026, 1, 15)),
    ("2026-01-15", dt.date(2026, 1, 15)), (" 01/02/2026 ", dt.date(2026, 2, 1)),
])
def test_parse_day_reads_day_first_and_iso(text: str, expected: dt.date) -> None:
    assert days.parse_day(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("31/02/2026", "không có trong lịch"), ("2026/01/15", "không đúng dạng"),
    ("15 tháng 1", "không đúng dạng"), ("", "không đúng dạng"),
])
def test_parse_day_refuses_in_vietnamese(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        days.parse_day(text)
