"""Calendar import options and the one-message problem list."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from precall.calendar import model
from precall.calendar.model import MAX_PROBLEMS_SHOWN, ImportOptions, problems_message


def test_the_import_window_bounds_are_inclusive() -> None:
    ImportOptions(days_back=0, days_ahead=1)
    ImportOptions(days_back=60, days_ahead=3600)  # exactly ten years
    for back, ahead in [(-1, 10), (0, 0)]:
        with pytest.raises(ValueError, match="days_back >= 0 and days_ahead >= 1"):
            ImportOptions(days_back=back, days_ahead=ahead)
    with pytest.raises(ValueError, match="at most ten years"):
        ImportOptions(days_back=61, days_ahead=3600)


def test_problems_are_shown_up_to_the_limit_then_counted() -> None:
    assert MAX_PROBLEMS_SHOWN == 8
    exactly = problems_message("work.ics", [f"p{n}" for n in range(8)])
    assert exactly.startswith("work.ics cannot be imported; nothing was changed:\n  - p0\n")
    assert "more" not in exactly and exactly.endswith("  - p7")
    longer = problems_message("work.ics", [f"p{n}" for n in range(10)])
    assert "  - p7" in longer and "p8" not in longer
    assert longer.endswith("\n  … and 2 more.")


def test_calendar_values_are_immutable_and_an_event_is_not_cancelled_by_default() -> None:
    for cls in (model.Attendee, model.CalendarEvent, model.ImportOptions):
        assert cls.__dataclass_params__.frozen, cls.__name__  # type: ignore[attr-defined]
    start = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    event = model.CalendarEvent("uid@x", "", 0, "Call", start, start, "UTC")
    assert event.cancelled is False and event.all_day is False
