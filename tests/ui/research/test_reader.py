"""The reader pane and research search, driven as a user would, on a real database."""

from __future__ import annotations

from typing import Any

from pytest_httpserver import HTTPServer
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTextBrowser

from tests.ui.research.library_data import prepared_db, seeded  # noqa: F401 (fixtures)
from tests.ui.support import read
from ui.context import AppContext
from ui.research.reader import ResearchReader
from ui.research.results_model import ResultsModel
from ui.widgets.safe_text import SafeTextBrowser


def hostile_html(server: HTTPServer, secret: str) -> str:
    return (f'<p>x <img src="file://{secret}"> <img src="{secret}"> <img src="{server.url_for("/pixel.png")}">'
            f'<link rel="stylesheet" href="{server.url_for("/style.css")}"></p>'
            "<script>document.write('SCRIPT-RAN')</script><p>end</p>")


def test_safe_browser_refuses_every_resource(qtbot: Any, httpserver: HTTPServer, tmp_path: Any) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    httpserver.expect_request("/pixel.png").respond_with_data(b"GIF89a", content_type="image/gif")
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(500, 300)
    browser.show()
    browser.setHtml(hostile_html(httpserver, str(secret)))
    qtbot.waitUntil(lambda: len(browser.refused) >= 3)
    assert f"file://{secret}" in browser.refused and str(secret) in browser.refused
    assert httpserver.url_for("/pixel.png") in browser.refused
    assert httpserver.log == []  # nothing reached the local server
    assert "SCRIPT-RAN" not in browser.toPlainText()


def test_a_plain_browser_would_have_read_the_local_file(qtbot: Any, tmp_path: Any) -> None:
    """The hazard the guard is for: without it, Qt reads local files named by a page."""
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET")
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    assert plain.loadResource(2, QUrl.fromLocalFile(str(secret))) is not None
    safe = SafeTextBrowser()
    qtbot.addWidget(safe)
    image = safe.loadResource(2, QUrl.fromLocalFile(str(secret)))  # ImageResource
    assert isinstance(image, QImage) and image.width() == 1, "a blank stand-in, never the file"
    text = safe.loadResource(1, QUrl.fromLocalFile(str(secret)))  # HtmlResource
    assert isinstance(text, QByteArray) and text.isEmpty()


def test_links_open_in_the_system_browser_only_for_web_urls(qtbot: Any) -> None:
    opened: list[str] = []
    browser = SafeTextBrowser(open_external=lambda url: opened.append(url.toString()) or True)
    qtbot.addWidget(browser)
    browser.setHtml('<a href="https://example.com/a">web</a> <a href="file:///etc/passwd">file</a>')
    for url in ("https://example.com/a", "file:///etc/passwd", "/etc/passwd", "javascript:alert(1)"):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == ["https://example.com/a"]
    browser.setSource(QUrl("file:///etc/passwd"))
    assert "root:" not in browser.toPlainText()


def make_reader(qtbot: Any, ctx: AppContext, opened: list[str] | None = None) -> ResearchReader:
    sink = opened if opened is not None else []
    reader = ResearchReader(ctx, open_external=lambda url: sink.append(url.toString()) or True)
    qtbot.addWidget(reader)
    reader.resize(700, 600)
    reader.show()
    return reader


def test_reader_shows_item_with_versions(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    reader = make_reader(qtbot, ctx)
    pane = reader.reader
    assert pane.stack.currentWidget() is pane.empty
    reader.show_item(seeded["hub"])
    qtbot.waitUntil(lambda: "15%" in pane.browser.toPlainText())
    assert pane.title.text() == "Acme opens Rotterdam hub"
    assert "Published 2026-10-14" in pane.meta.text() and "Maria Jansen" in pane.meta.text()
    assert "Acme Freight — acme.example/news" in pane.meta.text()
    assert pane.versions.count() == 2 and pane.versions.isVisibleTo(pane)
    pane.versions.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "12%" in pane.browser.toPlainText())
    assert "15%" not in pane.browser.toPlainText()


def test_reader_shows_hostile_text_as_text_and_loads_nothing(qtbot: Any, ctx: AppContext,
                                                             seeded: dict[str, int]) -> None:
    opened: list[str] = []
    reader = make_reader(qtbot, ctx, opened)
    browser = reader.reader.browser
    reader.show_item(seeded["hostile"])
    qtbot.waitUntil(lambda: "after." in browser.toPlainText())
    text = browser.toPlainText()
    assert '<img src="file:///etc/passwd">' in text  # shown, not interpreted
    assert not [url for url in browser.refused if url.startswith("file:") or url.startswith("/")]
    anchors = browser.document().toHtml()
    assert 'href="https://acme.example/more"' in anchors and 'href="file:' not in anchors
    browser.anchorClicked.emit(QUrl("https://acme.example/more"))
    assert opened == ["https://acme.example/more"]


