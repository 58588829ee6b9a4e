"""What ``store.research`` promises, where the mutation run found nothing watching: earlier
versions and item references read back field by field, searches that have nothing to look
for, the account's relevant items (stop words alone find nothing), and evidence links that
move an item's status and are listed once each however many items are asked about."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from precall.domain.matrix import ItemStatus
from precall.store import Store
from tests.precall.research.helpers import FETCHED, add_source, page


@pytest.fixture
def account_id(store: Store) -> int:
    return store.accounts.create("Acme").id


def saved(store: Store, source_id: int | None, url: str, title: str, text: str, **kwargs: object) -> int:
    item, _ = store.research.save_page(source_id=source_id, url=url, page=page(title, text, **kwargs),  # type: ignore[arg-type]
                                       fetched_at=FETCHED)
    return item.id


def matrix_item(store: Store, account_id: int, text: str = "Margins matter") -> int:
    role = store.matrix.ensure_role(account_id, "CFO")
    return store.matrix.add_item(role.id, store.matrix.rows(account_id)[0].id, text).id


def test_an_earlier_version_reads_back_field_by_field(store: Store) -> None:
    first = page("Hub opens", "The hub opened.", published=date(2026, 10, 1), author="Ann", summary="Short")
    item, _ = store.research.save_page(source_id=None, url="https://news.example/hub", page=first, fetched_at=FETCHED)
    store.research.save_page(source_id=None, url="https://news.example/hub", page=page("Hub grows", "It grew."),
                             fetched_at=FETCHED + timedelta(hours=1))
    [old] = store.research.versions(item.id)
    assert (old.title, old.author, old.summary, old.text, old.published) == \
        ("Hub opens", "Ann", "Short", "The hub opened.", date(2026, 10, 1))
    assert old.fetched_at == FETCHED and old.superseded_at == FETCHED + timedelta(hours=1)


def test_a_saved_page_is_linked_to_its_source_and_listed_for_the_account(store: Store, account_id: int) -> None:
    source = add_source(store, "https://acme.example/news", account_id=account_id)
    titled = saved(store, source, "https://acme.example/a", "A title", "Some text", published=date(2026, 9, 1))
    untitled = saved(store, source, "https://acme.example/b", "", "Other text")
    orphan = saved(store, None, "https://elsewhere.example/c", "Orphan", "Unrelated words")
    refs = {ref.id: ref for ref in store.research.items_for_account(account_id)}
    assert set(refs) == {titled, untitled}
    assert (refs[titled].title, refs[titled].url, refs[titled].published, refs[titled].source_id) == \
        ("A title", "https://acme.example/a", date(2026, 9, 1), source)
    assert refs[untitled].title == "https://acme.example/b"  # no title: the address stands in
    assert store.research.item(orphan).source_id is None


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_a_search_with_nothing_to_look_for_finds_nothing(store: Store, query: str) -> None:
    saved(store, None, "https://news.example/a", "Anything", "Anything at all")
    assert store.research.search(query) == []
    assert store.research.search("anything", limit=0) == []


def test_relevant_items_skip_stop_words_and_honour_a_limit_of_one(store: Store, account_id: int) -> None:
    source = add_source(store, "https://acme.example/news", account_id=account_id)
    for n in range(3):
        saved(store, source, f"https://acme.example/{n}", f"Freight note {n}", "the freight market and the rates")
    assert store.research.relevant_for_account(account_id, ["the", "and"]) == []
    assert len(store.research.relevant_for_account(account_id, ["freight"], limit=1)) == 1
    assert len(store.research.relevant_for_account(account_id, ["freight"])) == 3


def test_linking_evidence_marks_an_assumed_item_researched_and_unlinking_the_last_undoes_it(
        store: Store, account_id: int) -> None:
    item = matrix_item(store, account_id)
    one = saved(store, None, "https://news.example/1", "One", "First proof")
    two = saved(store, None, "https://news.example/2", "Two", "Second proof")
    store.research.link_evidence(item, one)
    store.research.link_evidence(item, two)
    assert store.matrix.item(item).status is ItemStatus.RESEARCHED
    store.research.unlink_evidence(item, one)
    assert store.matrix.item(item).status is ItemStatus.RESEARCHED  # one link left
    store.research.unlink_evidence(item, two)
    assert store.matrix.item(item).status is ItemStatus.ASSUMED


def test_unlinking_leaves_a_confirmed_item_confirmed(store: Store, account_id: int) -> None:
    item = matrix_item(store, account_id)
    proof = saved(store, None, "https://news.example/1", "One", "Proof")
    store.research.link_evidence(item, proof)
    store.matrix.update_item(item, status=ItemStatus.CONFIRMED)
    store.research.link_evidence(item, proof)
    store.research.unlink_evidence(item, proof)
    assert store.matrix.item(item).status is ItemStatus.CONFIRMED


def test_evidence_is_listed_once_however_many_items_are_asked_about(store: Store, account_id: int) -> None:
    item = matrix_item(store, account_id)
    proof = saved(store, None, "https://news.example/1", "One", "Proof")
    store.research.link_evidence(item, proof)
    asked = [-n for n in range(1, 501)] + [item]  # the real item lands in the second chunk of 500
    found = store.research.evidence_for_items(asked)
    assert [ref.id for ref in found[item]] == [proof]
    assert found[-1] == []


def test_suggested_evidence_is_at_most_eight_by_default(store: Store, account_id: int) -> None:
    source = add_source(store, "https://acme.example/news", account_id=account_id)
    item = matrix_item(store, account_id, "Rotterdam freight hub")
    for n in range(10):
        saved(store, source, f"https://acme.example/{n}", f"Rotterdam freight hub {n}", "Rotterdam freight hub news")
    assert len(store.research.suggest_evidence(item)) == 8
    assert len(store.research.suggest_evidence(item, limit=3)) == 3


def test_a_title_that_covers_the_item_counts_in_the_suggestions(store: Store, account_id: int) -> None:
    source = add_source(store, "https://acme.example/news", account_id=account_id)
    item = matrix_item(store, account_id, "Rotterdam freight hub")
    titled = saved(store, source, "https://acme.example/t", "Rotterdam freight hub", "An opening was announced today.")
    wordy = saved(store, source, "https://acme.example/w", "Update",
                  "freight freight freight Rotterdam Rotterdam Rotterdam freight Rotterdam")
    assert [hit.id for hit in store.research.suggest_evidence(item)] == [titled, wordy]


def test_relevant_items_are_ten_by_default(store: Store, account_id: int) -> None:
    source = add_source(store, "https://acme.example/news", account_id=account_id)
    for n in range(12):
        saved(store, source, f"https://acme.example/{n}", f"Freight note {n}", "freight rates")
    assert len(store.research.relevant_for_account(account_id, ["freight"])) == 10
