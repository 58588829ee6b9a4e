"""``precall.fileio``: no write lands on the database, its companions, its backups or a
special file; ordinary files are still replaced whole."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from precall.errors import PrecallError
from precall.fileio import atomic_write_bytes, atomic_write_text, check_output_path, protecting
from tests.precall.cli.helpers import digest, one_line_error, run_cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "p.db"
    path.parent.mkdir()
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4080)
    return path


def _refused(target: Path, db: Path, words: str) -> None:
    before = digest(db)
    with pytest.raises(PrecallError, match=words) as caught:
        atomic_write_bytes(target, b"export", protect=[db])
    assert str(target) in str(caught.value) and "\n" not in str(caught.value)
    assert digest(db) == before


def test_the_database_is_refused_by_any_name(db: Path, tmp_path: Path) -> None:
    _refused(db, db, "it is the database")
    _refused(db.parent / ".." / "data" / db.name, db, "it is the database")
    os.link(db, tmp_path / "hard.db")
    _refused(tmp_path / "hard.db", db, "it is the database")
    (tmp_path / "link.db").symlink_to(db)
    _refused(tmp_path / "link.db", db, "it is the database")
    (tmp_path / "linked-dir").symlink_to(db.parent)
    _refused(tmp_path / "linked-dir" / db.name, db, "it is the database")


@pytest.mark.parametrize("suffix, words", [("-wal", "write-ahead log"), ("-shm", "shared-memory"),
                                           ("-journal", "journal"), (".lock", "lock file"),
                                           (".users.lock", "lock file")])
def test_the_databases_companion_files_are_refused_even_before_they_exist(db: Path, suffix: str, words: str) -> None:
    target = db.with_name(db.name + suffix)
    _refused(target, db, words)
    assert not target.exists()
    target.write_bytes(b"live")
    _refused(target, db, words)
    assert target.read_bytes() == b"live"


def test_nothing_is_written_inside_the_backups_folder(db: Path, tmp_path: Path) -> None:
    backups = db.parent / "backups"
    _refused(backups / "brief.html", db, "backups folder")
    backups.mkdir()
    _refused(backups / "deeper" / "brief.html", db, "backups folder")
    (tmp_path / "alias").symlink_to(backups)
    _refused(tmp_path / "alias" / "brief.html", db, "backups folder")
    assert list(backups.iterdir()) == []


def test_special_files_are_refused_and_left_as_they_were(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    try:
        for name, words in [("pipe", "named pipe"), ("folder", "folder"), ("link", "symbolic link"),
                            ("sock", "socket")]:
            with pytest.raises(PrecallError, match=f"it is a {words}"):
                atomic_write_text(tmp_path / name, "x")
        with pytest.raises(PrecallError, match="it is a device"):
            check_output_path("/dev/null")
    finally:
        sock.close()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "link").is_symlink()
    assert not (tmp_path / "elsewhere").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_ordinary_file_is_replaced_and_protection_ends_with_the_command(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    target.write_text("old")
    with protecting(db):
        atomic_write_text(target, "new")
        with pytest.raises(PrecallError, match="it is the database"):
            atomic_write_text(db, "x")
    assert target.read_text() == "new"
    atomic_write_text(db, "unprotected again")  # outside a command nothing is protected
    assert db.read_text() == "unprotected again"


WRITERS = [
    ["brief", "1", "--format", "html", "-o", "{out}"],
    ["brief", "1", "--format", "md", "-o", "{out}"],
    ["calendar", "export", "1", "-o", "{out}"],
    ["calendar", "export", "--upcoming", "-o", "{out}"],
    ["template", "export", "cfo-manufacturing", "-o", "{out}"],
    ["template", "feedback", "export", "-o", "{out}"],
]


# Every writer at the database itself, and every way of naming it with one writer.
CASES = [(command, "same") for command in WRITERS] + [
    (WRITERS[0], alias) for alias in ("dotdot", "hardlink", "symlink", "wal")]


@pytest.mark.parametrize("command, alias", CASES, ids=lambda c: " ".join(c[:2]) if isinstance(c, list) else c)
def test_no_command_writes_over_its_database(demo_db: Path, command: list[str], alias: str) -> None:
    out = {"same": demo_db, "dotdot": demo_db.parent / ".." / demo_db.parent.name / demo_db.name,
           "hardlink": demo_db.parent / "hard.db", "symlink": demo_db.parent / "sym.db",
           "wal": demo_db.with_name(demo_db.name + "-wal")}[alias]
    if alias == "hardlink":
        os.link(demo_db, out)
    elif alias == "symlink":
        out.symlink_to(demo_db)
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), *[a.format(out=out) for a in command])
    assert str(out) in one_line_error(result)
    assert digest(demo_db) == before, "the database changed"


def test_output_to_a_device_leaves_the_device_alone(demo_db: Path, tmp_path: Path) -> None:
    """Like ``-o /dev/null`` as root, on a private copy of the null device: a regression
    must not break the machine's own /dev/null."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root on a POSIX system")
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), "brief", "1", "--format", "html", "-o", str(device))
    assert str(device) in one_line_error(result)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert digest(demo_db) == before


def test_an_ordinary_output_file_is_still_written(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    out.write_text("older brief")
    result = run_cli("--db", str(demo_db), "brief", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")
