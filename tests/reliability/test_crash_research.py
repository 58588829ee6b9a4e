"""A research refresh killed half-way: each source is saved whole (items, FTS and fetch
state together) or not at all, and the file stays intact.

The child is the real command line, ``precall research refresh --all --allow-private``,
fetching from an HTTP server on this machine that answers a little slowly.

Cross-cutting (tests/reliability/): the command line, the fetcher and the store killed together."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from precall.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
SOURCES = 24
KILLS = int(os.environ.get("PRECALL_RESEARCH_KILLS", "15"))


class SlowSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        time.sleep(0.02)
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path.startswith("/article/"):
            n = self.path.rsplit("/", 1)[1]
            paragraphs = "".join(
                f"<p>Northwind article {n}, paragraph {p}: freight volumes, working capital and the CFO's "
                f"priorities for the coming quarter are discussed at length here.</p>" for p in range(12)
            )
            body = (f"<html><head><title>Article {n}</title><meta charset='utf-8'></head><body><article>"
                    f"<h1>Article {n}</h1>{paragraphs}</article></body></html>").encode()
            kind = "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client killed mid-response leaves a broken pipe here: expected, not news.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), SlowSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def refresh(db: Path) -> subprocess.Popen[bytes]:
    code = ("import sys; from precall.cli.main import main; "
            f"sys.exit(main(['--db', {str(db)!r}, 'research', 'refresh', '--all', '--allow-private', '--delay', '0.02']))")
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def source_states(db: Path) -> tuple[int, int, list[str]]:
    """(sources saved whole, sources untouched, what is half-saved)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO research_fts(research_fts) VALUES ('integrity-check')")
        whole = untouched = 0
        half = []
        for source_id, url, status in conn.execute("SELECT id, url, last_status FROM research_sources"):
            items = conn.execute(
                "SELECT count(*) FROM research_items i JOIN research_item_sources s ON s.research_item_id = i.id"
                " WHERE s.source_id = ? AND i.url = ?", [source_id, url]).fetchone()[0]
            searchable = conn.execute(
                "SELECT count(*) FROM research_fts WHERE research_fts MATCH ?", [f'"{url.rsplit("/", 1)[1]}"']
            ).fetchone()[0] if items else 0
            if status == "ok" and items == 1 and searchable >= 1:
                whole += 1
            elif status == "never" and items == 0:
                untouched += 1
            else:
                half.append(f"{url}: status={status} items={items} searchable={searchable}")
        return whole, untouched, half
    finally:
        conn.close()


@pytest.mark.slow
def test_a_research_refresh_killed_half_way_saves_each_source_whole_or_not_at_all(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, work = tmp_path / "base.db", tmp_path / "work.db"
    with Store.open(base) as store:
        account = store.accounts.create("Northwind")
        for n in range(SOURCES):
            store.sources.add(f"{site}/article/{n}", account_id=account.id)
    shutil.copyfile(base, work)
    started = time.monotonic()
    proc = refresh(work)
    out, err = proc.communicate(timeout=300)
    full_run = time.monotonic() - started
    assert proc.returncode == 0, (out + err).decode()[-3000:]
    assert source_states(work) == (SOURCES, 0, [])
    rng = random.Random(5)
    partial_runs = 0
    for kill in range(KILLS):
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)
        shutil.copyfile(base, work)
        proc = refresh(work)
        time.sleep(rng.uniform(0.2, full_run))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        conn = sqlite3.connect(work)
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        assert check == "ok", f"kill {kill}: {check}"
        whole, untouched, half = source_states(work)
        assert half == [], f"kill {kill}: {half}"
        assert whole + untouched == SOURCES
        partial_runs += 0 < whole < SOURCES
    with capsys.disabled():
        print(f"\ncrash-research: kills={KILLS} killed_mid_refresh={partial_runs} half_saved_sources=0 "
              f"integrity_failures=0 full_run_seconds={full_run:.2f}")
    assert partial_runs > 0, "some kills must land while sources were being saved"
