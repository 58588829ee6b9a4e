"""The import preview: what an import would change, grouped by action; applying it writes
exactly that, skipping new series can leave nothing to import, and a stale preview writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from precall.calendar.plan import Action
from precall.store import Store
from ui.calendar.preview import ImportPreviewDialog
from ui.context import AppContext

from tests.precall.calendar.helpers import DATA, dump, import_ics, plan_for
from tests.ui.support import read, wait_idle

GOOGLE = (DATA / "google.ics").read_bytes()
NEW_EVENT = b"\r\n".join([
    b"BEGIN:VEVENT", b"UID:new-demo@google.com", b"SUMMARY:Wingtip demo", b"DTSTART:20261203T140000Z",
    b"DTEND:20261203T150000Z", b"ATTENDEE;CN=Olu Adeyemi:mailto:olu.adeyemi@wingtip.example",
    b"ATTENDEE:mailto:rep@oursales.com", b"END:VEVENT", b"END:VCALENDAR"])


def changed_google() -> bytes:
    """The pilot moved an hour, 24 December removed from the series, one new event."""
    data = GOOGLE.replace(b"DTSTART:20261124T130000Z", b"DTSTART:20261124T140000Z")
    data = data.replace(b"DTEND:20261124T140000Z", b"DTEND:20261124T150000Z")
    data = data.replace(b"EXDATE;TZID=Europe/Berlin:20261203T090000",
                        b"EXDATE;TZID=Europe/Berlin:20261203T090000,20261224T090000")
    return data.replace(b"END:VCALENDAR", NEW_EVENT)


def child_titles(dialog: ImportPreviewDialog, action: Action) -> list[str]:
    group = dialog.group(action)
    return [group.child(i).text(1) for i in range(group.childCount())]


def test_preview_shows_what_changes_and_applying_it_writes_it(qtbot: Any, ctx: AppContext, db_path: Path) -> None:
    def prepare(store: Store) -> tuple[Any, Any]:
        import_ics(store, GOOGLE)
        plan = plan_for(store, changed_google())
        return plan, store.accounts.list()

    plan, accounts = read(ctx, prepare)
    dialog = ImportPreviewDialog(ctx, plan, accounts, "team.ics")
    qtbot.addWidget(dialog)
    dialog.show()
    assert child_titles(dialog, Action.CREATE) == ["Wingtip demo"]
    assert child_titles(dialog, Action.UPDATE) == ["Northwind: pilot scoping"]
    assert child_titles(dialog, Action.CANCEL) == ["Contoso weekly sync"]
    assert dialog.group(Action.UPDATE).child(0).text(3).startswith("moved from 2026-11-24 14:00")
    assert "1 new, 1 updated, 1 cancelled" in dialog.summary.text()
    combo = dialog.combos["new-demo@google.com"]
    assert combo.currentText() == "New account: Wingtip"
    # Put the new meeting with an existing account instead.
    combo.setCurrentIndex(combo.findText("Northwind Foods"))
    assert dialog.group(Action.CREATE).child(0).text(2) == "Northwind Foods"
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.import_result is not None and len(dialog.import_result.created) == 1
    wait_idle(qtbot, ctx)

    def check(store: Store) -> tuple[str, str, str]:
        new = store.meetings.get(dialog.import_result.created[0])  # type: ignore[union-attr]
        cancelled = store.conn.execute("SELECT status FROM meetings WHERE recurrence_id='20261224T080000Z'")
        return new.account, new.title, cancelled.fetchone()[0]

    assert read(ctx, check) == ("Northwind Foods", "Wingtip demo", "cancelled")


def test_skipping_every_new_series_disables_import_when_nothing_else_changes(qtbot: Any, ctx: AppContext) -> None:
    plan, accounts = read(ctx, lambda store: (plan_for(store, (DATA / "outlook_request.ics").read_bytes()),
                                               store.accounts.list()))
    dialog = ImportPreviewDialog(ctx, plan, accounts, "invite.ics")
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()
    combo = next(iter(dialog.combos.values()))
    combo.setCurrentIndex(combo.count() - 1)  # "Skip (no account)"
    assert not dialog.import_button.isEnabled()
    assert child_titles(dialog, Action.SKIP) == ["Fabrikam rollout review"]


def test_a_stale_preview_says_so_and_writes_nothing(qtbot: Any, ctx: AppContext) -> None:
    data = (DATA / "outlook_request.ics").read_bytes()
    plan, accounts = read(ctx, lambda store: (plan_for(store, data), store.accounts.list()))
    read(ctx, lambda store: import_ics(store, data))
    before = read(ctx, dump)
    dialog = ImportPreviewDialog(ctx, plan, accounts, "invite.ics")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "Preview the import again" in dialog.error.text()
    assert read(ctx, dump) == before and dialog.isVisible()
