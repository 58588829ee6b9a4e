"""Building blocks for research-library tests: accounts with sources, saved pages, and the
folder of saved web pages (``pages/``) the extraction, discovery and command-line tests read."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from precall.research.extract import ExtractedPage
from precall.store import Store

PAGES = Path(__file__).parent / "pages"
FETCHED = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)


def add_source(store: Store, url: str, *, account_id: int | None = None, industry: str | None = None) -> int:
    """A research source row as R1's m002 defines it (inserted directly: these tests
    are about items, not about managing sources)."""
    industry_id = store.accounts.ensure_industry(industry) if industry else None
    with store.write():
        cur = store.conn.execute(
            "INSERT INTO research_sources(url, kind, account_id, industry_id, created_at) VALUES (?, 'page', ?, ?, ?)",
            [url, account_id, industry_id, store.now_iso()])
    return int(cur.lastrowid)


def page(title: str, text: str, *, published: date | None = None, author: str = "", summary: str = "",
         canonical: str = "") -> ExtractedPage:
    return ExtractedPage(title=title, published=published, author=author, summary=summary, text=text, facts={},
                         canonical_url=canonical)
