"""Reminder checks and meeting-side reads in a 5,000-meeting database.

The reminder check runs every 20 s on the database worker, so it must stay a few
milliseconds at most however many meetings there are. Baseline: a bare indexed count
of the meetings in the same time window, on the same file, in the same run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from precall.clock import FixedClock, utc_iso
from precall.plans import questions_for_meeting
from precall.reminders import claim_due
from precall.store import Store
from tests.benchmarks.common import median_ms, result

MEETINGS = 5_000
ACCOUNTS = 50
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def build(path: Path) -> tuple[Store, list[int]]:
    store = Store.open(path, clock=FixedClock(NOW))
    ids: list[int] = []
    with store.write():
        for a in range(ACCOUNTS):
            account = store.accounts.create(f"Account {a:03d}")
            rows = {row.key: row.id for row in store.matrix.rows(account.id)}
            contacts = []
            for r, role in enumerate(("CFO", "CIO", "VP Sales", "COO", "Procurement")):
                contact = store.accounts.add_contact(account.id, f"Person {a}-{r}", role, role=role)
                contacts.append(contact.id)
                for q in range(3):
                    store.matrix.add_item(contact.role_id, rows["questions"], f"Question {q} for {role}")
            for m in range(MEETINGS // ACCOUNTS):
                # Spread over two years around now, 2 h apart per account.
                start = NOW + timedelta(hours=2 * (m * ACCOUNTS + a) - MEETINGS)
                ids.append(store.meetings.create(account.id, f"Meeting {m}", start, start + timedelta(hours=1),
                                                 "UTC", attendee_ids=contacts).id)
    return store, ids


def run() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        store, ids = build(Path(folder) / "bench.db")
        try:
            lead = timedelta(minutes=10)
            later = NOW + timedelta(days=3, minutes=7)  # nothing due: the common case

            def bare() -> None:
                store.conn.execute(
                    "SELECT count(*) FROM meetings WHERE start_utc <= ? AND start_utc > ?",
                    [utc_iso(later + lead), utc_iso(later - timedelta(days=1))],
                ).fetchone()

            def check() -> None:
                claim_due(store, later, lead, catching_up=False)

            yield result("reminder_check_5000_meetings", median_ms(check, repeat=30), "ms", median_ms(bare, repeat=30))
            meeting_id = ids[len(ids) // 2]

            def questions() -> None:
                questions_for_meeting(store, meeting_id)

            yield result("questions_for_meeting_5_attendees", median_ms(questions, repeat=30), "ms")
            fresh = iter(ids)

            def first_checklist() -> None:
                store.checklists.for_meeting(next(fresh))

            counter = iter(range(1_000_000))

            def one_row_write() -> None:
                # Baseline: any durable write pays a commit (fsync in WAL with synchronous=FULL).
                with store.write():
                    store.conn.execute("UPDATE meetings SET updated_at = ? WHERE id = ?", [str(next(counter)), meeting_id])

            yield result("checklist_first_access", median_ms(first_checklist, repeat=20), "ms",
                         median_ms(one_row_write, repeat=20))

            def read_checklist() -> None:
                store.checklists.for_meeting(meeting_id)

            yield result("checklist_read", median_ms(read_checklist, repeat=30), "ms")
        finally:
            store.close()
