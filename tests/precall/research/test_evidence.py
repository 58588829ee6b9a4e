"""Evidence: suggestions for a matrix item, accepting (→ researched) and unlinking."""

from __future__ import annotations

import pytest

from precall.domain.matrix import ItemStatus
from precall.errors import NotFoundError
from precall.research.evidence import evidence_query
from precall.store import Store
from tests.precall.research.helpers import FETCHED, add_source, page


# A long report mentions each keyword once; bm25 alone prefers the short page that
# repeats one keyword (length normalisation), coverage re-ranking prefers the report.
FILLER = " ".join(["The board also discussed fleet renewal, driver hiring and the new depot in Leeds."] * 25)


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    acme = store.accounts.create("Acme Freight", industry="Logistics")
    other = store.accounts.create("Globex")
    role = store.matrix.add_role(acme.id, "CFO")
    store.matrix.ensure_default_rows(acme.id)
    row = store.matrix.rows(acme.id)[0]
    item = store.matrix.add_item(role.id, row.id, "Under pressure to cut working capital tied up in inventory",
                                 origin="template:logistics@3", keywords=["inventory", "working capital"])
    own = add_source(store, "https://acme.example/news", account_id=acme.id)
    industry = add_source(store, "https://logistics.example/feed", industry="Logistics")
    foreign = add_source(store, "https://globex.example/news", account_id=other.id)

    def save(source: int, slug: str, title: str, text: str) -> int:
        saved, _ = store.research.save_page(source_id=source, url=f"https://x.example/{slug}", page=page(title, text),
                                            fetched_at=FETCHED)
        return saved.id

    for n in range(12):  # a realistic library, so that bm25's term weights mean something
        save(industry, f"noise{n}", f"Freight market note {n}", f"Spot rates moved {n}% on lane {n}. Capital markets.")
    return {
        "account": acme.id, "item": item.id, "role": role.id, "row": row.id,
        "both": save(own, "both", "Acme cuts inventory",
                     "Acme Freight cut inventory by 12% to free working capital. " + FILLER),
        "one": save(industry, "one", "Inventory", "Inventory levels."),
        "unrelated": save(own, "unrelated", "Acme sponsors a marathon", "The city marathon had a new sponsor."),
        "foreign": save(foreign, "foreign", "Globex inventory and working capital",
                        "Globex reduced inventory and working capital."),
    }


def test_keywords_from_template_come_first_and_stop_words_go() -> None:
    query = evidence_query("Under pressure to cut the working capital", ["Inventory", "working capital"])
    assert query.chosen == ("inventory", "working", "capital")
    assert "the" not in query.terms and "to" not in query.terms
    assert "pressure" in query.derived


def test_suggestions_cover_the_assumption_and_stay_in_scope(store: Store, world: dict[str, int]) -> None:
    hits = store.research.suggest_evidence(world["item"])
    ids = [h.id for h in hits]
    assert ids[0] == world["both"]  # covers inventory AND working capital, beats keyword stuffing
    assert world["one"] in ids
    assert world["unrelated"] not in ids
    assert world["foreign"] not in ids  # another account's research is not evidence here


def test_accepting_links_and_marks_researched_in_one_go(store: Store, world: dict[str, int]) -> None:
    store.research.link_evidence(world["item"], world["both"])
    assert store.matrix.item(world["item"]).status is ItemStatus.RESEARCHED
    refs = store.research.evidence_for_items([world["item"], 999])
    assert [r.id for r in refs[world["item"]]] == [world["both"]] and refs[999] == []
    assert refs[world["item"]][0].title == "Acme cuts inventory"
    # Linked items are not suggested again; linking twice is harmless.
    assert world["both"] not in [h.id for h in store.research.suggest_evidence(world["item"])]
    store.research.link_evidence(world["item"], world["both"])
    assert len(store.research.evidence_for_items([world["item"]])[world["item"]]) == 1


def test_unlinking_the_last_evidence_goes_back_to_assumed(store: Store, world: dict[str, int]) -> None:
    store.research.link_evidence(world["item"], world["both"])
    store.research.link_evidence(world["item"], world["one"])
    store.research.unlink_evidence(world["item"], world["both"])
    assert store.matrix.item(world["item"]).status is ItemStatus.RESEARCHED
    store.research.unlink_evidence(world["item"], world["one"])
    assert store.matrix.item(world["item"]).status is ItemStatus.ASSUMED


def test_confirmed_items_keep_their_status(store: Store, world: dict[str, int]) -> None:
    store.matrix.update_item(world["item"], status="confirmed")
    store.research.link_evidence(world["item"], world["both"])
    assert store.matrix.item(world["item"]).status is ItemStatus.CONFIRMED
    store.research.unlink_evidence(world["item"], world["both"])
    assert store.matrix.item(world["item"]).status is ItemStatus.CONFIRMED


def test_linking_a_missing_research_item_changes_nothing(store: Store, world: dict[str, int]) -> None:
    with pytest.raises(NotFoundError):
        store.research.link_evidence(world["item"], 424242)
    assert store.matrix.item(world["item"]).status is ItemStatus.ASSUMED
    assert store.research.evidence_for_items([world["item"]])[world["item"]] == []


def test_links_vanish_with_either_side(store: Store, world: dict[str, int]) -> None:
    store.research.link_evidence(world["item"], world["both"])
    store.research.delete(world["both"])
    assert store.research.evidence_for_items([world["item"]])[world["item"]] == []
    store.research.link_evidence(world["item"], world["one"])
    store.matrix.remove_item(world["item"])
    count = store.conn.execute("SELECT count(*) FROM matrix_item_evidence").fetchone()[0]
    assert count == 0
