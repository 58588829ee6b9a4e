"""Brief generation inside a 5,000-meeting database.

The meeting: 5 attendees (5 roles), 60 matrix items, 30 research items (some linked as
evidence). Targets: HTML (compose + render) median < 50 ms, PDF (compose + render +
Qt PDF) median < 500 ms. Baselines in the same run: the bare compose for HTML, and
Qt alone (the same HTML laid out and printed by a plain QTextDocument) for PDF.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from precall.briefs.compose import compose_brief
from precall.briefs.generate import generate_brief
from precall.briefs.render_html import render_html
from precall.clock import FixedClock
from precall.research.extract import ExtractedPage
from precall.store import Store
from tests.benchmarks.common import median_ms, result

MEETINGS = 5_000
ACCOUNTS = 250
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
ROLES = ("CFO", "CIO", "VP Operations", "IT Director", "Procurement")
ROW_KEYS = ("objectives", "challenges", "related_concerns", "trigger_events", "status_quo", "decision_process",
            "metrics", "questions")
STATUSES = ("assumed", "researched", "confirmed", "refuted")




def build(path: Path) -> tuple[Store, int]:
    """5,000 meetings over 250 accounts (each with contacts and matrix items); returns
    the store and the id of the meeting to brief."""
    store = Store.open(path, clock=FixedClock(NOW))
    with store.write():
        for a in range(ACCOUNTS):
            account = store.accounts.create(f"Account {a:03d}", industry="Food manufacturing")
            rows = {row.key: row.id for row in store.matrix.rows(account.id)}
            contacts = []
            for r, role in enumerate(ROLES[:3]):
                contact = store.accounts.add_contact(account.id, f"Person {a}-{r}", role, role=role)
                contacts.append(contact.id)
                for k, key in enumerate(ROW_KEYS[:4]):
                    store.matrix.add_item(contact.role_id, rows[key], f"Assumption {k} about {role} at {a}")
            for m in range(MEETINGS // ACCOUNTS):
                start = NOW + timedelta(hours=2 * (m * ACCOUNTS + a) - MEETINGS)
                store.meetings.create(account.id, f"Meeting {m}", start, start + timedelta(hours=1), "UTC",
                                      attendee_ids=contacts[:2])
        meeting_id = _target(store)
    return store, meeting_id


def _target(store: Store) -> int:
    account = store.accounts.create("Northwind Foods", "https://northwind.example", "Food manufacturing",
                                    "Family-owned snack maker, 3 plants, 1,400 staff.")
    rows = {row.key: row.id for row in store.matrix.rows(account.id)}
    contacts = [store.accounts.add_contact(account.id, f"Attendee {i}", f"Title {i}", role=role)
                for i, role in enumerate(ROLES)]
    items = []
    for n in range(60):  # 12 per role, spread over the rows
        contact = contacts[n % 5]
        key = ROW_KEYS[(n // 5) % 7]  # the 8th row, questions, is listed apart
        items.append(store.matrix.add_item(contact.role_id, rows[key], f"Assumption {n}: margin and stock levels "
                                           f"matter for {contact.role} ({key})", status=STATUSES[n % 4],
                                           keywords=["margin", "stock"]).id)
    source = store.sources.add("https://northwind.example/news", account_id=account.id, label="Newsroom")
    for n in range(30):
        page = ExtractedPage(title=f"News {n}: margin and stock update", published=date(2026, 10, 1 + n % 28),
                             author="", summary=f"Summary {n} about margin pressure and stock.",
                             text=f"Article {n}. " + "Margin and stock levels moved this quarter. " * 40)
        research, _ = store.research.save_page(source_id=source.id, url=f"https://northwind.example/news/{n}",
                                               page=page, fetched_at=NOW)
        if n < 20:
            store.research.link_evidence(items[n * 3 % 60], research.id)
    start = NOW + timedelta(days=1)
    meeting = store.meetings.create(account.id, "Working-capital review", start, start + timedelta(hours=1),
                                    "Europe/London", attendee_ids=[c.id for c in contacts],
                                    customer_benefit="Size the cash tied up in promotion stock",
                                    best_commitment="A six-week pilot", min_commitment="Share the promotion calendar")
    return meeting.id


def run() -> Iterator[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF

    from ui.pdf import ensure_gui_application, render_pdf_bytes

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        store, meeting_id = build(Path(folder) / "bench.db")
        build_s = time.perf_counter() - started
        try:
            data = compose_brief(store, meeting_id)
            html = render_html(data)
            size = {"attendees": len(data.attendees), "matrix_items": sum(c.item_count for c in data.roles),
                    "evidence_links": sum(len(i.evidence) for c in data.roles for r in c.rows for i in r.items),
                    "research_shown": len(data.research), "html_kb": round(len(html) / 1024, 1)}

            def bare_qt_pdf() -> None:
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                writer = QPdfWriter(buffer)
                writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                                 QMarginsF(14, 12, 14, 12), QPageLayout.Unit.Millimeter))
                document = QTextDocument()
                document.setHtml(html)
                document.print_(writer)
                del writer
                buffer.close()

            compose_ms = median_ms(lambda: compose_brief(store, meeting_id))
            html_ms = median_ms(lambda: render_html(compose_brief(store, meeting_id)))
            generate_ms = median_ms(lambda: generate_brief(store, meeting_id))
            qt_ms = median_ms(bare_qt_pdf, repeat=9)
            pdf_ms = median_ms(lambda: render_pdf_bytes(render_html(compose_brief(store, meeting_id))), repeat=9)
            render_only_ms = median_ms(lambda: render_pdf_bytes(html), repeat=9)
            pages = _pages(render_pdf_bytes(html))
            yield result("brief_html_ms", html_ms, "ms", compose_ms, baseline_is="compose only", target_ms=50,
                         meetings=MEETINGS + 1, db_build_s=round(build_s, 1), **size)
            yield result("brief_generate_with_snapshot_ms", generate_ms, "ms", html_ms,
                         baseline_is="compose + HTML without storing", target_ms=50)
            yield result("brief_pdf_ms", pdf_ms, "ms", qt_ms, baseline_is="bare QTextDocument print of the same HTML",
                         target_ms=500, pages=pages)
            # What the Brief tab's PDF export does on the GUI thread (stored HTML -> PDF).
            yield result("brief_pdf_render_only_ms", render_only_ms, "ms", qt_ms,
                         baseline_is="bare QTextDocument print of the same HTML", pages=pages)
        finally:
            store.close()


def _pages(pdf: bytes) -> int | None:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)
