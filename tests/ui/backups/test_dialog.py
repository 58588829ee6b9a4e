"""The Check and repair dialog, driven for real: restoring a chosen backup, preselecting the newest
good backup of a damaged file, and the main window offering it under Tools."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from precall.clock import FixedClock
from precall.store import Store
from precall.store.backup_rotation import make_backup
from tests.precall.store.damage import corrupt, fill
from tests.ui.backups.test_service import accounts
from tests.ui.support import read, wait_idle
from ui.backups.dialog import CheckRepairDialog
from ui.backups.service import BackupService
from ui.context import AppContext


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
    from tests.ui.test_main_window import open_window

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
