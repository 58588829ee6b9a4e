"""The main window: menus and shortcuts, remembered layout, extension hooks, file drops,
the close path, and the rule that the GUI thread never runs SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.support import SqlThreads, add_window, read, wait_idle
from ui.application import build_window
from ui.main_window import MainWindow


def open_window(qtbot, ctx, *, meeting: bool = True, pages: bool = True,  # noqa: ANN001
                services: bool = True) -> MainWindow:
    """The main window as the app builds it (with its services once the pages are built)."""
    window = build_window(ctx) if services else MainWindow(ctx)
    add_window(qtbot, window, ctx)
    page = window.page("Meetings")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show()
    if meeting:
        qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None, timeout=10_000)
    if pages:
        window.ensure_pages()  # the pages built after start-up, built now so tests end quiet
    wait_idle(qtbot, ctx)
    return window


def test_menus_and_shortcuts(qtbot, ctx) -> None:  # noqa: ANN001
    window = open_window(qtbot, ctx, meeting=False)
    assert list(window.menus)[:3] == ["File", "Edit", "View"]
    assert window.new_meeting_action.shortcut().toString() == "Ctrl+N"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert window.page_actions[0].text() == "Meetings"
    assert window.page_actions[0].shortcut().toString() == "Ctrl+1"
    assert not window.undo_action.isEnabled()  # nothing to undo yet


def test_geometry_state_and_splitters_are_remembered(qtbot, make_ctx, monkeypatch) -> None:  # noqa: ANN001
    import ui.main_window

    # Only the meetings page: the offscreen screen is 800 px wide, less than some pages need.
    monkeypatch.setattr(ui.main_window, "REST_DELAY_MS", 600_000)
    ctx = make_ctx()
    window = open_window(qtbot, ctx, meeting=False, pages=False)
    window.resize(733, 517)
    page = window.page("Meetings")
    page.splitter.setSizes([330, 403])
    sizes = page.splitter.sizes()
    window.close()
    again = open_window(qtbot, ctx, meeting=False, pages=False)
    assert (again.width(), again.height()) == (733, 517)
    assert again.page("Meetings").splitter.sizes() == sizes


def test_extension_tabs_panels_menus_and_drops_are_plugged_in(qtbot, demo_db: Path, ctx, monkeypatch) -> None:  # noqa: ANN001
    import ui.extensions as ext

    calls: list[tuple] = []

    class Tab(QLabel):
        title = "Probe tab"

        def set_meeting(self, meeting_id: int | None) -> None:
            calls.append(("tab", meeting_id))

    class Panel(QLabel):
        title = "Probe panel"

        def set_item(self, account_id: int | None, item_id: int | None) -> None:
            calls.append(("panel", account_id, item_id))

    dropped: list[Path] = []

    def provider(context, window):  # noqa: ANN001, ANN202
        return [("Tools", QAction("Probe action", window)), ("File", QAction("Probe import", window))]

    def handler(context, window, path: Path) -> bool:  # noqa: ANN001
        dropped.append(path)
        return path.suffix == ".ics"

    monkeypatch.setattr(ext, "meeting_tabs", lambda: [lambda c: Tab()])
    monkeypatch.setattr(ext, "matrix_side_panels", lambda: [lambda c: Panel()])
    monkeypatch.setattr(ext, "menu_action_providers", lambda: [provider])
    monkeypatch.setattr(ext, "file_drop_handlers", lambda: [handler])
    window = open_window(qtbot, ctx)
    view = window.page("Meetings").view
    assert [view.tabs.tabText(n) for n in range(view.tabs.count())] == ["Meeting", "Matrix", "Probe tab"]
    assert ("tab", view.meeting_id) in calls
    assert [a.text() for a in window.menus["Tools"].actions()] == ["Probe action"]
    file_actions = [a.text() for a in window.menus["File"].actions() if not a.isSeparator()]
    assert file_actions[-2:] == ["Probe import", "&Quit"]
    view.tabs.setCurrentWidget(view.matrix)
    qtbot.waitUntil(lambda: any(c[0] == "panel" and c[2] is not None for c in calls), timeout=10_000)
    panel_call = next(c for c in calls if c[0] == "panel" and c[2] is not None)
    assert panel_call[1] == view.meeting.account_id
    assert view.matrix.side.isVisibleTo(view.matrix)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/invite.ics"), QUrl.fromLocalFile("/tmp/notes.xyz")])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert dropped == [Path("/tmp/invite.ics"), Path("/tmp/notes.xyz")]
    assert "notes.xyz" in window.statusBar().currentMessage()


def test_closing_right_after_typing_keeps_what_was_typed(qtbot, demo_db: Path, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    window = open_window(qtbot, ctx)
    view = window.page("Meetings").view
    meeting_id = view.meeting_id
    # Let start-up work settle, so the only work left at close is the typing.
    qtbot.waitUntil(lambda: view.matrix.controller.matrix is not None, timeout=10_000)
    wait_idle(qtbot, ctx)
    field = view.details.fields["meeting:customer_benefit"]
    field.setFocus()
    field.selectAll()  # a multi-line field: no editingFinished saves it on focus loss
    qtbot.keyClicks(field, "Pilot in one plant by March")
    window.close()  # well inside the 400 ms pause: the close path must save it
    ctx.close()  # what application.run does after the event loop: waits for queued writes
    # The real app exits here; this test goes on running events, so keep late deliveries
    # from making views reload through a runner that is shut down.
    ctx.changes.blockSignals(True)
    reopened = make_ctx()
    assert read(reopened, lambda s: s.meetings.get(meeting_id).customer_benefit) == "Pilot in one plant by March"


def test_the_gui_thread_never_runs_sql(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    threads = SqlThreads()
    threads.install(ctx)
    window = open_window(qtbot, ctx)
    view = window.page("Meetings").view
    view.tabs.setCurrentWidget(view.matrix)
    qtbot.waitUntil(lambda: view.matrix.controller.matrix is not None, timeout=10_000)
    editor = view.matrix
    role, row = editor.controller.matrix.roles[0], editor.controller.matrix.rows[0]
    editor.grid.add_item.emit(role.id, row.id, "A new assumption")
    qtbot.keyClicks(view.details.fields["meeting:location"], " (room 4)")
    view.details.flush()
    wait_idle(qtbot, ctx)
    window.undo_action.trigger()
    wait_idle(qtbot, ctx)
    window.page("Meetings").filter.setText("north")
    wait_idle(qtbot, ctx)
    assert len(threads.names) > 10
    assert {name.split("_")[0] for name in threads.names} == {"precall-db"}


@pytest.mark.parametrize("key", [Qt.Key.Key_N])
def test_ctrl_n_opens_the_new_meeting_dialog(qtbot, ctx, key) -> None:  # noqa: ANN001
    from ui.meetings.new_meeting import NewMeetingDialog

    window = open_window(qtbot, ctx, meeting=False)
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(NewMeetingDialog)
    assert isinstance(dialog, QWidget) and dialog.isVisible()
    wait_idle(qtbot, ctx)
    dialog.reject()


def test_new_account_dialog_refuses_bad_input_by_field_then_creates(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    from ui.accounts.new_account import NewAccountDialog

    window = open_window(qtbot, ctx, meeting=False)
    window.new_account_action.trigger()
    dialog = window.findChild(NewAccountDialog)
    dialog.name.setText("northwind foods")  # names are unique whatever their case
    dialog.submit()
    qtbot.waitUntil(lambda: "name" in dialog.errors.visible(), timeout=5_000)
    assert "already an account" in dialog.errors.visible()["name"]
    dialog.name.setText("Crumb & Co")
    dialog.website.setText("javascript:alert(1)")
    dialog.submit()
    qtbot.waitUntil(lambda: "website" in dialog.errors.visible(), timeout=5_000)
    assert read(ctx, lambda s: s.accounts.by_name("Crumb & Co")) is None
    dialog.website.setText("crumb.example")
    dialog.industry.setText("Bakery")
    with qtbot.waitSignal(dialog.created, timeout=5_000):
        dialog.submit()
    account = read(ctx, lambda s: s.accounts.by_name("Crumb & Co"))
    assert (account.website, account.industry) == ("https://crumb.example", "Bakery")
    assert len(read(ctx, lambda s: s.matrix.rows(account.id))) == 8  # the default rows, ready to fill


def test_the_meeting_views_tab_is_remembered(qtbot, demo_db: Path, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    window = open_window(qtbot, ctx)
    view = window.page("Meetings").view
    view.tabs.setCurrentWidget(view.matrix)
    window.close()
    # A second window on the same context (the app's services already run for the first).
    again = open_window(qtbot, ctx, services=False)
    reopened = again.page("Meetings").view
    assert reopened.tabs.currentWidget() is reopened.matrix