def test_search_is_debounced_and_shows_title_date_snippet(qtbot: Any, ctx: AppContext, qtmodeltester: Any,
                                                          seeded: dict[str, int]) -> None:
    reader = make_reader(qtbot, ctx)
    search = reader.search
    reader.set_account(seeded["account"])
    qtbot.waitUntil(lambda: search.model.rowCount() == 2)  # latest items while the box is empty
    qtbot.keyClicks(search.box, "rotterd")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=3000)
    qtmodeltester.check(search.model)
    index = search.model.index(0)
    shown = search.model.data(index)
    assert shown.startswith("Acme opens Rotterdam hub  ·  2026-10-14\n") and "«Rotterdam»" in shown
    assert search.model.data(index, ResultsModel.IdRole) == seeded["hub"]
    search.results.clicked.emit(index)
    qtbot.waitUntil(lambda: reader.reader.title.text() == "Acme opens Rotterdam hub")


def test_hostile_and_empty_searches(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    reader = make_reader(qtbot, ctx)
    search = reader.search
    for query in ['" NOT (xyzzy', "NEAR*", "zzzz-nothing"]:
        search.box.setText(query)
        search.refresh()
        qtbot.waitUntil(lambda: search.status.text().startswith("No research matches"))
        assert search.model.rowCount() == 0


def test_results_follow_research_changes(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    from tests.precall.research.helpers import FETCHED, page
    from ui.changes import Area, OpChanges

    reader = make_reader(qtbot, ctx)
    reader.search.box.setText("warehouse")
    reader.search.refresh()
    qtbot.waitUntil(lambda: reader.search.status.text().startswith("No research"))
    read(ctx, lambda store: store.research.save_page(source_id=None, url="https://x.example/w",
                                                     page=page("New warehouse", "A warehouse opened."),
                                                     fetched_at=FETCHED))
    ctx.changes.notify(OpChanges.of(Area.RESEARCH))
    qtbot.waitUntil(lambda: reader.search.model.rowCount() == 1)


def test_reader_shows_organisation_facts(qtbot: Any, ctx: AppContext) -> None:
    from tests.precall.research.helpers import FETCHED
    from precall.research.extract import ExtractedPage

    facts = {"name": "Northwind <Logistics>", "employee_count": "4200",
             "social_profiles": ["https://www.linkedin.com/company/northwind", "javascript:alert(1)"]}
    saved = read(ctx, lambda store: store.research.save_page(
        source_id=None, url="https://n.example/about",
        page=ExtractedPage("About", None, "", "", "We move parcels.", facts), fetched_at=FETCHED)[0])
    reader = make_reader(qtbot, ctx)
    reader.show_item(saved.id)
    browser = reader.reader.browser
    qtbot.waitUntil(lambda: "We move parcels." in browser.toPlainText())
    text = browser.toPlainText()
    assert "Northwind <Logistics>" in text and "4200" in text
    document = browser.document().toHtml()
    assert 'href="https://www.linkedin.com/company/northwind"' in document
    assert 'href="javascript' not in document


def test_industry_scope_and_source_selection(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    from tests.precall.research.helpers import FETCHED, add_source, page

    def seed(store: Any) -> tuple[int, int, int]:
        industry_id = store.accounts.ensure_industry("Logistics")
        source = add_source(store, "https://logistics.example/feed", industry="Logistics")
        older, _ = store.research.save_page(source_id=source, url="https://logistics.example/1",
                                            page=page("Rail volumes", "Rail freight volumes rose."),
                                            fetched_at=FETCHED)
        newer, _ = store.research.save_page(source_id=source, url="https://logistics.example/2",
                                            page=page("Port news", "Port congestion eased."), fetched_at=FETCHED)
        return industry_id, source, newer.id

    industry_id, source, newest = read(ctx, seed)
    reader = make_reader(qtbot, ctx)
    reader.set_scope(None, industry_id)
    qtbot.waitUntil(lambda: reader.search.model.rowCount() == 2)
    reader.search.box.setText("Rotterdam")  # the account's own item is not in the industry's research
    reader.search.refresh()
    qtbot.waitUntil(lambda: reader.search.status.text().startswith("No research matches"))
    reader.search.box.setText("")
    reader.show_source(source)
    qtbot.waitUntil(lambda: reader.reader.item_id == newest and reader.reader.title.text() == "Port news")
    assert reader.search.status.text() == "From the selected source"
    reader.set_scope(seeded["account"], None)  # an account sees its industry's research too
    reader.search.box.setText("rail")
    reader.search.refresh()
    qtbot.waitUntil(lambda: reader.search.model.rowCount() == 1)
