"""The Debrief tab: marks and notes land on the account's matrix, learning becomes a
confirmed item, follow-ups are kept, the meeting is marked done."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from precall.domain.matrix import ItemStatus
from precall.domain.meetings import MeetingStatus
from tests.precall.scenario import Scenario
from tests.ui.support import read
from ui.context import AppContext
from ui.debrief.view import DebriefView


def _build(qtbot: QtBot, ctx: AppContext, meeting_id: int) -> DebriefView:
    view = DebriefView(ctx)
    qtbot.add_widget(view)
    view.set_meeting(meeting_id)
    qtbot.wait_until(lambda: view._data is not None)
    return view


def _item_id(ctx: AppContext, scenario: Scenario, text: str) -> int:
    items = read(ctx, lambda s: s.matrix.items(scenario.account_id))
    return next(i.id for i in items if i.text == text)


def test_debrief_lands_on_the_accounts_matrix(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    assert view.items.rowCount() == 4
    capital = _item_id(ctx, seeded, "Cut working capital by 10%")
    erp = _item_id(ctx, seeded, "Legacy ERP nobody wants to touch")

    view.item_notes[capital].setText("Ada said 12%, by Q3")
    with qtbot.wait_signal(ctx.changes.changed, timeout=5000):
        view.outcomes[capital].setCurrentIndex(view.outcomes[capital].findData("confirmed"))
    qtbot.wait_until(lambda: view.outcomes[erp].isEnabled())
    with qtbot.wait_signal(ctx.changes.changed, timeout=5000):
        view.outcomes[erp].setCurrentIndex(view.outcomes[erp].findData("refuted"))
    qtbot.wait_until(lambda: "(refuted)" in view.items.item(2, 1).text())

    view.learn_role.setCurrentIndex(view.learn_role.findText("IT Director"))
    view.learn_row.setCurrentIndex(view.learn_row.findText("Trigger events"))
    qtbot.keyClicks(view.learn_text, "New CIO starts in January")
    with qtbot.wait_signal(ctx.changes.changed, timeout=5000):
        view.learn_button.click()
    qtbot.wait_until(lambda: view.items.rowCount() == 5)

    items = {i.text: i for i in read(ctx, lambda s: s.matrix.items(seeded.account_id))}
    assert (items["Cut working capital by 10%"].status, items["Cut working capital by 10%"].note) == (
        ItemStatus.CONFIRMED, "Ada said 12%, by Q3")
    assert items["Legacy ERP nobody wants to touch"].status is ItemStatus.REFUTED
    learned = items["New CIO starts in January"]
    assert (learned.status, learned.origin) == (ItemStatus.CONFIRMED, "rep")
    assert learned.role_id == seeded.it_role_id and learned.row_id == seeded.rows["trigger_events"]


def test_follow_ups_with_one_ten_percent_and_done(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    assert view.follow.due.date() == QDate(2026, 11, 24)  # two days after the injected "today"
    qtbot.keyClicks(view.follow.text, "Send the cold-chain benchmark Ada asked about")
    view.follow.ten_percent.setChecked(True)
    view.follow.add_button.click()
    qtbot.wait_until(lambda: view.follow.table.rowCount() == 1)
    qtbot.keyClicks(view.follow.text, "A second 10% one")
    view.follow.ten_percent.setChecked(True)
    view.follow.add_button.click()
    qtbot.wait_until(lambda: "already has its 10% follow-up" in view.error.text())
    view.follow.due.setDate(QDate(2026, 12, 1))
    qtbot.keyClicks(view.follow.text, "Book a demo with Ben")
    view.follow.add_button.click()
    qtbot.wait_until(lambda: view.follow.table.rowCount() == 2)
    assert view.follow.table.item(0, 3).text() == "10% rule"
    view.follow.table.item(1, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.wait_until(lambda: [f.done for f in read(ctx, lambda s: s.followups.for_meeting(seeded.meeting.id))]
                     == [False, True])
    stored = read(ctx, lambda s: s.followups.for_meeting(seeded.meeting.id))
    assert [(f.text, f.due, f.ten_percent) for f in stored] == [
        ("Send the cold-chain benchmark Ada asked about", date(2026, 11, 24), True),
        ("Book a demo with Ben", date(2026, 12, 1), False),
    ]


def test_notes_and_mark_done(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    assert "has not ended yet" in view.state.text()  # the injected clock is the day before
    view.summary.setPlainText("Ada is the sponsor; Ben is wary of integrations.")
    view.done_button.click()
    qtbot.wait_until(lambda: not view.done_button.isEnabled())
    meeting = read(ctx, lambda s: s.meetings.get(seeded.meeting.id))
    assert meeting.status is MeetingStatus.DONE
    assert meeting.debrief == "Ada is the sponsor; Ben is wary of integrations."
    assert "done" in view.state.text()
