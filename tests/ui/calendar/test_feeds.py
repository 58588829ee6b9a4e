"""The Watched calendars dialog: adding a location (a missing file named in words), checking now,
and removing a feed while the meetings it imported stay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.calendar.watcher import CalendarWatcher
from ui.context import AppContext

from tests.precall.calendar.helpers import DATA
from tests.ui.support import read, wait_idle


def test_watched_calendars_dialog_adds_checks_and_removes(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from ui.calendar.feeds import FeedsDialog

    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "thunderbird.ics").read_bytes())
    read(ctx, lambda store: store.accounts.create("Wingtip", website="wingtip.example"))
    ctx.settings.setValue("calendar/time_zone", "Europe/London")
    watcher = CalendarWatcher(ctx)
    dialog = FeedsDialog(ctx, watcher)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.empty, timeout=5_000)
    dialog.add_location(str(tmp_path / "missing.ics"))
    qtbot.waitUntil(lambda: "There is no calendar file" in dialog.message.text(), timeout=5_000)
    dialog.add_location(str(path))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    assert dialog.stack.currentWidget() is dialog.table
    assert dialog.table.item(0, 2).text() == "Not checked yet"
    dialog.check_now()
    qtbot.waitUntil(lambda: "4 created" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "Imported", timeout=5_000)
    dialog.table.selectRow(0)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5_000)
    assert read(ctx, lambda store: len(store.meetings.summaries())) == 4  # imported meetings stay
    wait_idle(qtbot, ctx)
