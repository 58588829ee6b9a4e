"""Watched calendars: files by mtime and hash, URLs by conditional GET, real HTTP on localhost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from precall.calendar.model import ImportOptions
from precall.calendar.watch import check_all, check_feed, normalize_location, record_check
from precall.errors import ValidationError
from precall.store import Store

from tests.precall.calendar.helpers import DATA, OPTIONS, dump


def test_locations_are_normalised(tmp_path: Path) -> None:
    assert normalize_location("webcal://cal.example.org/a.ics") == ("url", "https://cal.example.org/a.ics")
    assert normalize_location("webcals://cal.example.org/a.ics?x=1") == ("url", "https://cal.example.org/a.ics?x=1")
    feed = tmp_path / "f.ics"
    feed.write_bytes(b"x")
    assert normalize_location(str(feed)) == ("file", str(feed.resolve()))
    for bad in ("", "javascript://alert(1)", str(tmp_path / "missing.ics"), "https:///nohost"):
        with pytest.raises(ValidationError):
            normalize_location(bad)


def test_a_watched_file_is_reimported_only_when_it_changes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "outlook_request.ics").read_bytes())
    fabrikam = store.accounts.create("Fabrikam", website="fabrikam.example")
    feed = store.calendar.add_feed("file", str(path))
    (report,) = check_all(store, options=OPTIONS)
    assert report.result is not None and len(report.result.created) == 1
    meeting_id = report.result.created[0]
    assert store.meetings.get(meeting_id).account_id == fabrikam.id
    before = dump(store)
    rows_before = store.conn.execute("SELECT * FROM meetings ORDER BY id").fetchall()
    feed = store.calendar.feed(feed.id)
    check = check_feed(feed, now=store.now(), options=OPTIONS)
    assert not check.changed and not check.error  # same mtime and size: not even read
    os.utime(path, ns=(feed.mtime_ns + 10**9, feed.mtime_ns + 10**9))  # touched, same content
    check = check_feed(store.calendar.feed(feed.id), now=store.now(), options=OPTIONS)
    assert not check.changed
    record_check(store, check, options=OPTIONS)
    assert store.conn.execute("SELECT * FROM meetings ORDER BY id").fetchall() == rows_before
    path.write_bytes((DATA / "outlook_request_moved.ics").read_bytes())
    (report,) = check_all(store, options=OPTIONS)
    assert report.result is not None and report.result.updated == [meeting_id]
    assert store.meetings.get(meeting_id).title == "Fabrikam rollout review (new time)"
    assert before != dump(store)


def test_a_broken_watched_file_is_reported_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    feed = store.calendar.add_feed("file", str(path))
    meetings_before = store.conn.execute("SELECT count(*) FROM meetings").fetchone()
    (report,) = check_all(store, options=OPTIONS)
    assert "no start (DTSTART)" in report.error
    assert store.calendar.feed(feed.id).last_error == report.error
    assert store.conn.execute("SELECT count(*) FROM meetings").fetchone() == meetings_before
    (again,) = check_all(store, options=OPTIONS)  # unchanged file: the error stays on record
    assert again.error == "" and store.calendar.feed(feed.id).last_error == report.error


def test_full_sync_cancels_events_deleted_from_the_calendar(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "google.ics"
    text = (DATA / "google.ics").read_bytes()
    path.write_bytes(text)
    store.accounts.create("Northwind Foods", website="northwind-foods.example")
    store.accounts.create("Contoso Dairy", website="contoso-dairy.example")
    store.calendar.add_feed("file", str(path))
    (report,) = check_all(store, options=OPTIONS)
    assert report.result is not None and len(report.result.created) == 28
    start = text.index(b"BEGIN:VEVENT")
    path.write_bytes(text[:start] + text[text.index(b"END:VEVENT") + len(b"END:VEVENT\r\n"):])  # pilot deleted
    (report,) = check_all(store, options=OPTIONS)
    assert report.result is not None and len(report.result.cancelled) == 1
    status = store.conn.execute(
        "SELECT status FROM meetings WHERE ical_uid='4kq1s2b3c4d5e6f7g8h9@google.com'").fetchone()[0]
    assert status == "cancelled"


def test_a_subscribed_url_uses_conditional_get(store: Store, httpserver: HTTPServer) -> None:
    body = (DATA / "thunderbird.ics").read_bytes()
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, content_type="text/calendar; charset=utf-8", headers={"ETag": '"v1"'})

    httpserver.expect_request("/cal/team.ics").respond_with_handler(handler)
    wingtip = store.accounts.create("Wingtip", website="https://wingtip.example")
    kind, url = normalize_location(httpserver.url_for("/cal/team.ics"))
    feed = store.calendar.add_feed(kind, url)
    (report,) = check_all(store, options=OPTIONS, allow_private=True)
    assert report.error == "" and report.result is not None and len(report.result.created) == 4
    assert {store.meetings.get(i).account_id for i in report.result.created} == {wingtip.id}
    assert store.calendar.feed(feed.id).etag == '"v1"'
    (report,) = check_all(store, options=OPTIONS, allow_private=True)
    assert report.result is None and report.error == ""
    assert seen == [None, '"v1"']


def test_a_url_on_this_machine_is_refused_unless_allowed(store: Store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x.ics").respond_with_data(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    store.calendar.add_feed("url", httpserver.url_for("/x.ics"))
    (report,) = check_all(store, options=OPTIONS)
    assert report.error and report.result is None


def test_a_huge_download_is_cut_off(store: Store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big.ics").respond_with_data(b"BEGIN:VCALENDAR\r\n" + b"X" * 300_000,
                                                             content_type="text/calendar")
    store.calendar.add_feed("url", httpserver.url_for("/big.ics"))
    (report,) = check_all(store, options=ImportOptions(user_tz="UTC", max_bytes=100_000), allow_private=True)
    assert report.error and report.result is None
