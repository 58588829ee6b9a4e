"""``precall template`` as a real process, fed small hostile files.

Each run must end in exit 0 or a one-line ``precall: error:`` (exit 1) or a usage error
(exit 2): never "internal error" (exit 70), and a failed command leaves the database as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.precall.templates.builders import template_doc

ROOT = Path(__file__).resolve().parents[3]


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def _good() -> str:
    return json.dumps(template_doc())


HOSTILE_FILES: dict[str, bytes] = {
    "empty": b"",
    "a list": b"[1, 2]",
    "a string": b'"text"',
    "null": b"null",
    "deeply nested": b"[" * 5000 + b"]" * 5000,
    "NUL bytes": b"\x00\x00\x00",
    "NUL in a string": b'{"a": "\x00"}',
    "invalid UTF-8": b"\xff\xfe{}",
    "lone surrogate": _good().replace("Assumption number 0", "\\ud800").encode(),
    "5,000-digit number": _good().replace('"version": 1', '"version": ' + "9" * 5000).encode(),
    "unclosed IPv6 URL": _good().replace("https://www.example.org/association", "https://[::1").encode(),
    "port 99999": _good().replace("https://www.example.org/association", "https://example.org:99999/").encode(),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_template_and_feedback_import_refuse_hostile_files_in_one_line(tmp_path: Path, case: str) -> None:
    db = tmp_path / "p.db"
    path = tmp_path / "in.json"
    path.write_bytes(HOSTILE_FILES[case])
    assert _cli(db, "template", "list").returncode == 0
    before = db.read_bytes()
    for command in (("template", "import"), ("template", "feedback", "import")):
        result = _cli(db, *command, str(path))
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr.startswith("precall: error: in.json: ") and result.stderr.count("\n") == 1
        assert db.read_bytes() == before


def test_subscribe_and_check_import_the_valid_templates_beside_hostile_ones(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    for index, data in enumerate(HOSTILE_FILES.values()):
        (folder / f"bad{index:02}.json").write_bytes(data)
    (folder / "good.json").write_text(_good(), encoding="utf-8")
    db = tmp_path / "p.db"
    result = _cli(db, "template", "subscribe", str(folder))
    assert result.returncode == 0, result.stderr
    assert "new template 'Team CFO' (6 assumptions)" in result.stdout
    assert all(f"bad{index:02}.json" in result.stdout for index in range(len(HOSTILE_FILES)))
    result = _cli(db, "template", "check")
    assert result.returncode == 0 and "no changes." in result.stdout
    listed = json.loads(_cli(db, "template", "list", "--json").stdout)
    assert "team-cfo" in {t["id"] for t in listed}


@pytest.mark.parametrize("args", [("diff", "team-cfo", "--to", "1" + "0" * 29), ("diff", "team-cfo", "--from", "0"),
                                  ("diff", "team-cfo", "--to", "x")])
def test_version_arguments_out_of_range_are_usage_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "t.json"
    path.write_text(_good(), encoding="utf-8")
    db = tmp_path / "p.db"
    assert _cli(db, "template", "import", str(path)).returncode == 0
    result = _cli(db, "template", *args)
    assert result.returncode == 2 and "is not a version number" in result.stderr
