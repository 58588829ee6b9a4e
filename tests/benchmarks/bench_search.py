"""Research search latency over 50,000 research items (target: p95 < 20 ms).

Items get ~180 words drawn from a business vocabulary with a Zipf-like spread, so
some words are in most documents (the slow case for bm25 ranking) and some in few.
Queries mix common and rare words, two and three words, a word still being typed
(prefix), and account-scoped searches. The baseline in the same run is the naive
alternative: ``LIKE '%word%'`` over title and text, newest first.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from precall.clock import FixedClock
from precall.store import Store
from tests.benchmarks.common import result
from tests.benchmarks.extract_corpus import ARTICLES

ITEMS = 50_000
ACCOUNTS = 100
WORDS_PER_ITEM = 180
REPEATS = 5
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def vocabulary() -> list[str]:
    words = {w.lower() for _title, body in ARTICLES for p in body for w in re.findall(r"[A-Za-z]{3,}", p)}
    words |= {f"{stem}{suffix}" for stem in ("acme", "globex", "initech", "umbrella", "stark", "wayne", "tyrell")
              for suffix in ("", "corp", "group", "logistics", "energy")}
    return sorted(words)


def build(path: Path, rng: random.Random) -> tuple[Store, list[str]]:
    store = Store.open(path, clock=FixedClock(NOW))
    vocab = vocabulary()
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(vocab))]
    with store.write():
        for n in range(ACCOUNTS):
            store.conn.execute("INSERT INTO accounts(name, created_at, updated_at) VALUES (?, ?, ?)",
                               [f"Account {n}", NOW.isoformat(), NOW.isoformat()])
            store.conn.execute("INSERT INTO research_sources(url, kind, account_id, created_at) VALUES (?, 'feed', ?, ?)",
                               [f"https://source{n}.example/feed", n + 1, NOW.isoformat()])
        rows, links = [], []
        for i in range(ITEMS):
            words = rng.choices(vocab, weights, k=WORDS_PER_ITEM)
            title = " ".join(rng.choices(vocab, weights, k=7)).capitalize()
            text = ". ".join(" ".join(words[j:j + 15]).capitalize() for j in range(0, len(words), 15)) + "."
            fetched = (NOW - timedelta(minutes=i)).isoformat()
            published = (NOW - timedelta(days=i % 900)).date().isoformat()
            rows.append((1 + i % ACCOUNTS, f"https://x{i % 997}.example/a/{i}", f"https://x{i % 997}.example/a/{i}",
                         title, published, "", text[:200], text, fetched, f"h{i}", fetched))
            links.append((i + 1, 1 + i % ACCOUNTS))
        store.conn.executemany(
            "INSERT INTO research_items(source_id, canonical_url, url, title, published, author, summary, text,"
            " fetched_at, content_hash, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        store.conn.executemany("INSERT INTO research_item_sources(research_item_id, source_id) VALUES (?, ?)", links)
    store.conn.execute("INSERT INTO research_fts(research_fts) VALUES ('optimize')")
    store.conn.execute("ANALYZE")
    return store, vocab


def queries(vocab: list[str], rng: random.Random) -> list[tuple[str, int | None]]:
    common, rare = vocab[:20], vocab[-200:]
    found: list[tuple[str, int | None]] = []
    for _ in range(10):
        found.append((rng.choice(common) + " ", None))                      # a word in most items
        found.append((rng.choice(rare) + " ", None))                        # a rare word
        found.append((f"{rng.choice(common)} {rng.choice(rare)} ", None))   # two words
        found.append((" ".join(rng.sample(vocab[:300], 3)) + " ", None))    # three mid words
        found.append((rng.choice(vocab[:300])[:4], None))                   # still typing: a prefix
        found.append((rng.choice(common) + " ", rng.randint(1, ACCOUNTS)))  # scoped to one account
    return found


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def naive(store: Store, query: str, limit: int = 50) -> list[Any]:
    where = " AND ".join("(title LIKE ? OR text LIKE ?)" for _ in query.split())
    params = [p for w in query.split() for p in (f"%{w}%", f"%{w}%")]
    return store.conn.execute(f"SELECT id, title FROM research_items WHERE {where} ORDER BY fetched_at DESC LIMIT ?",
                              [*params, limit]).fetchall()


def run() -> Iterator[dict[str, Any]]:
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="precall-bench-search-") as tmp:
        started = time.perf_counter()
        store, vocab = build(Path(tmp) / "search.db", rng)
        build_seconds = time.perf_counter() - started
        try:
            timings: list[float] = []
            hits: list[int] = []
            for query, account in queries(vocab, rng):
                store.research.search(query, limit=50, account_id=account)  # warm the page cache
                for _ in range(REPEATS):
                    start = time.perf_counter()
                    found = store.research.search(query, limit=50, account_id=account)
                    timings.append((time.perf_counter() - start) * 1000)
                hits.append(len(found))
            baseline: list[float] = []
            for query, _account in queries(vocab, random.Random(7))[:12]:
                start = time.perf_counter()
                naive(store, query.strip())
                baseline.append((time.perf_counter() - start) * 1000)
        finally:
            store.close()
    yield result("search_p95_50k_items", percentile(timings, 95), "ms", percentile(baseline, 95),
                 baseline_name="LIKE scan", p50_ms=round(statistics.median(timings), 2),
                 max_ms=round(max(timings), 2), queries=len(timings), mean_hits=round(statistics.mean(hits), 1),
                 items=ITEMS, build_seconds=round(build_seconds, 1), target_ms=20)
