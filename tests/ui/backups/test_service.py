"""Automatic backups in the running app, driven for real: at start and then only when the file
changed (all on the worker), on quit, a damaged file named at start with its newest good backup,
and a database in a synced folder warned about once."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from precall.clock import FixedClock
from precall.store import Store
from precall.store.backup_rotation import list_backups, make_backup
from tests.precall.store.damage import corrupt, fill
from tests.ui.support import SqlThreads, read, wait_idle
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
