"""Research items in the database before the shared ``ctx`` (tests/ui/conftest.py) opens it,
for the reader and the evidence panel: their test modules import ``seeded`` and
``prepared_db`` from here (the Research page's tests seed their own accounts)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.research.helpers import FETCHED, add_source, page


@pytest.fixture
def seeded(db_path: Path, clock: FixedClock) -> dict[str, int]:
    with Store.open(db_path, clock=clock) as store:
        acme = store.accounts.create("Acme Freight", industry="Logistics")
        role = store.matrix.add_role(acme.id, "CFO")
        store.matrix.ensure_default_rows(acme.id)
        row = store.matrix.rows(acme.id)[0]
        item = store.matrix.add_item(role.id, row.id, "Wants to free working capital tied up in inventory",
                                     keywords=["inventory", "working capital"])
        source = add_source(store, "https://acme.example/news", account_id=acme.id)
        hub, _ = store.research.save_page(
            source_id=source, url="https://acme.example/hub",
            page=page("Acme opens Rotterdam hub", "Acme opened a hub in Rotterdam.\nIt cuts inventory by 12%.",
                      published=date(2026, 10, 14), author="Maria Jansen"),
            fetched_at=FETCHED)
        store.research.save_page(
            source_id=source, url="https://acme.example/hub",
            page=page("Acme opens Rotterdam hub", "Acme opened an automated hub in Rotterdam, freeing working "
                      "capital.\nIt cuts inventory by 15%.", published=date(2026, 10, 14), author="Maria Jansen"),
            fetched_at=FETCHED + timedelta(days=1))
        hostile, _ = store.research.save_page(
            source_id=source, url="https://acme.example/hostile",
            page=page("Hostile page", 'Before <img src="file:///etc/passwd"> <script>alert(1)</script> after.\n'
                      "See https://acme.example/more and file:///etc/passwd"),
            fetched_at=FETCHED)
        return {"account": acme.id, "item": item.id, "hub": hub.id, "hostile": hostile.id}


@pytest.fixture
def prepared_db(db_path: Path, seeded: dict[str, int]) -> Path:
    """The context opens once the research items are saved."""
    return db_path
