"""A demo database made once per module (the demo takes a second), copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.core.cli.helpers import run_cli


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    result = run_cli("--db", str(db), "demo", env={"PRECALL_DATA_DIR": str(folder / "data")})
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A closed demo database of one's own (meetings 1-3), in a fresh folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    db = folder / "p.db"
    shutil.copyfile(demo_template, db)
    return db
