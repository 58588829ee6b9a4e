"""``precall search`` across matrix items and research, as a user or script runs it: JSON and
text output, and queries that are FTS syntax never fail."""

from __future__ import annotations

import json
from pathlib import Path

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.cli.test_extract_cmd import run
from tests.precall.research.helpers import FETCHED, add_source, page


def seed(db_path: Path, clock: FixedClock) -> dict[str, int]:
    with Store.open(db_path, clock=clock) as store:
        acme = store.accounts.create("Acme Freight", industry="Logistics")
        role = store.matrix.add_role(acme.id, "COO")
        store.matrix.ensure_default_rows(acme.id)
        row = store.matrix.rows(acme.id)[0]
        item = store.matrix.add_item(role.id, row.id, "Worried about peak-season warehouse capacity")
        source = add_source(store, "https://acme.example/news", account_id=acme.id)
        research, _ = store.research.save_page(
            source_id=source, url="https://acme.example/n1",
            page=page("Acme adds warehouse capacity", "Acme Freight adds a warehouse before peak season."),
            fetched_at=FETCHED)
        return {"item": item.id, "research": research.id}


def test_search_json_across_kinds(db_path: Path, clock: FixedClock) -> None:
    ids = seed(db_path, clock)
    code, out, err = run(["search", "warehouse", "--json"], db_path, clock)
    assert code == 0, err
    results = json.loads(out)
    kinds = {(r["kind"], r["id"]) for r in results}
    assert ("matrix_item", ids["item"]) in kinds and ("research", ids["research"]) in kinds
    research = next(r for r in results if r["kind"] == "research")
    assert research["account"] == "Acme Freight" and research["url"] == "https://acme.example/n1"
    assert "[warehouse]" in research["snippet"]
    for result in results:
        assert {"kind", "id", "title", "snippet", "account"} <= result.keys()


def test_search_text_and_hostile_query(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    code, out, _ = run(["search", "peak-season"], db_path, clock)
    assert code == 0 and "Assumption" in out and "Research" in out
    for query in ['"', "AND (", "100%", "_", "*", "ÄÖÜ"]:
        code, out, err = run(["search", query, "--json"], db_path, clock)
        assert code == 0, (query, err)
        assert isinstance(json.loads(out), list)
