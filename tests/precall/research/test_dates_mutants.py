"""parse_datetime() reads only the start of a string (a hostile page can make it huge)."""

from __future__ import annotations

from datetime import datetime, timezone

from precall.research.dates import parse_datetime


def test_only_the_first_80_characters_are_read() -> None:
    assert parse_datetime("x" * 80 + "2026-01-02T03:04:05Z") is None
    assert parse_datetime("x" * 59 + " 2026-01-02T03:04:05Z") == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
