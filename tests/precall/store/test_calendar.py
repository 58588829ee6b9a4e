"""Calendar links in storage: remembered deletions in large imports, export identity, feeds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.store import Store

START = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)


def test_deleted_meetings_are_found_among_more_uids_than_one_query_holds(store: Store) -> None:
    # The look-up asks in chunks of 500: the uids at 499, 500 and 1000 sit on the edges.
    wanted = [f"uid-{n:04d}@calendar.example" for n in range(1001)]
    with store.write():
        store.conn.executemany(
            "INSERT INTO calendar_deleted(ical_uid, recurrence_id, deleted_at) VALUES (?, '', '2026-01-01')",
            [[uid] for uid in (wanted[0], wanted[499], wanted[500], wanted[1000])],
        )
    found = store.calendar.deleted_keys(wanted + ["not-deleted@calendar.example"])
    assert found == {(wanted[n], "") for n in (0, 499, 500, 1000)}


def test_an_exported_meeting_keeps_its_uid_and_counts_changes(store: Store) -> None:
    account = store.accounts.create("Acme")
    meeting = store.meetings.create(account.id, "Call", START, START + timedelta(hours=1), "UTC")
    uid, rid, sequence = store.calendar.export_link(meeting.id, {"title": "Call"})
    assert uid.startswith(f"meeting-{meeting.id}-") and rid == "" and sequence == 0
    assert store.calendar.export_link(meeting.id, {"title": "Call"}) == (uid, "", 0)
    assert store.calendar.export_link(meeting.id, {"title": "Call, moved"}) == (uid, "", 1)
    with pytest.raises(NotFoundError, match="no meeting with id 999"):
        store.calendar.export_link(999, {})


def test_feeds_are_added_once_and_missing_ones_are_named(store: Store) -> None:
    feed = store.calendar.add_feed("file", " /home/rep/work.ics ")
    assert feed.location == "/home/rep/work.ics" and store.calendar.feeds() == [feed]
    with pytest.raises(ValidationError, match="already watched"):
        store.calendar.add_feed("url", "/home/rep/work.ics")
    with pytest.raises(ValidationError, match="is empty"):
        store.calendar.add_feed("file", "  ")
    with pytest.raises(ValueError, match="unknown calendar feed kind 'ftp'"):
        store.calendar.add_feed("ftp", "x")
    store.calendar.remove_feed(feed.id)
    assert store.calendar.feeds() == []
    with pytest.raises(NotFoundError, match=f"no watched calendar with id {feed.id}"):
        store.calendar.remove_feed(feed.id)
    with pytest.raises(NotFoundError):
        store.calendar.update_feed(feed.id, last_error="x")
