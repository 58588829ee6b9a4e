"""A database with real content, and a way to damage one: for the backup and repair tests of
``precall/store``, the crash tests in tests/reliability/ and the backup views
(``filled_db`` is offered to tests/precall/ by its conftest)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store


def fill(store: Store, items: int = 400, account: str = "Acme") -> int:
    """An account whose matrix spans many pages, so damage lands inside real records."""
    created = store.accounts.create(account, industry="Logistics")
    role = store.matrix.ensure_role(created.id, "CFO")
    row = store.matrix.rows(created.id)[0]
    with store.write():
        for n in range(items):
            store.matrix.add_item(role.id, row.id, f"Assumption {n}: " + "cash flow matters " * 8)
    return created.id


def corrupt(path: Path, table: str = "matrix_items") -> None:
    """Overwrite the root page of ``table`` in a closed database file with garbage (a stand-in for a bad disk)."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", [table]).fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 8))


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall())
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
    finally:
        conn.close()


@pytest.fixture
def filled_db(db_path: Path, clock: FixedClock) -> Path:
    with Store.open(db_path, clock=clock) as store:
        fill(store)
    # Closing the last connection checkpointed the WAL into the main file and removed it.
    if Path(str(db_path) + "-wal").exists():
        raise RuntimeError("the WAL was not checkpointed on close")
    return db_path
