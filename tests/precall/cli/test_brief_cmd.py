"""``precall brief``: files written whole, a snapshot kept, and clear errors (exit 1)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from precall.cli.context import CliContext
from precall.cli.main import main
from precall.store import Store
from tests.precall.briefs.factory import make_brief_scenario


@pytest.fixture
def seeded(db_path: Path, clock) -> int:
    with Store.open(db_path, clock=clock) as store:
        return make_brief_scenario(store).meeting_id


def run(db_path: Path, clock, *args: str, services: dict | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(db_path=db_path, out=out, err=err, clock=clock, services=dict(services or {}))
    code = main(["--db", str(db_path), *args], ctx=ctx)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt, suffix, marker", [("html", "html", "<!DOCTYPE html>"), ("md", "md", "# Northwind Foods")])
def test_brief_writes_the_file_and_keeps_a_snapshot(db_path: Path, clock, tmp_path: Path, seeded: int,
                                                    fmt: str, suffix: str, marker: str) -> None:
    target = tmp_path / "out" / f"brief.{suffix}"
    code, out, err = run(db_path, clock, "brief", str(seeded), "--format", fmt, "-o", str(target))
    assert (code, err) == (0, "")
    assert target.read_text(encoding="utf-8").startswith(marker)
    assert "Wrote the brief for meeting" in out
    with Store.open(db_path, clock=clock) as store:
        assert len(store.briefs.history(seeded)) == 1
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_format_can_come_from_the_file_name(db_path: Path, clock, tmp_path: Path, seeded: int) -> None:
    code, _, err = run(db_path, clock, "brief", str(seeded), "-o", str(tmp_path / "b.md"))
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args, message", [
    (["brief", "4242", "--format", "html", "-o", "{tmp}/b.html"], "There is no meeting with id 4242."),
    (["brief", "{id}", "--format", "docx", "-o", "{tmp}/b.docx"], "Unknown format 'docx'; use html, md or pdf."),
    (["brief", "{id}", "-o", "{tmp}/b.txt"], "Cannot tell the format from 'b.txt'"),
    (["brief", "{id}", "--format", "html", "-o", "{tmp}"], "it is a folder"),
    (["brief", "{id}", "--format", "pdf", "-o", "{tmp}/b.pdf"], "PDF output needs Precall's desktop components"),
])
def test_errors_are_one_clear_line_and_exit_1(db_path: Path, clock, tmp_path: Path, seeded: int,
                                             args: list[str], message: str) -> None:
    argv = [a.format(tmp=tmp_path, id=seeded) for a in args]
    code, out, err = run(db_path, clock, *argv)
    assert code == 1
    assert err.startswith("precall: error: ") and message in err, err
    assert "Traceback" not in err and err.count("\n") == 1


def test_unwritable_output_is_a_clear_error(db_path: Path, clock, tmp_path: Path, seeded: int) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        code, _, err = run(db_path, clock, "brief", str(seeded), "--format", "html", "-o", str(locked / "b.html"))
    finally:
        locked.chmod(0o700)
    assert code == 1 and err.startswith("precall: error: Cannot write ") and "Traceback" not in err
    assert list(locked.iterdir()) == []


def test_output_under_a_file_is_a_clear_error(db_path: Path, clock, tmp_path: Path, seeded: int) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, _, err = run(db_path, clock, "brief", str(seeded), "--format", "md", "-o", str(blocker / "b.md"))
    assert code == 1 and err.startswith("precall: error: Cannot write ") and "Traceback" not in err
    assert blocker.read_text() == "x"
