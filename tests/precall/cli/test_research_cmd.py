"""``precall research add|list|remove|refresh`` through the real command line entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from precall.cli.main import main
from precall.store import Store
from tests.precall.net.local_servers import closed_port
from tests.precall.research.site_server import SiteServer, article


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    with Store.open(path) as store:
        store.accounts.create("Acme Freight", industry="Logistics")
    return str(path)


def cli(db: str, *args: str) -> int:
    return main(["--db", db, "research", *args])


def test_add_list_remove(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "add", "acme.example/news", "--account", "acme freight", "--kind", "feed") == 0
    assert cli(db, "add", "https://logistics.example/", "--industry", "Logistics", "--kind", "site") == 0
    assert cli(db, "add", "https://ports.example/", "--industry", "Shipping") == 0  # a new industry is fine
    capsys.readouterr()
    assert cli(db, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["url"], s["kind"], s["account"], s["industry"]) for s in listed] == [
        ("https://acme.example/news", "feed", "Acme Freight", None),
        ("https://logistics.example/", "site", None, "Logistics"),
        ("https://ports.example/", "page", None, "Shipping"),
    ]
    assert listed[0]["last_status"] == "never" and listed[0]["items"] == 0
    assert cli(db, "list", "--industry", "logistics") == 0
    out = capsys.readouterr().out
    assert "logistics.example" in out and "acme.example" not in out
    assert cli(db, "remove", str(listed[0]["id"])) == 0
    assert cli(db, "list", "--account", "Acme Freight") == 0
    assert "No research sources yet" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["add", "ftp://acme.example/x", "--account", "Acme Freight"], "only http and https"),
    (["add", "https://a.example/", "--account", "Nobody"], "no account named 'Nobody'"),
    (["list", "--industry", "Mining"], "no industry named 'Mining'"),
    (["remove", "99"], "no research source with id 99"),
])
def test_user_errors_are_one_line(db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert cli(db, *args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_duplicate_source_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "add", "https://a.example/", "--account", "Acme Freight") == 0
    assert cli(db, "add", "https://a.example/", "--account", "Acme Freight") == 1
    assert "already a research source" in capsys.readouterr().err


def test_refresh_reports_each_source_and_names_the_unreachable(db: str, site: SiteServer,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    site.add("/news", article("Acme expands", "Acme Freight adds ten trucks."))
    assert cli(db, "add", site.url("/news"), "--account", "Acme Freight", "--label", "Acme news") == 0
    assert cli(db, "add", f"http://127.0.0.1:{closed_port()}/", "--industry", "Logistics", "--label", "Gone") == 0
    capsys.readouterr()

    # Loopback is refused unless allowed.
    assert cli(db, "refresh", "--delay", "0.05") == 1
    assert "refused" in capsys.readouterr().out

    assert cli(db, "refresh", "--account", "Acme Freight", "--allow-private", "--delay", "0.05") == 1
    out = capsys.readouterr().out
    assert "fetched" in out and "Acme news (1 items, 1 new or changed)" in out
    assert "Not fetched: Gone (could not be reached)" in out
    assert "still there" in out

    assert cli(db, "refresh", "--all", "--allow-private", "--delay", "0.05") == 1
    assert "unchanged" in capsys.readouterr().out


def test_refresh_with_nothing_to_do(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "refresh") == 0
    assert "No research sources to refresh" in capsys.readouterr().out


def _run(*args: str) -> "subprocess.CompletedProcess[str]":
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    return subprocess.run([sys.executable, "-m", "ui", *args], capture_output=True, text=True, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://acme.example:99999/news", "port"),
        ("https://[::1", "IPv6"),
        ("https://acme.example/\u200bnews", "invisible"),
        ("https://acme.example:0/", "port"),
        ("https://user:secret@acme.example/", "password"),
    ],
)
def test_research_add_refuses_an_unusable_url_in_one_line(db: str, url: str, words: str) -> None:
    before = Path(db).read_bytes()
    done = _run("--db", db, "research", "add", url, "--account", "Acme Freight")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("precall: error: ") and words in lines[0], done.stderr
    assert "internal error" not in done.stderr
    assert Path(db).read_bytes() == before


@pytest.mark.parametrize("url", ["https://acme.example:99999/", "https://[::1", "http://[::1]:70000/"])
def test_extract_refuses_an_unusable_url_in_one_line(tmp_path: Path, url: str) -> None:
    done = _run("--db", str(tmp_path / "x.db"), "extract", url)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("precall: error: ") and len(done.stderr.strip().splitlines()) == 1
    assert url[:14] in done.stderr


def test_extract_refuses_an_unusable_base_url_for_a_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Saved</title></head><body><a href='/x'>x</a></body></html>")
    done = _run("--db", str(tmp_path / "x.db"), "extract", str(page), "--url", "https://acme.example:99999/")
    assert done.returncode == 1 and done.stderr.startswith("precall: error: ") and "99999" in done.stderr
