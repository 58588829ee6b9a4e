"""A small account with two roles, contacts, matrix questions and one meeting tomorrow: the
scenario of the plan, checklist, follow-up, debrief and reminder tests, core and UI (the
``scenario`` fixture is offered to tests/precall/ by its conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from precall.domain.meetings import Meeting
from precall.store import Store

MEETING_START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@dataclass
class Scenario:
    store: Store
    account_id: int
    meeting: Meeting
    cfo_role_id: int
    it_role_id: int
    rows: dict[str, int]


def make_scenario(store: Store) -> Scenario:
    account = store.accounts.create("Northwind Foods", industry="Food distribution")
    cfo = store.accounts.add_contact(account.id, "Ada Moreau", "CFO", role="CFO")
    it = store.accounts.add_contact(account.id, "Ben Ito", "IT Director", role="IT Director")
    store.accounts.add_contact(account.id, "Cleo Marsh", "VP Marketing", role="VP Marketing")
    rows = {row.key: row.id for row in store.matrix.rows(account.id)}
    store.matrix.add_item(cfo.role_id, rows["questions"], "How do you measure payback on IT spend?")
    store.matrix.add_item(cfo.role_id, rows["objectives"], "Cut working capital by 10%")
    store.matrix.add_item(it.role_id, rows["questions"], "Which systems must the new tool talk to?")
    store.matrix.add_item(it.role_id, rows["challenges"], "Legacy ERP nobody wants to touch")
    meeting = store.meetings.create(
        account.id, "Discovery call", MEETING_START, MEETING_START + timedelta(hours=1), "Europe/Paris",
        attendee_ids=[cfo.id, it.id],
    )
    return Scenario(store, account.id, meeting, cfo.role_id, it.role_id, rows)


@pytest.fixture
def scenario(store: Store) -> Scenario:
    return make_scenario(store)
