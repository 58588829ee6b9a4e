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
    # One line (the command line's contract), the first few problems in full.
    assert MAX_PROBLEMS_SHOWN == 3
    exactly = problems_message("work.ics", [f"p{n}" for n in range(3)])
    assert exactly == "work.ics cannot be imported; nothing was changed: p0; p1; p2."
    longer = problems_message("work.ics", [f"p{n}" for n in range(5)])
    assert "p2" in longer and "p3" not in longer and "\n" not in longer
    assert longer.endswith("p2; and 2 more.")


def test_calendar_values_are_immutable_and_an_event_is_not_cancelled_by_default() -> None:
    for cls in (model.Attendee, model.CalendarEvent, model.ImportOptions):
        assert cls.__dataclass_params__.frozen, cls.__name__  # type: ignore[attr-defined]
    start = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    event = model.CalendarEvent("uid@x", "", 0, "Call", start, start, "UTC")
    assert event.cancelled is False and event.all_day is False
