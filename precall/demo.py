"""The bundled demo: a realistic industry, two accounts, three meetings, a filled matrix,
research read from saved pages (no network) linked as evidence, a call plan and a
follow-up.

Meeting and research dates are set relative to today, so the demo always has upcoming
meetings and fresh research.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from precall import resources
from precall.errors import PrecallError
from precall.research.extract import extract_page
from precall.research.sources import FetchStatus, RobotsDecision
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
            # Industry research belongs to no account; clear it so the demo starts clean.
            for source in store.sources.list():
                store.sources.remove(source.id)
            for ref in store.research.recent(limit=1_000_000):
                store.research.delete(ref.id)
        counts = {"accounts": 0, "contacts": 0, "meetings": 0, "items": 0, "research": 0}
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
            account_id = _account_id(store, meeting["account"])
            contacts = {c.name: c.id for c in store.accounts.contacts(account_id)}
            hour, minute = (int(part) for part in meeting["time"].split(":"))
            day = today + timedelta(days=meeting["day_offset"])
            start = localize(datetime.combine(day, time(hour, minute)), meeting["tz"])
            created = store.meetings.create(
                account_id,
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
            if meeting.get("plan"):
                store.plans.update(created.id, **meeting["plan"])
            for follow_up in meeting.get("followups", []):
                store.followups.add(created.id, follow_up["text"], day + timedelta(days=follow_up["days_after"]),
                                    ten_percent=follow_up.get("ten_percent", False))
            counts["meetings"] += 1
        counts["research"] = _load_research(store, spec)
    return counts


def _load_research(store: Store, spec: dict[str, Any]) -> int:
    """Saved pages go through the same extraction and storage as a real fetch."""
    industry_id = store.sources.industry_id(spec["industry"])
    for entry in spec.get("research", []):
        owner = {"industry_id": industry_id} if entry.get("industry") else {
            "account_id": _account_id(store, entry["account"])}
        source = store.sources.add(entry["url"], kind=entry["kind"], label=entry["label"], **owner)
        page = extract_page(resources.resource_path("demo", entry["file"]).read_bytes(), entry["url"])
        fetched_at = store.now() - timedelta(days=entry["days_ago"])
        item, _ = store.research.save_page(source_id=source.id, url=entry["url"], page=page, fetched_at=fetched_at)
        # The saved page stands for a fetch made then, so the source says when it was read.
        store.sources.record_fetch(source.id, fetched_at=fetched_at, status=FetchStatus.OK,
                                   robots_decision=RobotsDecision.ALLOWED)
        for account_name, item_text in entry.get("evidence", []):
            matrix_item = next(i for i in store.matrix.items(_account_id(store, account_name)) if i.text == item_text)
            store.research.link_evidence(matrix_item.id, item.id)
    return len(spec.get("research", []))


def _account_id(store: Store, name: str) -> int:
    account = store.accounts.by_name(name)
    if account is None:
        raise ValueError(f"demo.json names an undefined account {name!r}")
    return account.id
