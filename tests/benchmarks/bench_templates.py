"""Assumption templates at team scale: a 500-item template imported and applied to
200 accounts, then an update applied to the same 200 accounts.

Update: 60 items reworded, 25 dropped, 25 added; in every account the rep has edited,
confirmed or refuted 12 of the items first (those stay as the rep left them).
Baselines in the same run: for the import, a plain schema-checked read of the same file
(``json.loads`` plus stock ``jsonschema`` validation against our schema, cold, as any
importer using the published schema would pay; bare ``json.loads`` is reported too), and
for apply and update a bare ``executemany`` of the same 100,000 matrix rows in one
transaction (the floor for SQLite).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema

from precall import resources
from precall.clock import FixedClock
from precall.progress import Progress
from precall.store import Store
from tests.benchmarks.common import result

ACCOUNTS = 200
ITEMS = 500
ROLES = ("CFO", "CIO", "VP Operations", "IT Director", "Procurement")
ROWS = [("objectives", "Objectives"), ("challenges", "Challenges"), ("related_concerns", "Related concerns"),
        ("trigger_events", "Trigger events"), ("status_quo", "Status quo"), ("decision_process", "Decision process"),
        ("metrics", "Metrics they are measured on"), ("questions", "Questions to ask")]
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def template_document(version: int) -> dict[str, Any]:
    items: dict[str, list[dict[str, Any]]] = {role: [] for role in ROLES}
    for n in range(ITEMS):
        role, (row, _label) = ROLES[n % len(ROLES)], ROWS[(n // len(ROLES)) % len(ROWS)]
        items[role].append({"key": f"k{n}", "row": row, "keywords": [f"topic {n % 37}", f"theme {n % 11}"],
                            "text": f"Assumption {n}: {role} worries about {row.replace('_', ' ')} in the next budget cycle"})
    if version > 1:
        flat = [item for role in ROLES for item in items[role]]
        for item in flat[:60]:
            item["text"] += " (sharpened after team feedback)"
        dropped = {item["key"] for item in flat[60:85]}
        for role in ROLES:
            items[role] = [i for i in items[role] if i["key"] not in dropped]
        for n in range(25):
            items[ROLES[n % len(ROLES)]].append({"key": f"new{n}", "row": "questions", "text": f"New question {n}"})
    return {
        "format": "precall-template", "format_version": 1, "id": "bench-persona", "version": version,
        "name": "Benchmark persona", "author": "Bench", "updated_at": "2026-11-01T09:00:00+00:00",
        "industry": "Manufacturing", "rows": [{"key": k, "label": label} for k, label in ROWS],
        "roles": [{"name": role, "items": items[role]} for role in ROLES],
        "research_sources": [{"url": "https://www.example.org/association", "scope": "industry", "kind": "site"}],
        "checklist": [{"text": "Read the annual report", "moment": "day_before"}],
    }


def _bare_insert_seconds(path: Path) -> float:
    """The floor: the same 100,000 matrix rows in one executemany, no planning."""
    with Store.open(path, clock=FixedClock(NOW)) as store:
        with store.write():
            ids = [store.accounts.create(f"Floor {a}").id for a in range(ACCOUNTS)]
            cells = []
            for account_id in ids:
                role = store.matrix.ensure_role(account_id, "CFO").id
                row = store.matrix.rows(account_id)[0].id
                cells.append((account_id, role, row))
        rows = [(a, r, w, n, f"Assumption {n}", "template:x@1", "[]", "t", "t")
                for a, r, w in cells for n in range(ITEMS)]
        start = time.perf_counter()
        with store.write():
            store.conn.executemany(
                "INSERT INTO matrix_items(account_id, role_id, row_id, position, text, origin, keywords, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return time.perf_counter() - start


def run() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="precall-bench-templates-") as folder:
        root = Path(folder)
        v1, v2 = root / "v1.json", root / "v2.json"
        v1.write_text(json.dumps(template_document(1)))
        v2.write_text(json.dumps(template_document(2)))
        floor = _bare_insert_seconds(root / "floor.db")

        store = Store.open(root / "bench.db", clock=FixedClock(NOW))
        try:
            with store.write():
                ids = [store.accounts.create(f"Account {a:03d}", industry="Manufacturing").id for a in range(ACCOUNTS)]
            # Ours first, so any warm-up the two share is paid by ours, not the baseline.
            start = time.perf_counter()
            store.templates.import_file(v1)
            imported = time.perf_counter() - start
            start = time.perf_counter()
            json.loads(v1.read_text())
            parse_only = time.perf_counter() - start
            start = time.perf_counter()
            jsonschema.validate(json.loads(v1.read_text()), resources.read_json("template.schema.json"))
            schema_read = time.perf_counter() - start
            yield result("templates_import_500_items", imported * 1000, "ms", schema_read * 1000,
                         json_loads_ms=round(parse_only * 1000, 3))

            start = time.perf_counter()
            store.templates.apply_many(ids, "bench-persona", progress=Progress())
            applied = time.perf_counter() - start
            items = store.conn.execute("SELECT count(*) FROM matrix_items").fetchone()[0]
            yield result("templates_apply_500_items_200_accounts", applied, "s", floor, matrix_items=items)

            with store.write():
                for account_id in ids:
                    linked = store.templates.linked_items(account_id, "bench-persona")
                    for n, item in enumerate(linked[50:62]):
                        if n % 3 == 0:
                            store.matrix.update_item(item.id, text=item.text + " (rep's words)")
                        else:
                            store.matrix.update_item(item.id, status="confirmed" if n % 3 == 1 else "refuted")
            start = time.perf_counter()
            outcome = store.templates.import_file(v2)
            plans = store.templates.apply_many(ids, "bench-persona", progress=Progress())
            updated = time.perf_counter() - start
            yield result("templates_update_500_items_200_accounts", updated, "s", floor,
                         update=outcome.diff.summary() if outcome.diff else "", per_account=plans[0].summary())
        finally:
            store.close()
