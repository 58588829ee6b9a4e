"""``precall extract`` on saved pages, feeds and local URLs, as a user or script runs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from precall.cli.context import CliContext
from precall.cli.main import main
from precall.clock import FixedClock
from tests.precall.research.helpers import PAGES


def run(argv: list[str], db_path: Path, clock: FixedClock) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(db_path=db_path, out=out, err=err, clock=clock)
    code = main(["--db", str(db_path), *argv], ctx=ctx)
    return code, out.getvalue(), err.getvalue()


def test_extract_file_json(db_path: Path, clock: FixedClock) -> None:
    code, out, err = run(["extract", str(PAGES / "press_release.html"), "--url",
                          "https://news.northwind.example/hub", "--json"], db_path, clock)
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Northwind Logistics opens automated hub in Rotterdam"
    assert data["published"] == "2026-10-14"
    assert data["author"] == "Maria Jansen"
    assert "cross-dock hub" in data["text"] and "cookies" not in data["text"]
    assert data["facts"]["employee_count"] == "4200"


def test_extract_file_text(db_path: Path, clock: FixedClock) -> None:
    code, out, _ = run(["extract", str(PAGES / "blog_windows1252.html")], db_path, clock)
    assert code == 0
    assert out.startswith("Why CFOs in mid-market manufacturing are rethinking ERP\n")
    assert "Published 2026-09-03 · by Chloé Dubois" in out


def test_extract_url_needs_allow_private_for_loopback(db_path: Path, clock: FixedClock,
                                                      httpserver: HTTPServer) -> None:
    body = (PAGES / "blog_windows1252.html").read_bytes()
    httpserver.expect_request("/erp").respond_with_data(body, content_type="text/html")  # no charset
    url = httpserver.url_for("/erp")
    code, _, err = run(["extract", url, "--json"], db_path, clock)
    assert code == 1 and "precall: error:" in err
    code, out, err = run(["extract", url, "--json", "--allow-private"], db_path, clock)
    assert code == 0, err
    assert json.loads(out)["author"] == "Chloé Dubois"  # bytes decoded by the page's own meta, not Latin-1


def test_extract_feed_file(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>One</title>"
                     b"<link>https://x.example/1</link></item></channel></rss>")
    code, out, _ = run(["extract", str(feed), "--json"], db_path, clock)
    assert code == 0
    assert json.loads(out)["entries"][0]["title"] == "One"


def test_extract_missing_file_and_bad_scheme(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    code, _, err = run(["extract", str(tmp_path / "nope.html")], db_path, clock)
    assert code == 1 and "There is no file" in err
    code, _, err = run(["extract", "ftp://example.com/x"], db_path, clock)
    assert code == 1 and "only http and https" in err
