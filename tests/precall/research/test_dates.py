"""Publication dates in the styles pages and feeds write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from precall.research.dates import parse_date, parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-07", date(2026, 3, 7)),
        ("Posted 2026-3-7 by Ada", date(2026, 3, 7)),
        ("2026/03/07", date(2026, 3, 7)),
        ("2026.03.07", date(2026, 3, 7)),
        ("20260307", date(2026, 3, 7)),
        ("20260307T101500Z", date(2026, 3, 7)),
        ("7 March 2026", date(2026, 3, 7)),
        ("March 7th, 2026", date(2026, 3, 7)),
        ("Sept. 21 2026", date(2026, 9, 21)),
        ("Sat, 07 Mar 2026 10:15:00 +0100", date(2026, 3, 7)),
        ("1990-01-01", date(1990, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
    ],
)
def test_dates_in_common_styles(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "no date here", "1989-12-31", "2101-01-01", "2026-02-30", "March 2026", "0001-01-01",
     "x" * 80 + "2026-03-07"],
)
def test_impossible_out_of_range_or_missing_dates_are_none(text: str | None) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-07T10:15:30Z", datetime(2026, 3, 7, 10, 15, 30, tzinfo=timezone.utc)),
        ("2026-03-07 10:15", datetime(2026, 3, 7, 10, 15, tzinfo=timezone.utc)),
        ("2026-03-07T10:15:30.123+02:00", datetime(2026, 3, 7, 10, 15, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("2026-03-07T10:15:30-0530", datetime(2026, 3, 7, 10, 15, 30, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
        ("Sat, 07 Mar 2026 10:15:00 +0100", datetime(2026, 3, 7, 10, 15, tzinfo=timezone(timedelta(hours=1)))),
        ("Sat, 07 Mar 2026 10:15:00 -0000", datetime(2026, 3, 7, 10, 15, tzinfo=timezone.utc)),
        ("7 March 2026", datetime(2026, 3, 7, tzinfo=timezone.utc)),
    ],
)
def test_datetimes_keep_their_offset_and_default_to_utc(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", [None, "", "nothing", "2026-13-07T10:15", "2026-03-07T25:15", "2026-03-07T10:15+99:00"])
def test_impossible_datetimes_are_none(text: str | None) -> None:
    assert parse_datetime(text) is None
