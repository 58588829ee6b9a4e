"""The bundled demo: a realistic industry, two accounts, three meetings, a filled matrix.

Meeting dates are set relative to today, so the demo always has upcoming meetings.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from precall import resources
from precall.errors import PrecallError
from precall.store import Store
from precall.timeparse import localize


def load_demo(store: Store, *, force: bool = False) -> dict[str, int]:
    """Fill ``store`` with the demo; refuses a database that has data unless ``force``."""
    spec: dict[str, Any] = resources.read_json("demo.json")
    with store.write():
        if not store.is_empty():
            if not force:
                raise PrecallError(
                    f"{store.path} already has data; use 'precall demo --force' to replace it with the demo."
                )
            for account in store.accounts.list():
                store.accounts.delete(account.id)
        counts = {"accounts": 0, "contacts": 0, "meetings": 0, "items": 0}
        for account_spec in spec["accounts"]:
            account = store.accounts.create(
                account_spec["name"], account_spec["website"], spec["industry"], account_spec["notes"]
            )
            counts["accounts"] += 1
            for contact in account_spec["contacts"]:
                store.accounts.add_contact(account.id, contact["name"], contact["title"], contact["email"], contact["role"])
                counts["contacts"] += 1
            rows = {row.key: row for row in store.matrix.rows(account.id)}
            for role_name, cells in account_spec["matrix"].items():
                role = store.matrix.ensure_role(account.id, role_name)
                for row_key, items in cells.items():
                    for text, status in items:
                        store.matrix.add_item(role.id, rows[row_key].id, text, status=status)
                        counts["items"] += 1
        today = store.now().date()
        for meeting in spec["meetings"]:
            account = store.accounts.by_name(meeting["account"])
            if account is None:
                raise ValueError(f"demo.json: meeting names an undefined account {meeting['account']!r}")
            contacts = {c.name: c.id for c in store.accounts.contacts(account.id)}
            hour, minute = (int(part) for part in meeting["time"].split(":"))
            day = today + timedelta(days=meeting["day_offset"])
            start = localize(datetime.combine(day, time(hour, minute)), meeting["tz"])
            created = store.meetings.create(
                account.id,
                meeting["title"],
                start,
                start + timedelta(minutes=meeting["minutes"]),
                meeting["tz"],
                attendee_ids=[contacts[name] for name in meeting["attendees"]],
                **{key: meeting[key] for key in (
                    "location", "customer_benefit", "best_commitment", "min_commitment",
                    "relationship_purpose", "debrief") if key in meeting},
            )
            if meeting.get("status"):
                store.meetings.update(created.id, status=meeting["status"])
            counts["meetings"] += 1
    return counts
