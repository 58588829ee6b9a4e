"""Automatic backups in the running app and the Check and repair dialog, driven for real."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from precall.clock import FixedClock
from precall.store import Store
from precall.store.backup_rotation import list_backups, make_backup
from tests.precall.store.damage import corrupt, fill
from tests.ui.core.support import SqlThreads, read, wait_idle
from ui.backups.dialog import CheckRepairDialog
from ui.backups.service import BackupService
from ui.context import AppContext


def accounts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM accounts ORDER BY name")]
    finally:
        conn.close()


def test_backs_up_at_start_then_only_when_changed_all_on_the_worker(qtbot, ctx: AppContext, demo_db: Path,
                                                                    clock: FixedClock) -> None:
    threads = SqlThreads()
    threads.install(ctx)
    service = BackupService(ctx, interval_ms=60)
    with qtbot.waitSignal(service.backed_up, timeout=10_000) as first:
        service.start()
    assert first.args[0].path.exists()
    clock.advance(timedelta(minutes=30))
    qtbot.wait(300)  # several ticks with nothing changed
    wait_idle(qtbot, ctx)
    assert len(list_backups(demo_db)) == 1
    read(ctx, lambda store: store.accounts.create("Changed while running"))
    with qtbot.waitSignal(service.backed_up, timeout=10_000) as second:
        pass
    copy = sqlite3.connect(second.args[0].path)
    assert ("Changed while running",) in copy.execute("SELECT name FROM accounts").fetchall()
    copy.close()
    service.timer.stop()
    wait_idle(qtbot, ctx)
    assert threads.names and all(name.startswith("precall-db") for name in threads.names)


def test_a_backup_is_made_on_quit_before_the_store_closes(qtbot, ctx: AppContext, demo_db: Path,
                                                          clock: FixedClock) -> None:
    service = BackupService(ctx, interval_ms=3_600_000)
    with qtbot.waitSignal(service.backed_up, timeout=10_000):
        service.start()
    read(ctx, lambda store: store.accounts.create("Typed just before quitting"))
    clock.advance(timedelta(minutes=5))
    QApplication.instance().aboutToQuit.emit()  # what app.exec() does as the last window closes
    assert not service.timer.isActive()
    ctx.close()
    newest = list_backups(demo_db)[0]
    copy = sqlite3.connect(newest.path)
    assert ("Typed just before quitting",) in copy.execute("SELECT name FROM accounts").fetchall()
    copy.close()
    service.backup_on_quit()  # after shutdown: no crash, nothing queued


def test_a_damaged_database_is_named_at_start_with_the_newest_good_backup(qtbot, make_ctx, db_path: Path,
                                                                           clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        fill(store, items=300)
        good = make_backup(store.conn, store.path, clock)
    corrupt(db_path)
    ctx = make_ctx()
    parent = QWidget()
    qtbot.addWidget(parent)
    service = BackupService(ctx, parent, interval_ms=3_600_000)
    with qtbot.waitSignal(service.looked, timeout=10_000) as looked:
        service.start()
    assert not looked.args[0].ok
    box = service.message_box
    assert box is not None and box.isVisible()
    assert "damaged" in box.windowTitle() and str(good.path) in box.text()
    assert len(list_backups(db_path)) == 1, "no automatic backup of a damaged file"
    box.close()


def test_restore_a_chosen_backup_from_the_dialog(qtbot, ctx: AppContext, db_path: Path, clock: FixedClock) -> None:
    read(ctx, lambda store: store.accounts.create("In the backup"))
    read(ctx, lambda store: make_backup(store.conn, store.path, clock))
    read(ctx, lambda store: store.accounts.create("After the backup"))
    clock.advance(timedelta(hours=1))
    dialog = CheckRepairDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.start()
    assert "passed" in dialog.status.text()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "good"
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    box = dialog.confirm_box
    assert box is not None and "Restore this backup?" == box.windowTitle()
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    with qtbot.waitSignal(dialog.restored, timeout=10_000) as restored:
        restore.click()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        pass
    assert read(ctx, lambda store: [a.name for a in store.accounts.list()]) == ["In the backup"]
    kept = restored.args[0].kept_as
    assert kept is not None and accounts(kept) == ["After the backup", "In the backup"]
    assert "Restored the backup of" in dialog.status.text() and "passed" in dialog.status.text()


def test_the_dialog_preselects_the_newest_good_backup_of_a_damaged_file(qtbot, make_ctx, db_path: Path,
                                                                         clock: FixedClock, tmp_path: Path) -> None:
    with Store.open(db_path, clock=clock) as store:
        fill(store, items=300)
        good = make_backup(store.conn, store.path, clock)
        clock.advance(timedelta(hours=1))
        rotten = make_backup(store.conn, store.path, clock)
    corrupt(rotten.path)
    corrupt(db_path)
    ctx = make_ctx()
    dialog = CheckRepairDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.start()
    assert "damaged" in dialog.status.text()
    assert dialog.table.item(0, 1).text().startswith("damaged")
    assert dialog.selected_backup() == good
    dialog.grab().save(str(tmp_path / "check-and-repair.png"))
    if os.environ.get("PRECALL_SCREENSHOTS"):
        dialog.grab().save(os.environ["PRECALL_SCREENSHOTS"] + "/check-and-repair.png")
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        dialog.restore(good)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        pass
    assert "passed" in dialog.status.text()


def test_the_main_window_offers_check_and_repair_under_tools(qtbot, ctx: AppContext, demo_db: Path) -> None:
    from tests.ui.core.test_main_window import open_window

    window = open_window(qtbot, ctx)
    window.page("No such page")  # builds every page and adds the features' menu actions
    actions = {a.text(): a for a in window.menu("Tools").actions()}
    assert "Check and &repair…" in actions
    assert ctx.services is not None
    service = ctx.services.backups
    assert window.findChild(BackupService, "backupService") is service and service.timer.isActive()
    assert service.timer.interval() == 30 * 60_000
    wait_idle(qtbot, ctx)
    actions["Check and &repair…"].trigger()
    dialog = window.findChild(CheckRepairDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        pass
    dialog.close()
    window.close()
    wait_idle(qtbot, ctx)


def test_a_database_in_a_synced_folder_is_warned_about_once(qtbot, tmp_path: Path, clock: FixedClock) -> None:
    synced = tmp_path / "Dropbox" / "precall.db"
    synced.parent.mkdir()
    texts = []
    for _ in range(2):  # two starts of the app on the same file
        ctx = AppContext.create(synced, clock=clock)
        try:
            service = BackupService(ctx, interval_ms=3_600_000)
            with qtbot.waitSignal(service.looked, timeout=10_000) as looked:
                service.start()
            assert looked.args[0].ok and looked.args[0].warnings
            box = service.message_box
            texts.append(box.text() if box is not None else "")
            if box is not None:
                box.close()
            wait_idle(qtbot, ctx)
        finally:
            ctx.close()
    assert "synced folder" in texts[0] and texts[1] == ""
