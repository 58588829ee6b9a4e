"""The Research page driven through pytest-qt with a real store and a local web site."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from precall.clock import FixedClock
from precall.research.sources import FetchStatus, SourceKind
from precall.store import Store
from tests.precall.research.site_server import SiteServer, article
from tests.ui.support import read, wait_idle
from ui.context import AppContext
from ui.research.add_source import AddSourceDialog
from ui.research.page import ResearchPage
from ui.research.sources_model import COL_STATUS, SourceTableModel


@pytest.fixture
def seeded(db_path: Path, clock: FixedClock) -> dict[str, int]:
    with Store.open(db_path, clock=clock) as store:
        acme = store.accounts.create("Acme Freight", industry="Logistics")
        other = store.accounts.create("Borealis Mining", industry="Mining")
        return {"acme": acme.id, "other": other.id, "logistics": store.sources.industry_id("Logistics") or 0}


def make_page(qtbot, ctx: AppContext) -> ResearchPage:  # type: ignore[no-untyped-def]
    ctx.settings.setValue("research/allow_private", True)  # the "web" is on loopback here
    ctx.settings.setValue("research/per_host_delay", 0.05)
    page = ResearchPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    wait_idle(qtbot, ctx)
    return page


def add_sources(ctx: AppContext, account_id: int, urls: list[str]) -> None:
    for url in urls:
        read(ctx, lambda store, url=url: store.sources.add(url, account_id=account_id))


def test_empty_states(qtbot, ctx: AppContext) -> None:
    page = make_page(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty
    assert "No accounts or industries yet" in page.empty.text()
    assert not page.add_button.isEnabled() and not page.refresh_button.isEnabled()


def test_sources_of_the_picked_scope(qtbot, ctx: AppContext, seeded: dict[str, int]) -> None:
    add_sources(ctx, seeded["acme"], ["https://acme.example/news", "https://acme.example/about"])
    read(ctx, lambda store: store.sources.add("https://logistics.example/", industry_id=seeded["logistics"],
                                              kind=SourceKind.SITE))
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.loaded):
        page.select_scope("account", seeded["acme"])
    assert [s.url for s in page.model.sources()] == ["https://acme.example/news", "https://acme.example/about"]
    with qtbot.waitSignal(page.loaded):
        page.select_scope("industry", seeded["logistics"])
    assert [s.kind for s in page.model.sources()] == [SourceKind.SITE]
    with qtbot.waitSignal(page.loaded):
        page.select_scope("account", seeded["other"])
    assert page.stack.currentWidget() is page.empty and "Borealis Mining" in page.empty.text()


def test_model_passes_the_model_tester(qtmodeltester, ctx: AppContext, seeded: dict[str, int]) -> None:
    add_sources(ctx, seeded["acme"], ["https://acme.example/a", "https://acme.example/b"])
    sources = read(ctx, lambda store: store.sources.list(account_id=seeded["acme"]))
    model = SourceTableModel()
    model.set_sources(sources)
    model.set_progress([sources[0].id], "waiting…")
    qtmodeltester.check(model)
    assert model.index(0, COL_STATUS).data() == "waiting…"
    assert model.index(1, COL_STATUS).data() == "not fetched yet"


def test_add_and_remove_a_source(qtbot, ctx: AppContext, seeded: dict[str, int], monkeypatch) -> None:
    page = make_page(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)

    def fill(dialog: AddSourceDialog) -> QDialog.DialogCode:
        dialog.url.setText("ftp://acme.example")
        assert "only http and https" in dialog.error.text()
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.url.setText("acme.example/feed")
        dialog.kind.setCurrentIndex(dialog.kind.findData("feed"))
        dialog.label.setText("Acme feed")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddSourceDialog, "exec", fill)
    with qtbot.waitSignal(page.loaded):
        page.add_source()
    [source] = page.model.sources()
    assert (source.url, source.kind, source.label) == ("https://acme.example/feed", SourceKind.FEED, "Acme feed")
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    with qtbot.waitSignal(page.loaded):
        page.remove_selected()
    assert page.model.rowCount() == 0
    assert read(ctx, lambda store: store.sources.list()) == []


def test_refresh_from_a_local_site_while_the_gui_keeps_ticking(qtbot, ctx: AppContext, seeded: dict[str, int],
                                                               site: SiteServer, other_site: SiteServer) -> None:
    # Every answer takes 0.4 s: one request made on the GUI thread would show as a gap that long.
    urls = []
    for h, server in enumerate((site, other_site)):
        server.latency = 0.4
        for i in range(3):
            server.add(f"/news/{i}", article(f"Acme news {h}.{i}", f"Acme Freight keeps truck {h}.{i} moving."))
            urls.append(server.url(f"/news/{i}"))
    add_sources(ctx, seeded["acme"], urls + ["http://127.0.0.1:9/offline"])
    page = make_page(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    with qtbot.waitSignal(page.refresher.started):
        page.refresh_button.click()
    assert not page.cancel_button.isHidden() and page.refresh_button.isHidden()
    statuses = {page.model.index(r, COL_STATUS).data() for r in range(page.model.rowCount())}
    assert statuses == {"waiting…"}
    seen_fetching: list[bool] = []
    page.refresher.source_started.connect(
        lambda source_id: seen_fetching.append(
            page.model.index(page.model.row_of(source_id), COL_STATUS).data() == "fetching…"))
    with qtbot.waitSignal(page.refresher.finished, timeout=30_000) as finished:
        pass
    timer.stop()
    report = finished.args[0]
    wait_idle(qtbot, ctx)

    assert len(report.applied) == 7 and not report.cancelled
    assert len(seen_fetching) == 7 and all(seen_fetching)  # each row said "fetching…" while it was
    by_url = {s.url: s for s in page.model.sources()}
    assert all(by_url[url].last_status == FetchStatus.OK for url in urls)
    assert by_url["http://127.0.0.1:9/offline"].last_status == FetchStatus.UNREACHABLE
    assert "could not be reached" in page.status.text()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 20 and max(gaps) < 0.3, f"the GUI stalled for {max(gaps) * 1000:.0f} ms"
    assert read(ctx, lambda store: store.research.count()) == 6
    assert not page.refresh_button.isHidden() and page.cancel_button.isHidden()


def test_cancel_keeps_what_was_fetched(qtbot, ctx: AppContext, seeded: dict[str, int], site: SiteServer) -> None:
    for i in range(8):
        site.add(f"/p/{i}", article(f"Page {i}", "Text."))
    add_sources(ctx, seeded["acme"], [site.url(f"/p/{i}") for i in range(8)])
    page = make_page(qtbot, ctx)
    ctx.settings.setValue("research/per_host_delay", 0.4)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    with qtbot.waitSignal(page.refresher.source_saved, timeout=10_000):
        page.refresh()
    with qtbot.waitSignal(page.refresher.finished, timeout=10_000) as finished:
        page.cancel_button.click()
    report = finished.args[0]
    assert report.cancelled and 1 <= len(report.applied) < 8
    wait_idle(qtbot, ctx)
    fetched = [s for s in page.model.sources() if s.last_status == FetchStatus.OK]
    assert len(fetched) == len(report.applied)
    assert "Cancelled after" in page.status.text()
    assert page.model.index(0, COL_STATUS).data() != "waiting…"


def test_keyboard_shortcuts_and_accessible_names(qtbot, ctx: AppContext) -> None:
    page = make_page(qtbot, ctx)
    keys = {s.key().toString() for s in page.findChildren(QShortcut)}
    keys |= {a.shortcut().toString() for a in page.table.actions()}
    assert {"F5", "Esc", "Ctrl+Shift+A", "Shift+F5", QKeySequence(QKeySequence.StandardKey.Delete).toString()} <= keys
    for widget in (page.table, page.scope_box, page.progress, page.status):
        assert widget.accessibleName()


def test_new_accounts_appear_when_another_view_says_so(qtbot, ctx: AppContext, seeded: dict[str, int]) -> None:
    from ui.changes import Area, OpChanges

    page = make_page(qtbot, ctx)
    before = page.scope_box.count()
    read(ctx, lambda store: store.accounts.create("Cobalt Ports", industry="Shipping"))
    with qtbot.waitSignal(page.loaded):
        ctx.changes.notify(OpChanges.of(Area.ACCOUNTS), None)
    labels = [page.scope_box.itemText(i) for i in range(page.scope_box.count())]
    assert page.scope_box.count() == before + 2
    assert "Account: Cobalt Ports" in labels and "Industry: Shipping" in labels


def test_selecting_a_source_shows_its_last_error(qtbot, ctx: AppContext, seeded: dict[str, int], clock) -> None:
    source = read(ctx, lambda store: store.sources.add("https://gone.example/", account_id=seeded["acme"]))
    read(ctx, lambda store: store.sources.record_fetch(source.id, fetched_at=clock.now(),
                                                       status=FetchStatus.UNREACHABLE,
                                                       error="Could not connect to gone.example: refused."))
    page = make_page(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    page.table.selectRow(0)
    assert "Could not connect to gone.example" in page.status.text()
    assert page.model.index(0, COL_STATUS).data() == "could not be reached"


def test_closing_the_app_during_a_refresh_is_clean(qtbot, make_ctx, seeded: dict[str, int],
                                                   site: SiteServer) -> None:
    ctx = make_ctx()
    for i in range(6):
        site.add(f"/q/{i}", article(f"Q {i}", "Text."))
    add_sources(ctx, seeded["acme"], [site.url(f"/q/{i}") for i in range(6)])
    page = make_page(qtbot, ctx)
    ctx.settings.setValue("research/per_host_delay", 0.3)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    with qtbot.waitSignal(page.refresher.source_saved, timeout=10_000):
        page.refresh()
    started = time.monotonic()
    ctx.close()  # what quitting does: cancel long work, wait for the workers
    assert time.monotonic() - started < 3.0
    qtbot.wait(200)  # late signals from the fetching thread must not raise


def test_cancel_before_the_fetching_starts(qtbot, ctx: AppContext, seeded: dict[str, int], site: SiteServer) -> None:
    site.add("/z", article("Z", "Text."))
    add_sources(ctx, seeded["acme"], [site.url("/z")])
    page = make_page(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    with qtbot.waitSignal(page.refresher.finished, timeout=10_000) as finished:
        page.refresh()
        page.cancel_refresh()  # the plan is still loading on the database worker
    assert finished.args[0].cancelled and finished.args[0].applied == []
    assert site.paths() == []


def test_refresh_one_source_from_its_context_menu(qtbot, ctx: AppContext, seeded: dict[str, int],
                                                  site: SiteServer) -> None:
    for i in range(3):
        site.add(f"/one/{i}", article(f"One {i}", f"Text {i}."))
    add_sources(ctx, seeded["acme"], [site.url(f"/one/{i}") for i in range(3)])
    page = make_page(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    assert not page.refresh_selected_action.isEnabled()
    page.table.selectRow(1)
    assert page.refresh_selected_action.isEnabled()
    with qtbot.waitSignal(page.refresher.finished, timeout=10_000) as finished:
        page.refresh_selected_action.trigger()
    assert [a.outcome.url for a in finished.args[0].applied] == [site.url("/one/1")]
    assert [p for p in site.paths() if p.startswith("/one/")] == ["/one/1"]


def test_removing_a_source_is_announced_when_the_page_closed_meanwhile(qtbot, ctx: AppContext,
                                                                       seeded: dict[str, int]) -> None:
    """The library and the matrix's evidence must learn of the removal even if the page
    that removed the source closed before the store answered."""
    import threading

    import shiboken6

    from ui.changes import Area

    add_sources(ctx, seeded["acme"], ["https://acme.example/news"])
    ctx.settings.setValue("research/allow_private", True)
    page = ResearchPage(ctx)
    wait_idle(qtbot, ctx)
    page.select_scope("account", seeded["acme"])
    wait_idle(qtbot, ctx)
    page.table.selectRow(0)
    seen = []
    ctx.changes.changed.connect(lambda changes, _initiator: seen.append(changes))
    gate = threading.Event()
    ctx.tasks.db(lambda store: gate.wait(10)).run()
    page.remove_selected()
    shiboken6.delete(page)
    gate.set()
    wait_idle(qtbot, ctx)
    assert read(ctx, lambda store: store.sources.list()) == []
    assert [(c.touches(Area.RESEARCH), c.account_id) for c in seen] == [(True, seeded["acme"])]


def test_a_bug_while_loading_sources_reaches_the_crash_handler(qtbot, ctx: AppContext, seeded: dict[str, int],
                                                               db_path: Path) -> None:
    """A bug is not the user's to fix: it must reach the crash handler (logged, shown as
    an unexpected error), not be turned into a status line."""
    import sqlite3

    add_sources(ctx, seeded["acme"], ["https://acme.example/news"])
    conn = sqlite3.connect(db_path)
    with conn:  # a state this version does not know: reading it is a bug in the code
        conn.execute("UPDATE research_sources SET last_status = 'from a newer version'")
    conn.close()
    with qtbot.capture_exceptions() as raised:
        page = make_page(qtbot, ctx)
        page.select_scope("account", seeded["acme"])
        wait_idle(qtbot, ctx)
    assert raised and all(isinstance(exc, ValueError) for _kind, exc, _tb in raised)
    assert "newer version" not in page.status.text()
