"""Accounts, their industries and contacts."""

from __future__ import annotations

import builtins
import sqlite3
from typing import TYPE_CHECKING, Any

from precall.domain.accounts import Account, Contact
from precall.errors import NotFoundError, ValidationError
from precall.store.connection import inserted_id
from precall.validate import clean_email, clean_url, required_text

if TYPE_CHECKING:
    from precall.store.facade import Store

_ACCOUNT_SQL = """
SELECT a.id, a.name, a.website, coalesce(i.name, '') AS industry, a.notes
FROM accounts a LEFT JOIN industries i ON i.id = a.industry_id
"""
_CONTACT_SQL = """
SELECT c.id, c.account_id, c.name, c.title, c.email, c.role_id, coalesce(r.name, '') AS role
FROM contacts c LEFT JOIN matrix_roles r ON r.id = c.role_id
"""


def _account(row: sqlite3.Row | tuple[Any, ...]) -> Account:
    return Account(*row)


def _contact(row: sqlite3.Row | tuple[Any, ...]) -> Contact:
    return Contact(*row)


class AccountRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    # industries -------------------------------------------------------------
    def ensure_industry(self, name: str) -> int | None:
        name = (name or "").strip()
        if not name:
            return None
        self._conn.execute("INSERT OR IGNORE INTO industries(name) VALUES (?)", [name])
        industry_id: int = self._conn.execute("SELECT id FROM industries WHERE name = ?", [name]).fetchone()[0]
        return industry_id

    def industries(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT name FROM industries ORDER BY name")]

    # accounts ---------------------------------------------------------------
    def list(self) -> list[Account]:
        return [_account(r) for r in self._conn.execute(_ACCOUNT_SQL + " ORDER BY a.name")]

    def get(self, account_id: int) -> Account:
        row = self._conn.execute(_ACCOUNT_SQL + " WHERE a.id = ?", [account_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no account with id {account_id}.")
        return _account(row)

    def by_name(self, name: str) -> Account | None:
        row = self._conn.execute(_ACCOUNT_SQL + " WHERE a.name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return _account(row) if row else None

    def create(self, name: str, website: str = "", industry: str = "", notes: str = "") -> Account:
        name = required_text(name, "name", "Account name")
        website = clean_url(website, "website") if website.strip() else ""
        with self._store.write():
            if self.by_name(name) is not None:
                raise ValidationError(f"There is already an account named {name!r}.", "name")
            now = self._store.now_iso()
            cur = self._conn.execute(
                "INSERT INTO accounts(name, website, industry_id, notes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [name, website, self.ensure_industry(industry), notes, now, now],
            )
            account_id = inserted_id(cur)
            self._store.matrix.ensure_default_rows(account_id)
        return self.get(account_id)

    def update(self, account_id: int, **fields: str) -> Account:
        allowed = {"name", "website", "industry", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown account fields: {sorted(unknown)}")
        with self._store.write():
            current = self.get(account_id)
            name = required_text(fields.get("name", current.name), "name", "Account name")
            other = self.by_name(name)
            if other is not None and other.id != account_id:
                raise ValidationError(f"There is already an account named {name!r}.", "name")
            website = fields.get("website", current.website)
            website = clean_url(website, "website") if website.strip() else ""
            self._conn.execute(
                "UPDATE accounts SET name=?, website=?, industry_id=?, notes=?, updated_at=? WHERE id=?",
                [
                    name,
                    website,
                    self.ensure_industry(fields.get("industry", current.industry)),
                    fields.get("notes", current.notes),
                    self._store.now_iso(),
                    account_id,
                ],
            )
        return self.get(account_id)

    def delete(self, account_id: int) -> None:
        with self._store.write():
            self.get(account_id)
            self._conn.execute("DELETE FROM accounts WHERE id = ?", [account_id])

    # contacts ---------------------------------------------------------------
    def contacts(self, account_id: int) -> builtins.list[Contact]:
        return [_contact(r) for r in self._conn.execute(_CONTACT_SQL + " WHERE c.account_id = ? ORDER BY c.name", [account_id])]

    def contact(self, contact_id: int) -> Contact:
        row = self._conn.execute(_CONTACT_SQL + " WHERE c.id = ?", [contact_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no contact with id {contact_id}.")
        return _contact(row)

    def contact_by_email(self, email: str) -> Contact | None:
        row = self._conn.execute(_CONTACT_SQL + " WHERE c.email = ? COLLATE NOCASE AND c.email <> ''", [email.strip()]).fetchone()
        return _contact(row) if row else None

    def add_contact(
        self, account_id: int, name: str, title: str = "", email: str = "", role: str = ""
    ) -> Contact:
        name = required_text(name, "name", "Contact name")
        email = clean_email(email) if email.strip() else ""
        with self._store.write():
            self.get(account_id)
            role_id = self._store.matrix.ensure_role(account_id, role).id if role.strip() else None
            now = self._store.now_iso()
            cur = self._conn.execute(
                "INSERT INTO contacts(account_id, name, title, email, role_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [account_id, name, title.strip(), email, role_id, now, now],
            )
        return self.contact(inserted_id(cur))

    def update_contact(self, contact_id: int, **fields: str) -> Contact:
        allowed = {"name", "title", "email", "role"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown contact fields: {sorted(unknown)}")
        with self._store.write():
            current = self.contact(contact_id)
            name = required_text(fields.get("name", current.name), "name", "Contact name")
            email = fields.get("email", current.email)
            email = clean_email(email) if email.strip() else ""
            role = fields.get("role", current.role)
            role_id = self._store.matrix.ensure_role(current.account_id, role).id if role.strip() else None
            self._conn.execute(
                "UPDATE contacts SET name=?, title=?, email=?, role_id=?, updated_at=? WHERE id=?",
                [name, fields.get("title", current.title).strip(), email, role_id, self._store.now_iso(), contact_id],
            )
        return self.contact(contact_id)

    def delete_contact(self, contact_id: int) -> None:
        with self._store.write():
            self.contact(contact_id)
            self._conn.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
