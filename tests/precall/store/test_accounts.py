"""Accounts, industries and contacts in storage: what is kept, what is refused, what is named."""

from __future__ import annotations

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.store import Store


def test_industries_are_shared_listed_once_and_blank_means_none(store: Store) -> None:
    first = store.accounts.create("Northwind", industry="  Food  ")
    store.accounts.create("Contoso", industry="Food")
    store.accounts.create("Fabrikam", industry="Aerospace")
    store.accounts.create("Blank", industry="   ")
    assert first.industry == "Food"
    assert store.accounts.industries() == ["Aerospace", "Food"]
    assert store.accounts.get(store.accounts.by_name("Blank").id).industry == ""  # type: ignore[union-attr]
    assert store.accounts.ensure_industry("") is None
    assert store.accounts.ensure_industry("Food") == store.accounts.ensure_industry(" Food ")
    assert store.accounts.ensure_industry("Aerospace") != store.accounts.ensure_industry("Food")


def test_accounts_are_listed_by_name_and_found_case_blind(store: Store) -> None:
    for name in ("Zeta", "alpha", "Mid"):
        store.accounts.create(name, website="https://example.com/" + name)
    # Case-blind order: the names column is declared COLLATE NOCASE.
    assert [a.name for a in store.accounts.list()] == ["alpha", "Mid", "Zeta"]
    found = store.accounts.by_name("  ZETA ")
    assert found is not None and found.name == "Zeta" and found.website == "https://example.com/Zeta"
    assert store.accounts.by_name("nobody") is None


def test_a_new_account_is_stored_with_its_fields_and_default_matrix(store: Store) -> None:
    account = store.accounts.create("Northwind", "https://northwind.example", "Food", "big one")
    again = store.accounts.get(account.id)
    assert (again.name, again.website, again.industry, again.notes) == (
        "Northwind", "https://northwind.example", "Food", "big one")
    assert store.matrix.rows(account.id), "a new account gets the default matrix rows"


def test_a_second_account_with_the_same_name_is_refused(store: Store) -> None:
    store.accounts.create("Northwind")
    with pytest.raises(ValidationError, match="already an account named 'NORTHWIND'") as caught:
        store.accounts.create("NORTHWIND")
    assert caught.value.field == "name"
    assert len(store.accounts.list()) == 1


def test_missing_accounts_are_named_by_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no account with id 404"):
        store.accounts.get(404)
    with pytest.raises(NotFoundError, match="no account with id 405"):
        store.accounts.delete(405)
    with pytest.raises(NotFoundError, match="no account with id 406"):
        store.accounts.add_contact(406, "Ada")


def test_update_changes_only_the_fields_given(store: Store) -> None:
    account = store.accounts.create("Northwind", "https://a.example", "Food", "notes")
    changed = store.accounts.update(account.id, industry="Retail")
    assert (changed.name, changed.website, changed.industry, changed.notes) == (
        "Northwind", "https://a.example", "Retail", "notes")
    changed = store.accounts.update(account.id, name="Northwind Foods", website="", notes="new")
    assert (changed.name, changed.website, changed.industry, changed.notes) == ("Northwind Foods", "", "Retail", "new")
    assert store.accounts.get(account.id) == changed


def test_update_refuses_unknown_fields_and_another_accounts_name(store: Store) -> None:
    account = store.accounts.create("Northwind")
    store.accounts.create("Contoso")
    with pytest.raises(ValueError, match="unknown account fields: \\['colour'\\]"):
        store.accounts.update(account.id, colour="red")
    with pytest.raises(ValidationError, match="already an account named 'contoso'") as caught:
        store.accounts.update(account.id, name="contoso")
    assert caught.value.field == "name"
    # Renaming an account to its own name (in another case) is not a clash.
    assert store.accounts.update(account.id, name="NORTHWIND").name == "NORTHWIND"
    with pytest.raises(ValidationError):
        store.accounts.update(account.id, website="ftp://files.example")


def test_delete_removes_the_account_and_its_contacts(store: Store) -> None:
    account = store.accounts.create("Northwind")
    contact = store.accounts.add_contact(account.id, "Ada")
    store.accounts.delete(account.id)
    assert store.accounts.list() == []
    with pytest.raises(NotFoundError):
        store.accounts.contact(contact.id)


def test_contacts_are_stored_sorted_and_take_a_role(store: Store) -> None:
    account = store.accounts.create("Northwind")
    other = store.accounts.create("Contoso")
    ben = store.accounts.add_contact(account.id, "Ben", " IT Director ", "Ben@Northwind.example", role="IT")
    ada = store.accounts.add_contact(account.id, "Ada")
    store.accounts.add_contact(other.id, "Cleo")
    assert [c.name for c in store.accounts.contacts(account.id)] == ["Ada", "Ben"]
    assert ben.title == "IT Director" and ben.email == "ben@northwind.example"
    assert ben.role == "IT" and ben.role_id == store.matrix.ensure_role(account.id, "IT").id
    assert ada.role == "" and ada.role_id is None and ada.email == ""
    assert store.accounts.contact(ben.id) == ben


def test_contacts_are_found_by_email_but_never_by_an_empty_one(store: Store) -> None:
    account = store.accounts.create("Northwind")
    ben = store.accounts.add_contact(account.id, "Ben", email="ben@northwind.example")
    store.accounts.add_contact(account.id, "No mail")
    assert store.accounts.contact_by_email(" BEN@northwind.example ") == ben
    assert store.accounts.contact_by_email("") is None
    assert store.accounts.contact_by_email("who@else.example") is None


def test_update_contact_changes_only_the_fields_given(store: Store) -> None:
    account = store.accounts.create("Northwind")
    ben = store.accounts.add_contact(account.id, "Ben", "CTO", "ben@n.example", role="IT")
    changed = store.accounts.update_contact(ben.id, title=" CIO ")
    assert (changed.name, changed.title, changed.email, changed.role) == ("Ben", "CIO", "ben@n.example", "IT")
    changed = store.accounts.update_contact(ben.id, name="Benjamin", email="", role="")
    assert (changed.name, changed.title, changed.email, changed.role, changed.role_id) == (
        "Benjamin", "CIO", "", "", None)
    changed = store.accounts.update_contact(ben.id, role="Finance")
    assert changed.role == "Finance" and changed.role_id is not None
    with pytest.raises(ValueError, match="unknown contact fields: \\['phone'\\]"):
        store.accounts.update_contact(ben.id, phone="1")
    with pytest.raises(ValidationError):
        store.accounts.update_contact(ben.id, email="not-an-email")


def test_missing_contacts_are_named_by_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no contact with id 77"):
        store.accounts.contact(77)
    with pytest.raises(NotFoundError, match="no contact with id 78"):
        store.accounts.delete_contact(78)


def test_delete_contact_removes_only_that_contact(store: Store) -> None:
    account = store.accounts.create("Northwind")
    ada = store.accounts.add_contact(account.id, "Ada")
    ben = store.accounts.add_contact(account.id, "Ben")
    store.accounts.delete_contact(ada.id)
    assert store.accounts.contacts(account.id) == [ben]
