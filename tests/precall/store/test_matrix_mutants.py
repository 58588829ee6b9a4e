"""What ``store.matrix`` promises, where the mutation run found nothing watching: rows and
roles found, named and refused in words, new roles and items placed where asked, and an
undone removal bringing back what went with the item (within the remembered removals)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.store import Store
from precall.store.matrix import _MAX_TOMBSTONES

START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@pytest.fixture
def account_id(store: Store) -> int:
    return store.accounts.create("Acme").id


def test_unknown_rows_and_roles_are_named(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"^There is no matrix row with id 999999\.$"):
        store.matrix.row(999999)
    with pytest.raises(NotFoundError, match=r"^There is no matrix role with id 999999\.$"):
        store.matrix.role(999999)


def test_ensuring_a_row_twice_gives_the_same_row(store: Store, account_id: int) -> None:
    row = store.matrix.ensure_row(account_id, "budget", "Budget cycle")
    assert store.matrix.ensure_row(account_id, "budget", "Budget cycle") == row == store.matrix.row(row.id)


def test_a_row_can_be_renamed_but_not_to_another_rows_name(store: Store, account_id: int) -> None:
    rows = store.matrix.rows(account_id)
    assert len(rows) >= 2
    assert store.matrix.rename_row(rows[0].id, "Goals").label == "Goals"
    assert store.matrix.rename_row(rows[0].id, "GOALS").label == "GOALS"  # its own name in another case
    with pytest.raises(ValidationError, match="There is already a row"):
        store.matrix.rename_row(rows[1].id, "goals")


def test_roles_are_added_at_the_end_or_where_asked(store: Store, account_id: int) -> None:
    cfo = store.matrix.add_role(account_id, "CFO")
    cio = store.matrix.add_role(account_id, "CIO")
    buyer = store.matrix.add_role(account_id, "Buyer", position=0)
    assert [(r.name, r.position) for r in store.matrix.roles(account_id)] == [("Buyer", 0), ("CFO", 1), ("CIO", 2)]
    assert store.matrix.role(cfo.id).name == "CFO" and store.matrix.role(cio.id).position == 2
    assert buyer.position == 0


def test_a_role_can_be_renamed_but_not_to_another_roles_name(store: Store, account_id: int) -> None:
    cfo = store.matrix.add_role(account_id, "CFO")
    store.matrix.add_role(account_id, "CIO")
    assert store.matrix.rename_role(cfo.id, "Finance chief").name == "Finance chief"
    assert store.matrix.rename_role(cfo.id, "Finance chief").name == "Finance chief"  # unchanged: allowed
    with pytest.raises(ValidationError, match="There is already a role 'CIO'"):
        store.matrix.rename_role(cfo.id, "CIO")


def test_an_item_is_added_where_asked_and_rows_list_their_items(store: Store, account_id: int) -> None:
    role = store.matrix.add_role(account_id, "CFO")
    other = store.matrix.add_role(account_id, "CIO")
    row = store.matrix.rows(account_id)[0]
    first = store.matrix.add_item(role.id, row.id, "First")
    second = store.matrix.add_item(role.id, row.id, "Second", position=0)
    third = store.matrix.add_item(other.id, row.id, "Third")
    assert [i.text for i in sorted(store.matrix.items(account_id), key=lambda i: (i.role_id, i.position))] == \
        ["Second", "First", "Third"]
    assert store.matrix.row_items([role.id, other.id], row.key) == [
        (second.id, "Second", "CFO"), (first.id, "First", "CFO"), (third.id, "Third", "CIO")]
    assert store.matrix.row_items([], row.key) == []
    assert [hit[1] for hit in store.matrix.search(["first"], 10)] == ["First"]


def debriefed_item(store: Store, account_id: int) -> tuple[int, int]:
    role = store.matrix.add_role(account_id, "CFO")
    row = store.matrix.rows(account_id)[0]
    item = store.matrix.add_item(role.id, row.id, "Margins matter")
    meeting = store.meetings.create(account_id, "Call", START, START + timedelta(hours=1), "UTC").id
    store.plans.record_debrief_outcome(meeting, item.id, "confirmed", "assumed", "")
    return meeting, item.id


def test_undoing_a_removal_brings_back_what_went_with_the_item(store: Store, account_id: int) -> None:
    meeting, item_id = debriefed_item(store, account_id)
    removed = store.matrix.remove_item(item_id)
    assert store.plans.debrief_outcomes(meeting) == {}
    store.matrix.restore_item(removed)
    assert list(store.plans.debrief_outcomes(meeting)) == [item_id]


def test_only_the_latest_removals_are_remembered_in_full(store: Store, account_id: int) -> None:
    meeting, item_id = debriefed_item(store, account_id)
    removed = store.matrix.remove_item(item_id)
    role = store.matrix.roles(account_id)[0]
    row = store.matrix.rows(account_id)[0]
    with store.write():
        for n in range(_MAX_TOMBSTONES):
            store.matrix.remove_item(store.matrix.add_item(role.id, row.id, f"Filler {n}").id)
    store.matrix.restore_item(removed)  # the item comes back, but its debrief was forgotten
    assert store.matrix.item(item_id).text == "Margins matter"
    assert store.plans.debrief_outcomes(meeting) == {}


def test_undoing_a_removal_after_another_item_took_its_id_brings_back_its_own_links(
        store: Store, account_id: int) -> None:
    meeting, item_id = debriefed_item(store, account_id)
    removed = store.matrix.remove_item(item_id)
    role = store.matrix.roles(account_id)[0]
    other = store.matrix.add_item(role.id, removed.row_id, "Added, then taken back")
    assert other.id == item_id  # SQLite gave the newest item the freed id
    store.matrix.remove_item(other.id)
    restored = store.matrix.restore_item(removed)
    assert restored.text == "Margins matter"
    assert list(store.plans.debrief_outcomes(meeting)) == [item_id]
