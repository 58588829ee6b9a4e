"""Watched calendars: a local .ics file or a subscribed URL, re-imported when it changes.

A check has two halves so the app can run them on the right threads:
``check_feed`` (file system or network, then parsing; no database) and
``record_check`` (plan, apply and the feed's new state in one transaction). A file is
re-read only when its mtime or size moved and re-imported only when its hash did; a
URL is fetched with a conditional GET (ETag / Last-Modified) through ``precall.net``.
Watched imports update and cancel meetings freely but only create meetings whose
account is already known: events that would need a new account wait for the rep.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from precall.calendar.apply import ImportResult, apply_plan
from precall.calendar.model import ImportOptions, ParsedCalendar
from precall.calendar.parse import content_hash, parse_ics
from precall.calendar.plan import compute_plan
from precall.calendar.suggest import SKIP
from precall.clock import utc_iso
from precall.errors import PrecallError, ValidationError
from precall.net.urls import validate_url
from precall.store.calendar import CalendarFeed
from precall.userfiles import read_user_file

if TYPE_CHECKING:
    import requests

    from precall.store.facade import Store

log = logging.getLogger("precall.calendar")


def normalize_location(text: str) -> tuple[str, str]:
    """("url", https URL) for web addresses (webcal:// becomes https://), else
    ("file", absolute path) for an existing file."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError("Give a calendar file or a web address to watch.", "location")
    scheme = raw.split(":", 1)[0].lower() if "://" in raw else ""
    if scheme in ("webcal", "webcals", "http", "https"):
        new_scheme = "http" if scheme == "http" else "https"
        url = validate_url(new_scheme + raw[len(scheme):], field="location")
        parts = urlsplit(url)
        return "url", urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    if scheme:
        raise ValidationError(f"{raw!r} is not a calendar address: use https://, webcal:// or a file.", "location")
    path = Path(raw).expanduser().resolve()
    if not path.is_file():
        raise ValidationError(f"There is no calendar file at {path}.", "location")
    return "file", str(path)


@dataclass
class FeedCheck:
    """What one look at a watched calendar found (no database involved)."""

    feed: CalendarFeed
    state: dict[str, Any] = field(default_factory=dict)
    parsed: ParsedCalendar | None = None
    error: str = ""

    @property
    def changed(self) -> bool:
        return self.parsed is not None


@dataclass
class FeedReport:
    feed_id: int
    location: str
    result: ImportResult | None = None
    error: str = ""
    pending_review: int = 0

    def summary(self) -> str:
        if self.error:
            return f"{self.location}: {self.error}"
        if self.result is None:
            return f"{self.location}: unchanged."
        text = f"{self.location}: {self.result.summary()}"
        if self.pending_review:
            text += f" {self.pending_review} events need an account: import the calendar to review them."
        return text


def check_feed(feed: CalendarFeed, *, now: datetime, options: ImportOptions,
               session: "requests.Session | None" = None, allow_private: bool = False) -> FeedCheck:
    check = FeedCheck(feed, state={"last_checked_at": utc_iso(now)})
    try:
        data = _read_file(feed, check, options) if feed.kind == "file" else \
            _fetch_url(feed, check, options, session, allow_private)
        if data is None:
            return check
        digest = content_hash(data)
        check.state["content_hash"] = digest
        if digest == feed.content_hash:
            return check
        check.parsed = parse_ics(data, now=now, options=options, label=f"The watched calendar {feed.location}")
    except PrecallError as exc:
        check.error = str(exc)
    except OSError as exc:
        check.error = f"Cannot read {feed.location}: {exc.strerror or exc}."
    return check


def _read_file(feed: CalendarFeed, check: FeedCheck, options: ImportOptions) -> bytes | None:
    stat = os.stat(feed.location)
    check.state.update(mtime_ns=stat.st_mtime_ns, size=stat.st_size)
    if stat.st_mtime_ns == feed.mtime_ns and stat.st_size == feed.size:
        return None
    return read_user_file(feed.location, what="calendar", limit=options.max_bytes)


def _fetch_url(feed: CalendarFeed, check: FeedCheck, options: ImportOptions,
               session: "requests.Session | None", allow_private: bool) -> bytes | None:
    from precall.net import make_session, safe_get

    owned = session is None
    session = session or make_session()
    try:
        result = safe_get(session, feed.location, allow_private=allow_private, etag=feed.etag or None,
                          last_modified=feed.last_modified or None, max_bytes=options.max_bytes, accept_types=None)
    finally:
        if owned:
            session.close()
    check.state.update(etag=result.etag or feed.etag, last_modified=result.last_modified or feed.last_modified)
    return None if result.not_modified else result.body


def record_check(store: "Store", check: FeedCheck, *, options: ImportOptions) -> FeedReport:
    """Import what changed and remember the feed's state, in one transaction."""
    feed = check.feed
    report = FeedReport(feed.id, feed.location)
    with store.write():
        state = dict(check.state)
        if check.error:
            report.error = check.error
            state["last_error"] = check.error
        elif check.parsed is not None:
            plan = compute_plan(store, check.parsed, source=feed.location, options=options, full_sync=True)
            for uid, choice in plan.suggestions.items():
                if choice.is_new:
                    plan.assignments[uid] = SKIP
                    report.pending_review += sum(1 for e in plan.entries if e.uid == uid)
            report.result = apply_plan(store, plan)
            state.update(last_error="", last_imported_at=utc_iso(store.now()), pending_review=report.pending_review)
        store.calendar.update_feed(feed.id, **state)
    if report.error:
        log.warning("watched calendar %s: %s", feed.location, report.error)
    return report


def check_all(store: "Store", *, options: ImportOptions, session: "requests.Session | None" = None,
              allow_private: bool = False) -> list[FeedReport]:
    """Check every watched calendar now (the command line; the app splits the halves)."""
    reports = []
    for feed in store.calendar.feeds():
        check = check_feed(feed, now=store.now(), options=options, session=session, allow_private=allow_private)
        reports.append(record_check(store, check, options=options))
    return reports
