"""What ``store.diagnose`` reads from a file's own bytes, where the mutation run found nothing
watching: the header's page size and page count against the file's length at their exact
edges, a header too damaged to judge, and how another program's tables are listed."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest

from precall.errors import NewerDatabaseError
from precall.store import Store
from precall.store.diagnose import DAMAGED, FOREIGN, NEWER, PRECALL, Finding, diagnose, refusal


@pytest.fixture
def sound(db_path: Path) -> bytes:
    """The bytes of a sound, closed Precall database (several pages)."""
    Store.open(db_path).close()
    return db_path.read_bytes()


def page_size(data: bytes) -> int:
    return struct.unpack(">H", data[16:18])[0]


def with_page_size(data: bytes, size: int) -> bytes:
    return data[:16] + struct.pack(">H", size) + data[18:]


def test_a_sound_file_is_precalls(db_path: Path, sound: bytes) -> None:
    assert diagnose(db_path) == Finding(db_path, PRECALL)


def test_exactly_a_header_is_judged_by_its_pages_one_byte_less_is_not_a_header(db_path: Path, sound: bytes) -> None:
    db_path.write_bytes(sound[:100])
    assert diagnose(db_path).problem == (f"is damaged: it is cut short (100 bytes is not a whole number of "
                                         f"{page_size(sound)}-byte pages)")
    db_path.write_bytes(sound[:99])
    assert diagnose(db_path).problem == "is damaged: it is cut short (99 bytes, less than an SQLite header)"


def test_a_file_cut_at_a_page_boundary_is_short_of_its_header_count(db_path: Path, sound: bytes) -> None:
    size = page_size(sound)
    pages = len(sound) // size
    assert pages >= 3
    db_path.write_bytes(sound[: 2 * size])
    finding = diagnose(db_path)
    assert finding.kind == DAMAGED
    assert finding.problem == f"is damaged: it is cut short ({2 * size} bytes of the {pages * size} its header counts)"


@pytest.mark.parametrize("bad_size", [1000, 256, 0x7FFF])
def test_a_header_with_an_impossible_page_size_is_left_to_sqlite(db_path: Path, sound: bytes, bad_size: int) -> None:
    db_path.write_bytes(with_page_size(sound, bad_size))
    finding = diagnose(db_path)
    assert finding.kind == DAMAGED and "cut short" not in finding.problem


def test_a_page_size_of_one_means_64_kib(db_path: Path, sound: bytes) -> None:
    # Only the header's page size changes: the file is no whole number of 64 KiB pages.
    db_path.write_bytes(with_page_size(sound, 1))
    assert diagnose(db_path).problem.endswith(f"({len(sound)} bytes is not a whole number of 65536-byte pages)")


def test_another_programs_tables_are_listed_four_at_most(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    for name in ("a", "b", "c", "d", "e"):
        conn.execute(f"CREATE TABLE {name}(x)")
    conn.close()
    finding = diagnose(db_path)
    assert finding.kind == FOREIGN
    assert finding.problem.endswith("with the tables a, b, c, d, …)")
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE e")
    conn.close()
    assert diagnose(db_path).problem.endswith("with the tables a, b, c, d)")


def test_a_newer_database_is_refused_as_newer(db_path: Path, sound: bytes) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "SELECT migration_set, 'm999_from_the_future', applied_at FROM _sqlite_migrations LIMIT 1")
    conn.commit()
    conn.close()
    finding = diagnose(db_path)
    assert finding.kind == NEWER and "m999_from_the_future" in finding.problem
    error = refusal(finding)
    assert isinstance(error, NewerDatabaseError) and "Update Precall to open it" in str(error)
