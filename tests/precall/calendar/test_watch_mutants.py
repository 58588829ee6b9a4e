"""Watched calendars, the details the mutation run found unchecked: the wording of refused
locations, Last-Modified revalidation, the caller's own HTTP session, the count of events
waiting for an account, and what a report says."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from precall.calendar.apply import ImportResult
from precall.calendar.watch import FeedReport, check_all, check_feed, normalize_location
from precall.errors import ValidationError
from precall.store import Store

from tests.precall.calendar.helpers import DATA, OPTIONS


@pytest.mark.parametrize(("location", "words"), [
    ("", "Give a calendar file or a web address to watch."),
    ("   ", "Give a calendar file or a web address to watch."),
    ("ftp://cal.example.org/a.ics", "'ftp://cal.example.org/a.ics' is not a calendar address"),
])
def test_refused_locations_say_why(location: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_location(location)
    assert words in str(info.value)
    assert info.value.field == "location"


def test_urls_get_a_path_and_lose_their_fragment() -> None:
    assert normalize_location("https://cal.example.org") == ("url", "https://cal.example.org/")
    assert normalize_location("http://cal.example.org/a.ics#top") == ("url", "http://cal.example.org/a.ics")
    assert normalize_location(" WEBCAL://cal.example.org/b.ics ") == ("url", "https://cal.example.org/b.ics")


def test_a_changed_file_is_a_change(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "outlook_request.ics").read_bytes())
    feed = store.calendar.add_feed("file", str(path))
    check = check_feed(feed, now=store.now(), options=OPTIONS)
    assert check.changed is True and check.error == ""
    assert check.state["size"] == path.stat().st_size and check.state["content_hash"]


def test_last_modified_is_revalidated_and_no_etag_is_invented(store: Store, httpserver: HTTPServer) -> None:
    body = (DATA / "thunderbird.ics").read_bytes()
    seen: list[tuple[str | None, str | None]] = []
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def handler(request: Request) -> Response:
        seen.append((request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")))
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(body, content_type="text/calendar", headers={"Last-Modified": stamp})

    httpserver.expect_request("/lm.ics").respond_with_handler(handler)
    feed = store.calendar.add_feed("url", httpserver.url_for("/lm.ics"))
    (report,) = check_all(store, options=OPTIONS, allow_private=True)
    assert report.error == ""
    stored = store.calendar.feed(feed.id)
    assert (stored.etag, stored.last_modified) == ("", stamp)
    (report,) = check_all(store, options=OPTIONS, allow_private=True)
    assert report.result is None and report.error == ""
    assert seen == [(None, None), (None, stamp)]


def test_the_callers_session_is_used_and_left_open(store: Store, httpserver: HTTPServer) -> None:
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("X-Precall-Test"))
        return Response((DATA / "thunderbird.ics").read_bytes(), content_type="text/calendar")

    httpserver.expect_request("/s.ics").respond_with_handler(handler)
    feed = store.calendar.add_feed("url", httpserver.url_for("/s.ics"))
    session = requests.Session()
    session.headers["X-Precall-Test"] = "mine"
    try:
        check = check_feed(feed, now=store.now(), options=OPTIONS, session=session, allow_private=True)
        assert check.error == "" and check.changed
        assert seen == ["mine"]
        check_feed(feed, now=store.now(), options=OPTIONS, session=session, allow_private=True)
        assert seen == ["mine", "mine"]
    finally:
        session.close()


def test_events_needing_a_new_account_wait_and_are_counted(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "google.ics"
    path.write_bytes((DATA / "google.ics").read_bytes())
    store.accounts.create("Northwind Foods", website="northwind-foods.example")
    feed = store.calendar.add_feed("file", str(path))
    (partial,) = check_all(store, options=OPTIONS)
    store.accounts.create("Contoso Dairy", website="contoso-dairy.example")
    store.calendar.update_feed(feed.id, content_hash="", mtime_ns=None, size=None)
    (rest,) = check_all(store, options=OPTIONS)
    assert partial.result is not None and rest.result is not None
    # Northwind's meeting is created at once; the 28 entries that would need a new account wait.
    assert len(partial.result.created) == 1
    assert partial.pending_review == 28
    assert rest.pending_review == 0 and len(rest.result.created) == 27
    assert store.calendar.feed(feed.id).pending_review == 0
    assert f" {partial.pending_review} events need an account" in partial.summary()


def test_report_summaries() -> None:
    result = ImportResult()
    assert FeedReport(1, "team.ics", error="Cannot read team.ics: gone.").summary() == "team.ics: Cannot read team.ics: gone."
    assert FeedReport(1, "team.ics").summary() == "team.ics: unchanged."
    assert FeedReport(1, "team.ics", result=result).summary() == f"team.ics: {result.summary()}"
    assert FeedReport(1, "team.ics", result=result, pending_review=3).summary() == (
        f"team.ics: {result.summary()} 3 events need an account: import the calendar to review them.")
