"""The meetings list (order, sections, filter, empty state), the New meeting dialog and
the meeting details saving as the rep types, on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from precall.clock import FixedClock
from precall.store import Store
from tests.ui.support import add_window, read, wait_idle
from ui.main_window import MainWindow
from ui.meetings.attendees import AttendeesModel
from ui.meetings.list_delegate import starts_section
from ui.meetings.list_model import MeetingListModel, SectionRole
from ui.meetings.new_meeting import NewMeetingDialog
from ui.meetings.page import EMPTY_TEXT, MeetingsPage


def seed(db_path: Path, clock: FixedClock) -> dict[str, int]:
    """Two past and two upcoming meetings, created out of order."""
    now = clock.now()
    ids = {}
    with Store.open(db_path, clock=clock) as store:
        acme = store.accounts.create("Acme Dairy")
        bolt = store.accounts.create("Bolt Bakeries")
        store.accounts.add_contact(acme.id, "Ann Lee", "CFO", "ann@acme.example", "CFO")
        for name, account, offset in (("Past far", acme, -12), ("Soon", bolt, 1), ("Later", acme, 3),
                                      ("Past near", bolt, -2)):
            start = now + timedelta(days=offset)
            ids[name] = store.meetings.create(account.id, name, start, start + timedelta(hours=1), "Europe/Paris").id
    return ids


def open_page(qtbot, ctx) -> tuple[MainWindow, MeetingsPage]:  # noqa: ANN001
    window = MainWindow(ctx)
    add_window(qtbot, window, ctx)
    page = window.page("Meetings")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show()
    window.ensure_pages()  # the pages built after start-up, built now so tests end quiet
    return window, page


def shown_titles(page: MeetingsPage) -> list[str]:
    return [page.proxy.index(n, 0).data() for n in range(page.proxy.rowCount())]


def test_upcoming_soonest_first_then_past_latest_first(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    assert shown_titles(page) == ["Soon", "Later", "Past near", "Past far"]
    sections = [page.proxy.index(n, 0).data(SectionRole) for n in range(4)]
    assert sections == ["Upcoming", "Upcoming", "Past", "Past"]
    assert [starts_section(page.proxy.index(n, 0)) for n in range(4)] == [True, False, True, False]
    assert page.list_stack.currentWidget() is page.list
    # The soonest upcoming meeting is selected and shown on first start.
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None)
    assert page.view.meeting.title == "Soon"


def test_filter_narrows_the_list_and_says_when_nothing_matches(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "bolt")
    assert shown_titles(page) == ["Soon", "Past near"]
    assert page.count.text() == "2 of 4 meetings"
    page.filter.clear()
    qtbot.keyClicks(page.filter, "acme past")
    assert shown_titles(page) == ["Past far"]
    # The section heading follows the filter: the only row left starts its section.
    assert starts_section(page.proxy.index(0, 0))
    qtbot.keyClicks(page.filter, " nothing")
    assert page.proxy.rowCount() == 0 and page.list_stack.currentWidget() is page.no_match


def test_empty_database_shows_how_to_start(qtbot, ctx) -> None:  # noqa: ANN001
    window, page = open_page(qtbot, ctx)
    assert page.list_stack.currentWidget() is page.empty
    assert page.empty.isVisible() and page.empty.text() == EMPTY_TEXT
    assert page.view is None  # nothing selected, nothing heavy built
    assert page.placeholder.isVisible() and "File ▸ New meeting" in page.placeholder.text()


def test_meeting_models_pass_the_model_tester(qtmodeltester, qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    page.proxy.set_query("acme")
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(MeetingListModel())
    attendees = AttendeesModel()
    qtmodeltester.check(attendees)
    account = read(ctx, lambda store: store.accounts.by_name("Acme Dairy"))
    attendees.set_contacts(read(ctx, lambda store: store.accounts.contacts(account.id)), {1})
    qtmodeltester.check(attendees)


def test_new_meeting_dialog_checks_fields_then_creates_account_and_meeting(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    page.filter.setText("bolt")  # the new meeting will not match it
    window.new_meeting_action.trigger()
    dialog = page.findChild(NewMeetingDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.account.count() == 2)
    dialog.title_edit.setText("Intro with procurement")
    dialog.account.setCurrentText("Crumb & Co")
    dialog.start.setText("03/04/2027 10:00")
    dialog.tz.setCurrentText("Europe/Berlin")
    dialog.submit()
    assert "ambiguous" in dialog.errors.visible()["start"]
    wait_idle(qtbot, ctx)
    assert read(ctx, lambda store: store.accounts.by_name("Crumb & Co")) is None

    dialog.start.setText("2026-11-24 09:30")
    dialog.duration.setValue(45)
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        dialog.buttons.accepted.emit()
    meeting = read(ctx, lambda store: store.meetings.get(created.args[0]))
    assert meeting.account == "Crumb & Co" and meeting.tz == "Europe/Berlin"
    assert meeting.start == datetime(2026, 11, 24, 8, 30, tzinfo=timezone.utc)
    assert meeting.end - meeting.start == timedelta(minutes=45)
    qtbot.waitUntil(lambda: page.selected_meeting_id() == meeting.id)
    assert "Intro with procurement" in shown_titles(page) and page.filter.text() == ""


def test_new_meeting_for_existing_account_with_attendees(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    page.new_meeting()
    dialog = page.findChild(NewMeetingDialog)
    qtbot.waitUntil(lambda: dialog.account.count() == 2)
    dialog.submit()
    assert set(dialog.errors.visible()) == {"title", "account"}
    dialog.title_edit.setText("Follow-up")
    dialog.account.setCurrentText("Acme Dairy")
    assert dialog.attendees.count() == 1
    dialog.attendees.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        dialog.submit()
    meeting = read(ctx, lambda store: store.meetings.get(created.args[0]))
    contacts = read(ctx, lambda store: store.accounts.contacts(meeting.account_id))
    assert meeting.attendee_ids == (contacts[0].id,)


def test_details_save_as_you_type_and_show_problems_by_field(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    ids = seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None)
    details = page.view.details
    benefit = details.fields["meeting:customer_benefit"]
    benefit.setFocus()
    qtbot.keyClicks(benefit, "Know which SKUs to cut")
    qtbot.waitUntil(lambda: read(ctx, lambda s: s.meetings.get(ids["Soon"]).customer_benefit) == "Know which SKUs to cut",
                    timeout=5_000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Saved.", timeout=5_000)
    title = details.fields["meeting:title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Soon, renamed")
    qtbot.waitUntil(lambda: "Soon, renamed" in shown_titles(page), timeout=5_000)
    # An empty title is refused by the store and the message lands under the title.
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "meeting:title" in details.errors.visible(), timeout=5_000)
    assert read(ctx, lambda s: s.meetings.get(ids["Soon"]).title) == "Soon, renamed"
    details.start.setText("2026-13-01 10:00")
    details.start.editingFinished.emit()
    assert "not a date" in details.errors.visible()["meeting:start"]
    details.start.setText("2026-11-23 16:00")
    details.end.setText("2026-11-23 17:30")
    details.end.editingFinished.emit()
    qtbot.waitUntil(lambda: read(ctx, lambda s: s.meetings.get(ids["Soon"]).end)
                    == datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc), timeout=5_000)
    account_name = details.fields["account:name"]
    account_name.setFocus()
    account_name.selectAll()
    qtbot.keyClicks(account_name, "Bolt Bakeries Ltd")
    qtbot.waitUntil(lambda: read(ctx, lambda s: s.accounts.by_name("Bolt Bakeries Ltd")) is not None, timeout=5_000)
    QApplication.processEvents()


def test_new_meeting_is_all_or_nothing(db_path: Path, clock: FixedClock) -> None:
    """A meeting the store refuses leaves no half-made account behind."""
    import pytest

    from precall.errors import ValidationError
    from ui.meetings.new_meeting import create_meeting

    start = clock.now() + timedelta(days=1)
    with Store.open(db_path, clock=clock) as store:
        with pytest.raises(ValidationError) as refused:
            create_meeting(store, "Brand New Co", "Intro", start, start + timedelta(hours=1), "Mars/Olympus", [])
        assert refused.value.field == "tz"
        assert store.accounts.by_name("Brand New Co") is None


def test_contacts_added_and_attendance_saved_from_the_meeting_view(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    from ui.meetings.contact_dialog import ContactDialog

    ids = seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    page.select_meeting(ids["Later"])  # Acme Dairy, with Ann Lee as its one contact
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None
                    and page.view.meeting.id == ids["Later"], timeout=10_000)
    wait_idle(qtbot, ctx)
    attendees = page.view.details.attendees
    attendees.add_button.click()
    dialog = page.view.findChild(ContactDialog)
    dialog.name.setText("Raj Patel")
    dialog.email.setText("not-an-email")
    dialog.role.setCurrentText("COO")
    dialog.save()
    qtbot.waitUntil(lambda: "email" in dialog.errors.visible(), timeout=5_000)
    dialog.email.setText("raj@acme.example")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.save()
    qtbot.waitUntil(lambda: attendees.model.rowCount() == 2, timeout=5_000)
    row = next(n for n in range(2) if attendees.model.contact(n).name == "Raj Patel")
    assert attendees.model.contact(row).role == "COO"
    index = attendees.model.index(row, 0)
    assert attendees.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    contact_id = attendees.model.contact(row).id
    qtbot.waitUntil(lambda: contact_id in read(ctx, lambda s: s.meetings.get(ids["Later"]).attendee_ids), timeout=5_000)
    qtbot.waitUntil(lambda: contact_id in attendees.model.attending, timeout=5_000)
    # The new role became a column of the account's matrix.
    matrix = read(ctx, lambda s: s.matrix.load(page.view.meeting.account_id))
    assert matrix.role_named("COO") is not None


def test_list_updates_rows_in_place_when_only_details_change(qtbot, qtmodeltester, db_path: Path, clock: FixedClock) -> None:  # noqa: ANN001
    from precall.domain.meetings import MeetingSummary

    ids = seed(db_path, clock)
    with Store.open(db_path, clock=clock) as store:
        before = store.meetings.summaries(clock.now())
        store.meetings.update(ids["Later"], title="Later, renamed")
        after = store.meetings.summaries(clock.now())
    model = MeetingListModel()
    model.set_meetings(before, clock.now())
    qtmodeltester.check(model)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as changed:
        model.set_meetings(after, clock.now())
    assert changed.args[0].row() == model.row_of(ids["Later"])
    assert model.index(changed.args[0].row()).data() == "Later, renamed"
    with qtbot.waitSignal(model.modelReset):  # a new order is a new list
        model.set_meetings(list(reversed(after)), clock.now())
    assert isinstance(model.summary(0), MeetingSummary)


def test_deleting_the_selected_meeting_clears_the_view(qtbot, db_path: Path, clock: FixedClock, ctx, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    ids = seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None, timeout=10_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    assert "Soon" in shown_titles(page)  # answered No: nothing deleted
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Soon" not in shown_titles(page), timeout=5_000)
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.placeholder, timeout=5_000)
    assert page.view.meeting_id is None
    assert all(s.id != ids["Soon"] for s in read(ctx, lambda st: st.meetings.summaries(clock.now())))


def test_heading_gives_the_meeting_zone_and_the_reps_own_time(qtbot, db_path: Path, clock: FixedClock, ctx, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("TZ", "America/New_York")
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None, timeout=10_000)
    # "Soon" starts 2026-11-23 09:00 UTC: 10:00 in Paris, 04:00 in New York.
    assert "10:00–11:00 (Europe/Paris)" in page.view.subheading.text()
    assert "04:00 your time (America/New_York)" in page.view.subheading.text()


def test_a_meeting_that_ends_moves_to_past_while_the_app_is_open(qtbot, db_path: Path, clock: FixedClock, ctx) -> None:  # noqa: ANN001
    seed(db_path, clock)
    window, page = open_page(qtbot, ctx)
    page.check_sections()
    wait_idle(qtbot, ctx)
    assert shown_titles(page) == ["Soon", "Later", "Past near", "Past far"]
    clock.advance(timedelta(days=2))  # "Soon" (tomorrow, one hour) is over
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        page.check_sections()
    assert shown_titles(page) == ["Later", "Soon", "Past near", "Past far"]
    assert page.proxy.index(1, 0).data(SectionRole) == "Past"
