"""Calendar import options and the one-message problem list."""

from __future__ import annotations

import pytest

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
