"""Import plans and applying them: create, update in place, cancel, never duplicate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precall.calendar.apply import apply_plan
from precall.calendar.model import CalendarError
from precall.calendar.plan import Action
from precall.calendar.suggest import AccountChoice
from precall.clock import FixedClock
from precall.errors import PrecallError
from precall.reminders import claim_due
from precall.store import Store

from tests.precall.calendar.helpers import dump, ics, import_ics, plan_for, vcalendar

OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000F0A1B2C3D4E5D901000000000000000010000000AABBCCDDEEFF"


def meetings_by_uid(store: Store, uid: str) -> list[tuple[int, str, str, str]]:
    return store.conn.execute(
        "SELECT id, recurrence_id, title, status FROM meetings WHERE ical_uid=? ORDER BY start_utc", [uid]).fetchall()


def test_google_calendar_becomes_meetings_with_suggested_accounts_and_contacts(store: Store) -> None:
    plan = plan_for(store, ics("google.ics"))
    assert plan.own_domains == frozenset({"oursales.com"})  # from X-WR-CALNAME
    assert plan.suggestions["4kq1s2b3c4d5e6f7g8h9@google.com"].label == "New account: Northwind Foods"
    assert plan.suggestions["7abc9weekly@google.com"].account_name == "Contoso Dairy"
    assert plan.assignments["allday-offsite@google.com"].is_skip  # nobody from a customer
    counts = plan.counts()
    assert counts["create"] == 28 and counts["skip"] == 2
    result = apply_plan(store, plan)
    assert len(result.created) == 28 and sorted(result.new_accounts) == ["Contoso Dairy", "Northwind Foods"]
    northwind = store.accounts.by_name("Northwind Foods")
    assert northwind is not None and northwind.website == "https://northwind-foods.example"
    contacts = {c.email: c for c in store.accounts.contacts(northwind.id)}
    assert set(contacts) == {"dana.whitfield@northwind-foods.example", "lee.park@northwind-foods.example"}
    assert contacts["dana.whitfield@northwind-foods.example"].name == "Dana Whitfield"
    (pilot_id, rid, title, status), = meetings_by_uid(store, "4kq1s2b3c4d5e6f7g8h9@google.com")
    pilot = store.meetings.get(pilot_id)
    assert rid == "" and pilot.tz == "Europe/Berlin" and pilot.start == datetime(2026, 11, 24, 13, tzinfo=timezone.utc)
    assert set(pilot.attendee_ids) == {c.id for c in contacts.values()}
    assert pilot.location == "https://meet.google.com/abc-defg-hij"


def test_reimporting_the_same_file_changes_nothing_at_all(store: Store) -> None:
    import_ics(store, ics("google.ics"))
    before = dump(store)
    plan = plan_for(store, ics("google.ics"))
    assert not plan.changes_anything and plan.counts()["unchanged"] == 28
    result = apply_plan(store, plan)
    assert not result.changed_anything
    assert dump(store) == before


def test_existing_contacts_and_websites_decide_the_account(store: Store) -> None:
    fabrikam = store.accounts.create("Fabrikam Industries", website="https://www.fabrikam.example")
    tailspin = store.accounts.create("Tailspin Toys")
    store.accounts.add_contact(tailspin.id, "Pat Quinn", email="Pat.Quinn@tailspin.example")
    outlook = plan_for(store, ics("outlook_request.ics"))
    assert outlook.suggestions[OUTLOOK_UID] == AccountChoice(fabrikam.id, "Fabrikam Industries",
                                                             reason="fabrikam.example is its website")
    apple = plan_for(store, ics("apple.ics"))
    assert apple.suggestions["6B29FC40-CA47-1067-B31D-00DD010662DA"].account_id == tailspin.id


def test_webmail_and_own_domains_never_suggest_an_account(store: Store) -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:u1", "SUMMARY:Coffee", "DTSTART:20261201T100000Z",
                     "ATTENDEE:mailto:someone@gmail.com", "ATTENDEE:mailto:me@oursales.com", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:u2", "SUMMARY:Demo", "DTSTART:20261202T100000Z",
                     "ATTENDEE:mailto:buyer@wingtip.example", "ATTENDEE:mailto:me@oursales.com", "END:VEVENT")
    plan = plan_for(store, data)
    assert plan.own_domains == frozenset({"oursales.com"})  # on every meeting: the rep's own
    assert plan.assignments["u1"].is_skip
    assert plan.assignments["u2"].label == "New account: Wingtip"


def test_reschedule_updates_in_place_and_keeps_the_preparation(store: Store) -> None:
    import_ics(store, ics("outlook_request.ics"))
    (meeting_id, _, _, _), = meetings_by_uid(store, OUTLOOK_UID)
    store.meetings.update(meeting_id, customer_benefit="Karl sees the rollout risk in numbers",
                          best_commitment="Pilot sign-off", location="Room 4 (rep's note)")
    question = store.plans.add_question(meeting_id, "What slipped in the last rollout?")
    first_item = store.checklists.for_meeting(meeting_id)[0]
    store.checklists.set_done(first_item.id)
    plan = plan_for(store, ics("outlook_request_moved.ics"))
    (entry,) = plan.entries
    assert entry.action is Action.UPDATE and entry.meeting_id == meeting_id
    assert "moved from 2026-11-26 10:30" in entry.changes and any("renamed" in c for c in entry.changes)
    apply_plan(store, plan)
    assert len(meetings_by_uid(store, OUTLOOK_UID)) == 1
    moved = store.meetings.get(meeting_id)
    assert moved.start == datetime(2026, 11, 27, 13, 0, tzinfo=timezone.utc)
    assert moved.title == "Fabrikam rollout review (new time)"
    assert moved.customer_benefit == "Karl sees the rollout risk in numbers"
    assert moved.best_commitment == "Pilot sign-off"
    assert moved.location == "Room 4 (rep's note)"  # the calendar did not change the place
    assert [q.text for q in store.plans.extra_questions(meeting_id)] == [question.text]
    assert next(i for i in store.checklists.for_meeting(meeting_id) if i.id == first_item.id).done


def test_cancellation_then_an_older_invitation_changes_nothing(store: Store) -> None:
    import_ics(store, ics("outlook_request.ics"))
    import_ics(store, ics("outlook_request_moved.ics"))
    plan = plan_for(store, ics("outlook_cancel.ics"))
    assert [e.action for e in plan.entries] == [Action.CANCEL]
    apply_plan(store, plan)
    (meeting_id, _, _, status), = meetings_by_uid(store, OUTLOOK_UID)
    assert status == "cancelled"
    before = dump(store)
    stale = plan_for(store, ics("outlook_request.ics"))  # SEQUENCE 0 < 2
    assert [e.action for e in stale.entries] == [Action.UNCHANGED]
    apply_plan(store, stale)
    assert plan_for(store, ics("outlook_cancel.ics")).counts()["cancel"] == 0
    assert dump(store) == before


def test_series_exceptions_cancel_and_move_single_occurrences(store: Store) -> None:
    import_ics(store, ics("google.ics"))
    weekly = {rid: (mid, status) for mid, rid, _, status in meetings_by_uid(store, "7abc9weekly@google.com")}
    target = weekly["20261224T080000Z"][0]
    store.meetings.update(target, customer_benefit="Year-end numbers")
    text = ics("google.ics").decode()
    # The organiser removes 24 December (EXDATE) and cancels 31 December (STATUS:CANCELLED).
    text = text.replace("EXDATE;TZID=Europe/Berlin:20261203T090000",
                        "EXDATE;TZID=Europe/Berlin:20261203T090000,20261224T090000")
    text = text.replace("END:VCALENDAR", "\r\n".join([
        "BEGIN:VEVENT", "UID:7abc9weekly@google.com", "RECURRENCE-ID;TZID=Europe/Berlin:20261231T090000",
        "DTSTART;TZID=Europe/Berlin:20261231T090000", "DTEND;TZID=Europe/Berlin:20261231T093000",
        "SEQUENCE:2", "STATUS:CANCELLED", "SUMMARY:Contoso weekly sync", "END:VEVENT", "END:VCALENDAR"]))
    plan = plan_for(store, text.encode())
    cancels = {e.recurrence_id: e for e in plan.entries_for(Action.CANCEL)}
    assert set(cancels) == {"20261224T080000Z", "20261231T080000Z"}
    assert cancels["20261224T080000Z"].changes == ("removed from the series in the calendar",)
    apply_plan(store, plan)
    after = {rid: status for _, rid, _, status in meetings_by_uid(store, "7abc9weekly@google.com")}
    assert after["20261224T080000Z"] == after["20261231T080000Z"] == "cancelled"
    assert list(after.values()).count("cancelled") == 2
    assert store.meetings.get(target).customer_benefit == "Year-end numbers"  # kept, only cancelled


def test_reinstated_event_is_planned_again(store: Store) -> None:
    import_ics(store, ics("outlook_request.ics"))
    import_ics(store, ics("outlook_cancel.ics"))
    reinstated = ics("outlook_request_moved.ics").replace(b"SEQUENCE:1", b"SEQUENCE:3")
    plan = plan_for(store, reinstated)
    assert plan.entries[0].action is Action.UPDATE and "reinstated in the calendar" in plan.entries[0].changes
    apply_plan(store, plan)
    assert meetings_by_uid(store, OUTLOOK_UID)[0][3] == "planned"


def test_a_stale_preview_writes_nothing(store: Store) -> None:
    plan = plan_for(store, ics("outlook_request.ics"))
    import_ics(store, ics("outlook_request.ics"))  # another import got there first
    before = dump(store)
    with pytest.raises(CalendarError, match="Preview the import again"):
        apply_plan(store, plan)
    assert dump(store) == before


def test_a_failure_midway_rolls_everything_back(store: Store) -> None:
    plan = plan_for(store, ics("google.ics"))
    # An account the rep picked was deleted between preview and apply: the write fails
    # after some meetings were already created in the transaction.
    doomed = store.accounts.create("Doomed")
    store.accounts.create("Keeper")  # so the deleted id is not handed to the next new account
    plan.assign("4kq1s2b3c4d5e6f7g8h9@google.com", AccountChoice(doomed.id, "Doomed"))
    store.accounts.delete(doomed.id)
    before = dump(store)
    created: list[int] = []
    original_create = store.meetings.create

    def counting_create(*args, **kwargs):  # type: ignore[no-untyped-def]
        meeting = original_create(*args, **kwargs)
        created.append(meeting.id)
        return meeting

    store.meetings.create = counting_create  # type: ignore[method-assign]
    with pytest.raises(PrecallError, match="no account"):
        apply_plan(store, plan)
    assert len(created) == 3  # the Contoso meetings of 5, 12 and 19 November were written, then undone
    assert dump(store) == before


def test_reminders_follow_a_moved_meeting(db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime(2026, 11, 26, 9, 21, tzinfo=timezone.utc))  # 9 min before 09:30Z
    with Store.open(db_path, clock=clock) as store:
        import_ics(store, ics("outlook_request.ics"))
        shown = claim_due(store, clock.now(), timedelta(minutes=10), catching_up=False)
        assert [r.start for r in shown] == [datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)]
        import_ics(store, ics("outlook_request_moved.ics"))  # now 27 Nov 13:00Z
        clock.set(datetime(2026, 11, 27, 12, 51, tzinfo=timezone.utc))
        shown = claim_due(store, clock.now(), timedelta(minutes=10), catching_up=False)
        assert [r.start for r in shown] == [datetime(2026, 11, 27, 13, 0, tzinfo=timezone.utc)]


def test_a_whole_series_moving_to_another_hour_updates_each_meeting(store: Store) -> None:
    import_ics(store, ics("google.ics"))
    weekly = {rid: mid for mid, rid, _, _ in meetings_by_uid(store, "7abc9weekly@google.com")}
    prepared = weekly["20261126T080000Z"]
    store.meetings.update(prepared, customer_benefit="Ana gets the Q1 forecast")
    text = ics("google.ics")
    for old, new in ((b"20261105T090000", b"20261105T100000"), (b"20261105T093000", b"20261105T103000"),
                     (b"EXDATE;TZID=Europe/Berlin:20261203T090000", b"EXDATE;TZID=Europe/Berlin:20261203T100000"),
                     (b"RECURRENCE-ID;TZID=Europe/Berlin:20261210T090000",
                      b"RECURRENCE-ID;TZID=Europe/Berlin:20261210T100000"),
                     (b"RECURRENCE-ID;TZID=Europe/Berlin:20261217T090000",
                      b"RECURRENCE-ID;TZID=Europe/Berlin:20261217T100000")):
        text = text.replace(old, new)
    plan = plan_for(store, text)
    weekly_entries = [e for e in plan.entries if e.uid == "7abc9weekly@google.com"]
    counts = {a: sum(1 for e in weekly_entries if plan.effective_action(e) is a) for a in Action}
    assert counts[Action.CREATE] == counts[Action.CANCEL] == 0
    assert counts[Action.UPDATE] == len(weekly)  # each keeps its meeting under its new RECURRENCE-ID
    assert "7abc9weekly@google.com" not in plan.suggestions
    apply_plan(store, plan)
    after = meetings_by_uid(store, "7abc9weekly@google.com")
    assert len(after) == len(weekly) and {status for *_, status in after} == {"planned"}
    moved = store.meetings.get(prepared)
    assert moved.local_start.hour == 10 and moved.customer_benefit == "Ana gets the Q1 forecast"
    assert store.meetings.get(weekly["20261210T080000Z"]).local_start.hour == 15  # the override kept its time
    assert plan_for(store, text).changes_anything is False


def test_a_meeting_the_rep_deleted_does_not_come_back(store: Store) -> None:
    import_ics(store, ics("google.ics"))
    (pilot_id, _, _, _), = meetings_by_uid(store, "4kq1s2b3c4d5e6f7g8h9@google.com")
    store.meetings.delete(pilot_id)
    plan = plan_for(store, ics("google.ics"))
    (entry,) = [e for e in plan.entries if e.uid == "4kq1s2b3c4d5e6f7g8h9@google.com"]
    assert entry.action is Action.SKIP and entry.changes == ("deleted in Precall; not imported again",)
    assert not plan.changes_anything
    # Deleting a whole account (and so its meetings) counts too.
    contoso = store.accounts.by_name("Contoso Dairy")
    assert contoso is not None
    store.accounts.delete(contoso.id)
    assert not plan_for(store, ics("google.ics")).changes_anything
