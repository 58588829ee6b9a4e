"""What ``store.templates`` promises, where the mutation run found nothing watching: finding
a template by name, the library's words for unknown ids, an edit keeping its author, a
first apply laying out the whole grid with items in order, and the sources of a newer
version reaching accounts that already had the older one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from precall.errors import NotFoundError, PrecallError
from precall.store import Store
from tests.precall.templates.builders import template_doc


def imported(store: Store, doc: dict[str, Any]) -> Any:
    return store.templates.import_data(json.dumps(doc))


def test_an_update_says_what_changed(store: Store) -> None:
    imported(store, template_doc(version=1))
    outcome = imported(store, template_doc(version=2, items=7))
    assert outcome.status == "updated" and outcome.diff is not None
    assert outcome.message() == f"Updated 'Team CFO' to version 2: {outcome.diff.summary()}."


def test_an_unknown_template_is_named(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"^There is no template 'nope' in the library\.$"):
        store.templates.get("nope")
    imported(store, template_doc())
    with pytest.raises(NotFoundError, match=r"^The library has no version 9 of template 'team-cfo'\.$"):
        store.templates.get("team-cfo", 9)


def test_a_template_read_twice_is_read_once(store: Store) -> None:
    imported(store, template_doc())
    assert store.templates.get("team-cfo") is store.templates.get("team-cfo", 1)


def test_a_template_is_found_by_its_name_in_any_case(store: Store) -> None:
    imported(store, template_doc())
    assert store.templates.find("  team cfo ").id == "team-cfo"
    with pytest.raises(NotFoundError, match="There is no template named 'Other'"):
        store.templates.find("Other")


def test_two_templates_of_one_name_ask_for_the_id(store: Store) -> None:
    imported(store, template_doc(template_id="team-cfo"))
    imported(store, template_doc(template_id="team-cfo-2"))
    with pytest.raises(PrecallError, match=r"^Several templates are named 'Team CFO'; use the id: team-cfo, team-cfo-2\.$"):
        store.templates.find("Team CFO")


def test_an_edit_without_an_author_keeps_the_templates_author(store: Store) -> None:
    imported(store, template_doc())
    edited = store.templates.save_edit(store.templates.get("team-cfo"))
    assert edited.version == 2 and edited.author == "Manager M"
    assert store.templates.save_edit(edited, author="Rep R").author == "Rep R"


def test_planning_for_an_account_that_does_not_exist_is_refused(store: Store) -> None:
    imported(store, template_doc())
    with pytest.raises(NotFoundError):
        store.templates.plan(999999, "team-cfo")


def test_a_first_apply_lays_out_every_role_even_one_without_items(store: Store) -> None:
    doc = template_doc()
    doc["roles"].append({"name": "Procurement lead", "items": []})
    imported(store, doc)
    account = store.accounts.create("Acme")
    store.templates.apply(account.id, "team-cfo")
    assert {"CFO", "Procurement lead"} <= {role.name for role in store.matrix.roles(account.id)}


def test_items_applied_to_one_cell_get_positions_one_after_another(store: Store) -> None:
    imported(store, template_doc(items=6))
    account = store.accounts.create("Acme")
    store.templates.apply(account.id, "team-cfo")
    cells: dict[tuple[int, int], list[int]] = {}
    for item in store.matrix.items(account.id):
        cells.setdefault((item.role_id, item.row_id), []).append(item.position)
    assert len(cells) == 3
    assert all(sorted(positions) == list(range(len(positions))) for positions in cells.values())


def test_a_newer_version_brings_its_new_sources_to_accounts_that_had_the_older(store: Store) -> None:
    first = template_doc(version=1)
    first["research_sources"] = []
    imported(store, first)
    account = store.accounts.create("Acme", industry="Manufacturing")
    store.templates.apply(account.id, "team-cfo")
    assert store.sources.for_account_and_industry(account.id) == []
    imported(store, template_doc(version=2))
    store.templates.apply(account.id, "team-cfo")
    assert [s.url for s in store.sources.for_account_and_industry(account.id)] == ["https://www.example.org/association"]
