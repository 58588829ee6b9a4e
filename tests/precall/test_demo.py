"""The bundled demo: a newcomer sees every part of the product, offline."""

from __future__ import annotations

from precall.demo import load_demo
from precall.domain.matrix import ItemStatus
from precall.store import Store


def test_demo_fills_every_part_and_links_research_as_evidence(store: Store) -> None:
    counts = load_demo(store)
    assert counts == {"accounts": 2, "contacts": 5, "meetings": 3, "items": 31, "research": 3}
    northwind = store.accounts.by_name("Northwind Foods")
    assert northwind is not None and northwind.industry == "Food & beverage manufacturing"
    items = {i.text: i for i in store.matrix.items(northwind.id)}
    evidence = store.research.evidence_for_items([items["Q3 results showed a margin drop of 2 points"].id])
    assert [ref.title for refs in evidence.values() for ref in refs] == [
        "Northwind Foods names new COO, sets out 90-day operations plan"
    ]
    assert items["Forecasts miss by 15-20% on promotions"].status is ItemStatus.RESEARCHED
    hits = store.research.search("working capital")
    assert hits and "working capital" in hits[0].title.lower()
    assert all(source.last_fetched_at is not None for source in store.sources.list())
    upcoming = store.meetings.summaries(store.now())[0]
    assert store.plans.get(upcoming.id).risky_gift.startswith("A one-page estimate")


def test_demo_force_replaces_everything_including_industry_research(store: Store) -> None:
    load_demo(store)
    assert load_demo(store, force=True)["research"] == 3
    assert store.research.count() == 3
    assert len(store.sources.list()) == 3
