"""Accounts (prospect organisations) and their contacts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    website: str = ""
    industry: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Contact:
    id: int
    account_id: int
    name: str
    title: str = ""
    email: str = ""
    role_id: int | None = None
    role: str = ""
