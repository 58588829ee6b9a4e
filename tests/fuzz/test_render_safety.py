"""Scraped text can never run script or load anything, in a brief or in the reader.

Hostile titles, summaries, authors and URLs go through the real pipeline (stored as a
research item, linked as evidence, composed into the brief and rendered); the HTML must
hold no active element, event handler, resource reference or non-web link, and the
Markdown no raw tag. In the reader, sanitised HTML shown in ``SafeTextBrowser`` never
loads a local file, while a plain QTextBrowser given the same raw page does (the
control that shows the check can fail).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from precall.briefs.compose import compose_brief
from precall.briefs.render_html import render_html
from precall.briefs.render_markdown import render_markdown
from precall.clock import FixedClock
from precall.demo import load_demo
from precall.research.extract import ExtractedPage
from precall.research.sanitise import sanitise_html, text_to_html
from precall.store import Store
from tests.fuzz.strategies import PAYLOADS, markup, texts
from tests.fuzz.support import FUZZ, bounded

pytestmark = pytest.mark.fuzz

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "link", "img", "svg",
               "math", "video", "audio", "source", "form", "input", "button", "textarea", "select", "template",
               "noscript", "picture", "track", "portal", "image", "use"}
RESOURCE_ATTRS = {"src", "srcset", "background", "poster", "action", "formaction", "data", "xlink:href", "ping",
                  "lowsrc", "dynsrc", "codebase", "archive", "longdesc", "manifest", "icon"}
HOSTILE_URLS = ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "file:///etc/passwd", "/etc/passwd",
                "data:text/html,<script>alert(1)</script>", "https://ok.example/\"><script>alert(1)</script>",
                "https://ok.example/'onmouseover='alert(1)", "//evil.example/x", "vbscript:msgbox(1)",
                "https://ok.example/path?q=<img src=x onerror=alert(1)>", "http://[::1]:80/x", ""]
hostile_text = st.one_of(texts, st.sampled_from(PAYLOADS), markup(8))
_serial = itertools.count()


def assert_inert_html(document: str, *, own_style: bool) -> None:
    tree = lxml.html.document_fromstring(document)
    styles = 0
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        assert tag not in ACTIVE_TAGS, f"<{tag}> in the output"
        if tag == "style":
            styles += 1
            css = (element.text or "").lower()
            assert "url(" not in css and "@import" not in css and "expression(" not in css
        if tag == "meta":
            assert (element.get("http-equiv") or "").lower() in ("", "content-security-policy"), "meta refresh"
        for name, value in element.attrib.items():
            lowered = name.lower()
            assert not lowered.startswith("on"), f"event handler {name}={value!r}"
            assert lowered not in RESOURCE_ATTRS, f"resource attribute {name}={value!r}"
            if lowered == "style":
                assert "url(" not in value.lower() and "expression(" not in value.lower()
            if lowered == "href":
                assert value.startswith(("http://", "https://", "#")), f"link to {value!r}"
    assert styles <= (1 if own_style else 0), "a <style> came from the content"


@pytest.fixture(scope="module")
def brief_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int, list[int], int]]:
    path = tmp_path_factory.mktemp("briefs") / "precall.db"
    store = Store.open(path, clock=FixedClock(datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)))
    load_demo(store)
    meeting = store.meetings.summaries()[0]
    account_id = store.meetings.get(meeting.id).account_id
    items = [item.id for item in store.matrix.items(account_id)]
    source = store.sources.add("https://news.example.com/feed", account_id=account_id, kind="feed")
    try:
        yield store, meeting.id, items, source.id
    finally:
        store.close()


@FUZZ
@given(title=hostile_text, summary=hostile_text, author=hostile_text, body=hostile_text,
       url=st.one_of(st.sampled_from(HOSTILE_URLS), texts))
def test_hostile_research_in_a_brief_is_inert(brief_store: tuple[Store, int, list[int], int], title: str,
                                              summary: str, author: str, body: str, url: str) -> None:
    store, meeting_id, matrix_items, source_id = brief_store
    serial = next(_serial)
    marker = f"marker{serial}x"
    page = ExtractedPage(title=f"{title} {marker}", published=None, author=author, summary=summary, text=body)
    item, _ = store.research.save_page(source_id=source_id, url=f"https://news.example.com/a/{serial}", page=page,
                                       fetched_at=store.now())
    for matrix_item in matrix_items[:5]:
        store.research.link_evidence(matrix_item, item.id)
    # A hostile URL as stored by a feed entry whose link could not be checked.
    with store.write():
        store.conn.execute("UPDATE research_items SET url = ? WHERE id = ?", [url or "x", item.id])
    data = compose_brief(store, meeting_id)
    html, _ = bounded(lambda: render_html(data), seconds=10, peak_mb=200, what="render_html")
    assert marker in html, "the hostile item made it into the brief"
    assert_inert_html(html, own_style=True)
    assert "default-src 'none'" in html, "the brief forbids every load by policy too"
    markdown = render_markdown(data)
    raw_tag = re.search(r"(?<!\\)<[A-Za-z!/?]", markdown)
    assert raw_tag is None, f"unescaped markup in the Markdown: {markdown[raw_tag.start():raw_tag.start() + 60]!r}"
    assert not re.search(r"\]\(\s*(javascript|vbscript|file|data):", markdown, re.IGNORECASE)


@FUZZ
@given(st.one_of(markup(), st.sampled_from(PAYLOADS).map(lambda p: p * 3)))
def test_sanitised_research_html_is_inert(fragment: str) -> None:
    cleaned, _ = bounded(lambda: sanitise_html(fragment), seconds=10, peak_mb=200, what="sanitise_html")
    assert_inert_html(f"<html><body>{cleaned}</body></html>", own_style=False)


@FUZZ
@given(texts)
def test_text_shown_as_html_is_escaped(text: str) -> None:
    assert_inert_html(f"<html><body>{text_to_html(text + ' ' + ' '.join(PAYLOADS))}</body></html>", own_style=False)


def canary_page(canary: Path) -> str:
    return (f'<p>Report</p><img src="{canary.as_uri()}" width="40" height="40"><img src="{canary}">'
            f'<a href="{canary.as_uri()}">local</a><p style="background:url({canary.as_uri()})">x</p>')


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A bright red image on disk: if any widget reads it, red pixels show in its grab."""
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / "canary.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    assert image.save(str(path))
    return path


