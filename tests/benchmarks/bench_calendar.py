"""Calendar import: parse, plan and apply a realistic work calendar, against bare icalendar.

The baseline is icalendar's own parse of the same bytes (the floor any importer pays);
the results show what zone handling, recurrence expansion, planning and the one write
transaction add on top, and how long a re-import that changes nothing takes.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import icalendar

from precall.calendar.apply import apply_plan
from precall.calendar.model import ImportOptions
from precall.calendar.parse import parse_ics
from precall.calendar.plan import compute_plan
from precall.clock import FixedClock
from precall.store import Store
from tests.benchmarks.common import median_ms, result

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
OPTIONS = ImportOptions(user_tz="Europe/Paris")


def work_calendar(singles: int = 400, series: int = 20) -> bytes:
    """Single meetings with 20 customers plus weekly series, Google-shaped."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "X-WR-CALNAME:rep@oursales.com",
             "X-WR-TIMEZONE:Europe/Berlin"]
    for i in range(singles):
        day = 1 + i % 28
        month = 11 + (i // 28) % 2
        lines += ["BEGIN:VEVENT", f"UID:single-{i}@bench", f"SUMMARY:Call {i}",
                  f"DTSTART:2026{month:02d}{day:02d}T{8 + i % 9:02d}0000Z",
                  f"DTEND:2026{month:02d}{day:02d}T{9 + i % 9:02d}0000Z",
                  f"ATTENDEE;CN=Buyer {i}:mailto:buyer{i}@customer{i % 20}.example",
                  "ATTENDEE:mailto:rep@oursales.com", "END:VEVENT"]
    for i in range(series):
        lines += ["BEGIN:VEVENT", f"UID:series-{i}@bench", f"SUMMARY:Weekly {i}",
                  f"DTSTART;TZID=Europe/Berlin:202610{10 + i % 9:02d}T090000",
                  f"DTEND;TZID=Europe/Berlin:202610{10 + i % 9:02d}T093000", "RRULE:FREQ=WEEKLY",
                  f"ATTENDEE:mailto:lead{i}@customer{i % 20}.example", "ATTENDEE:mailto:rep@oursales.com",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def run() -> Iterable[dict[str, Any]]:
    data = work_calendar()
    baseline = median_ms(lambda: icalendar.Calendar.from_ical(data), repeat=5, warmup=1)
    parse_ms = median_ms(lambda: parse_ics(data, now=NOW, options=OPTIONS), repeat=5, warmup=1)
    parsed = parse_ics(data, now=NOW, options=OPTIONS)
    yield result("calendar_parse_expand", parse_ms, "ms", baseline, events=len(parsed.events), bytes=len(data))
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "bench.db", clock=FixedClock(NOW)) as store:
            started = time.perf_counter()
            plan = compute_plan(store, parse_ics(data, now=NOW, options=OPTIONS), source="", options=OPTIONS)
            imported = apply_plan(store, plan)
            first_ms = (time.perf_counter() - started) * 1000
            yield result("calendar_first_import", first_ms, "ms", baseline, created=len(imported.created))

            def reimport() -> None:
                again = compute_plan(store, parse_ics(data, now=NOW, options=OPTIONS), source="", options=OPTIONS)
                if again.changes_anything:
                    raise RuntimeError("a re-import of the same file planned changes")
                apply_plan(store, again)

            yield result("calendar_reimport_unchanged", median_ms(reimport, repeat=3, warmup=0), "ms", baseline)
