"""The brief pack: self-contained HTML files linked relatively, written whole or not at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from precall.briefs.pack import build_pack, write_pack
from precall.errors import Cancelled
from precall.progress import Progress
from precall.store import Store
from tests.precall.briefs.factory import make_brief_scenario

HOSTILE = '<img src="file:///etc/passwd"><script>alert(1)</script>'


def check_links_stay_inside(folder: Path) -> int:
    checked = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r"<[^>]*\b(src|srcset)=", text) is None, page  # nothing is loaded
        assert "<link" not in text and "<script" not in text and "@import" not in text
        for href in re.findall(r'href="([^"]*)"', text):
            assert "://" not in href and not href.startswith(("/", "javascript:", "data:", "file:")), (page, href)
            assert (page.parent / href).resolve().is_file(), (page, href)
            checked += 1
    return checked


def test_pack_has_every_upcoming_brief_and_the_research_it_cites(store: Store, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    scenario = make_brief_scenario(store, hostile=HOSTILE)
    pack = build_pack(store)
    assert pack.briefs == 1  # the earlier meeting is in the past
    folder = write_pack(pack, tmp_path, pdf=b"%PDF-1.4 test")
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == ["briefs.pdf", f"briefs/meeting-{scenario.meeting_id}.html", "index.html",
                     f"research/item-{scenario.research['results']}.html"]
    assert check_links_stay_inside(folder) >= 3
    research = (folder / f"research/item-{scenario.research['results']}.html").read_text()
    assert "Gross margin fell two points in the third quarter" in research
    assert "&lt;script&gt;" in research
    index = (folder / "index.html").read_text()
    assert "Working-capital review" in index and "Q3 results: margin under pressure" in index
    # Every brief generated for the pack is kept as a snapshot too.
    assert len(store.briefs.history(scenario.meeting_id)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no staging folder left


def test_cancelled_pack_leaves_nothing_behind(store: Store, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    make_brief_scenario(store)
    pack = build_pack(store)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_pack(pack, tmp_path, progress=progress)
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []
    with pytest.raises(Cancelled):
        build_pack(store, progress)


def test_a_second_pack_gets_its_own_folder(store: Store, tmp_path: Path) -> None:
    make_brief_scenario(store)
    first = write_pack(build_pack(store), tmp_path)
    second = write_pack(build_pack(store), tmp_path)
    assert first != second and first.is_dir() and second.is_dir()