def red_pixels(widget) -> int:  # noqa: ANN001
    from PySide6.QtGui import QColor

    widget.resize(320, 240)
    widget.show()
    image = widget.grab().toImage()
    red = QColor(255, 0, 0)
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2) if image.pixelColor(x, y) == red)


def test_control_a_plain_text_browser_paints_the_local_file(qtbot, canary: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QTextBrowser

    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.setHtml(canary_page(canary))
    assert red_pixels(plain) > 0, "without a guard Qt reads local files: the checks below can fail"


def test_the_reader_path_never_shows_a_local_file(qtbot, canary: Path) -> None:  # noqa: ANN001
    from ui.widgets.safe_text import SafeTextBrowser

    safe = SafeTextBrowser()
    qtbot.addWidget(safe)
    for html in (sanitise_html(canary_page(canary)), text_to_html(canary_page(canary))):
        safe.setHtml(html)
        assert red_pixels(safe) == 0


def test_the_brief_viewer_never_shows_a_local_file(qtbot, canary: Path) -> None:  # noqa: ANN001
    from ui.briefs.browser import SafeBriefBrowser

    viewer = SafeBriefBrowser()
    qtbot.addWidget(viewer)
    viewer.show_html(f"<html><body>{canary_page(canary)}</body></html>")
    assert red_pixels(viewer) == 0
    assert any(str(canary) in refused for refused in viewer.refused)


def test_the_reader_widget_itself_refuses_local_files(qtbot, canary: Path) -> None:  # noqa: ANN001
    from ui.widgets.safe_text import SafeTextBrowser

    safe = SafeTextBrowser()
    qtbot.addWidget(safe)
    safe.setHtml(canary_page(canary))
    assert red_pixels(safe) == 0
