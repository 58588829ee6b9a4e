"""The Buyer's Matrix in storage: roles, rows, items, order and undo support."""

from __future__ import annotations

import pytest

from precall.domain.matrix import ItemStatus
from precall.errors import NotFoundError, ValidationError
from precall.store import Store
from precall.store.matrix import default_rows


@pytest.fixture
def account_id(store: Store) -> int:
    return store.accounts.create("Northwind", "northwind.example", "Food").id


def test_new_account_gets_the_default_rows_in_order(store: Store, account_id: int) -> None:
    labels = [row.label for row in store.matrix.rows(account_id)]
    assert labels == [row["label"] for row in default_rows()]
    assert labels[0] == "Objectives" and "Questions to ask" in labels


def test_duplicate_and_empty_roles_are_refused(store: Store, account_id: int) -> None:
    store.matrix.add_role(account_id, "CFO")
    with pytest.raises(ValidationError, match="already a role 'cfo'") as caught:
        store.matrix.add_role(account_id, "cfo")
    assert caught.value.field == "name"
    with pytest.raises(ValidationError, match="Role name is empty"):
        store.matrix.add_role(account_id, "   ")
    other = store.matrix.add_role(account_id, "IT Director")
    with pytest.raises(ValidationError, match="already a role"):
        store.matrix.rename_role(other.id, "CFO")


def test_items_keep_their_order_through_moves_and_removal(store: Store, account_id: int) -> None:
    role = store.matrix.add_role(account_id, "CFO")
    row = store.matrix.rows(account_id)[0]
    a, b, c = (store.matrix.add_item(role.id, row.id, text) for text in "ABC")
    store.matrix.move_item(c.id, 0)
    assert [i.text for i in store.matrix.load(account_id).cell(role.id, row.id)] == ["C", "A", "B"]
    removed = store.matrix.remove_item(a.id)
    assert [i.position for i in store.matrix.load(account_id).cell(role.id, row.id)] == [0, 1]
    store.matrix.restore_item(removed)
    cell = store.matrix.load(account_id).cell(role.id, row.id)
    assert [i.text for i in cell] == ["C", "A", "B"] and cell[1].id == a.id


def test_editing_an_item_marks_it_as_touched_by_the_rep(store: Store, account_id: int) -> None:
    role = store.matrix.add_role(account_id, "CFO")
    row = store.matrix.rows(account_id)[1]
    item = store.matrix.add_item(role.id, row.id, "Cash is tight", origin="template:cfo@3")
    assert not item.rep_edited
    updated = store.matrix.update_item(item.id, status="confirmed", note="said so in the call")
    assert updated.status is ItemStatus.CONFIRMED and updated.rep_edited and updated.note == "said so in the call"
    with pytest.raises(ValidationError, match="Unknown status 'maybe'"):
        store.matrix.update_item(item.id, status="maybe")
    with pytest.raises(ValidationError, match="assumption is empty"):
        store.matrix.update_item(item.id, text=" ")


def test_roles_and_rows_reorder_and_cascade(store: Store, account_id: int) -> None:
    cfo = store.matrix.add_role(account_id, "CFO")
    it = store.matrix.add_role(account_id, "IT Director")
    store.matrix.move_role(it.id, 0)
    assert [r.name for r in store.matrix.roles(account_id)] == ["IT Director", "CFO"]
    row = store.matrix.add_row(account_id, "Budget cycle")
    assert row.key == "budget_cycle" and row.position == len(default_rows())
    store.matrix.add_item(cfo.id, row.id, "Budget set in October")
    store.matrix.remove_row(row.id)
    assert store.matrix.items(account_id) == []
    with pytest.raises(NotFoundError):
        store.matrix.row(row.id)


def test_contacts_take_a_matrix_role_that_becomes_a_column(store: Store, account_id: int) -> None:
    contact = store.accounts.add_contact(account_id, "Dana", "Chief Financial Officer", "Dana@Northwind.example", "CFO")
    assert contact.role == "CFO" and contact.email == "dana@northwind.example"
    assert [r.name for r in store.matrix.roles(account_id)] == ["CFO"]
    assert store.accounts.contact_by_email("DANA@northwind.example") == contact
    with pytest.raises(ValidationError, match="not an email address"):
        store.accounts.add_contact(account_id, "Bob", email="bob at example")


def test_undoing_a_removal_brings_back_every_column_and_the_evidence(store: Store, account_id: int) -> None:
    role = store.matrix.add_role(account_id, "CFO")
    row = store.matrix.rows(account_id)[0]
    item = store.matrix.add_item(role.id, row.id, "Cut costs", origin="template:cfo@2", keywords=["cost"])
    with store.write():
        store.conn.execute("UPDATE matrix_items SET template_id='cfo', template_item_key='k1' WHERE id=?", [item.id])
        research_id = store.conn.execute(
            "INSERT INTO research_items(canonical_url, url, title, fetched_at, first_seen_at, content_hash)"
            " VALUES ('https://a.example/x', 'https://a.example/x', 'Costs', '2026-01-01', '2026-01-01', 'h')"
        ).lastrowid
        store.conn.execute(
            "INSERT INTO matrix_item_evidence(item_id, research_item_id, created_at) VALUES (?, ?, '2026-01-01')",
            [item.id, research_id],
        )
    removed = store.matrix.remove_item(item.id)
    assert store.conn.execute("SELECT count(*) FROM matrix_item_evidence").fetchone()[0] == 0
    store.matrix.restore_item(removed)
    assert store.conn.execute(
        "SELECT template_id, template_item_key, origin FROM matrix_items WHERE id=?", [item.id]
    ).fetchone() == ("cfo", "k1", "template:cfo@2")
    assert store.conn.execute("SELECT item_id, research_item_id FROM matrix_item_evidence").fetchall() == [
        (item.id, research_id)
    ]


def test_rename_row_returns_the_renamed_row(store: Store, account_id: int) -> None:
    row = store.matrix.rows(account_id)[0]
    renamed = store.matrix.rename_row(row.id, "Goals")
    assert renamed.id == row.id and renamed.label == "Goals"


def test_removing_a_role_closes_the_gap_in_positions(store: Store, account_id: int) -> None:
    first, second, third = (store.matrix.add_role(account_id, name) for name in ("CFO", "CIO", "COO"))
    store.matrix.remove_role(first.id)
    assert [(r.name, r.position) for r in store.matrix.roles(account_id)] == [("CIO", 0), ("COO", 1)]
