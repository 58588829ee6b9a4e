"""Changes made by another process show up in the open window through the poller, without
a restart; the app's own edits and quiet periods announce nothing extra."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from precall.clock import FixedClock
from precall.store import Store
from precall.store.lock import Role
from tests.ui.support import add_window, read, wait_idle
from ui.changes import Area, OpChanges
from ui.context import AppContext
from ui.external_changes import ExternalChanges
from ui.main_window import MainWindow

EVERY_AREA = frozenset(Area)


def shown_titles(page: Any) -> list[str]:
    return [page.proxy.index(n, 0).data() for n in range(page.proxy.rowCount())]


def add_meeting(db_path: Path, clock: FixedClock, title: str) -> None:
    """What a command beside the app does: its own connection, its own lock role."""
    with Store.open(db_path, clock=clock, role=Role.COMMAND) as store:
        account = store.accounts.list()[0]
        start = clock.now() + timedelta(days=2)
        store.meetings.create(account.id, title, start, start + timedelta(hours=1), "UTC")


@pytest.fixture
def announced(ctx: AppContext) -> list[OpChanges]:
    """Every announcement of all areas at once (what the poller sends)."""
    seen: list[OpChanges] = []
    ctx.changes.changed.connect(lambda changes, _initiator: seen.append(changes)
                                if changes.areas == EVERY_AREA else None)
    return seen


def test_a_meeting_added_by_another_process_appears_in_the_open_list(
        qtbot: Any, db_path: Path, clock: FixedClock, ctx: AppContext, announced: list[OpChanges]) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Acme Dairy")
    window = MainWindow(ctx)
    add_window(qtbot, window, ctx)
    page = window.page("Meetings")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show()
    window.ensure_pages()
    poller = ExternalChanges(ctx.tasks, interval_ms=50, parent=window)
    poller.start()
    qtbot.waitUntil(lambda: poller.version is not None, timeout=5_000)

    add_meeting(db_path, clock, "Added from a terminal")
    qtbot.waitUntil(lambda: "Added from a terminal" in shown_titles(page), timeout=10_000)
    assert len(announced) == 1
    poller.stop()
    wait_idle(qtbot, ctx)


def test_nothing_is_announced_while_nothing_changed_nor_for_the_apps_own_edits(
        qtbot: Any, db_path: Path, ctx: AppContext, announced: list[OpChanges]) -> None:
    Store.open(db_path).close()
    poller = ExternalChanges(ctx.tasks, interval_ms=20)
    looks: list[int] = []
    poller.start()
    qtbot.waitUntil(lambda: poller.version is not None, timeout=5_000)
    first = poller.version
    read(ctx, lambda store: store.accounts.create("Made in the app"))  # the app's own connection
    for _ in range(5):
        looks.append(read(ctx, lambda store: store.data_version()))
        qtbot.wait(40)
    assert announced == [] and poller.version == first and set(looks) == {first}
    assert poller.timer.isActive()
    poller.stop()
    wait_idle(qtbot, ctx)


def test_the_poller_stops_once_the_database_cannot_be_used(qtbot: Any, db_path: Path, ctx: AppContext) -> None:
    db_path.write_bytes(b"not a database at all")
    poller = ExternalChanges(ctx.tasks, interval_ms=20)
    errors: list[object] = []
    ctx.tasks.error.connect(errors.append)
    poller.start()
    qtbot.waitUntil(lambda: not poller.timer.isActive(), timeout=5_000)
    qtbot.wait(100)
    assert len(errors) <= 1, "the failure is reported once, not at every look"
    assert poller.version is None


def test_the_interval_must_be_positive(ctx: AppContext) -> None:
    with pytest.raises(ValueError):
        ExternalChanges(ctx.tasks, interval_ms=0)
