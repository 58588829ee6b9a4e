"""What "fetching a source" means for each kind: a page, a feed, a site to explore.

Each function takes the shared ``PoliteFetcher`` and one ``SourceToFetch`` and returns
the outcome's fields; a failure of the source's own URL raises ``FetchError`` (turned
into an outcome by ``refresh.fetch_one``), a failure of a page below it (a feed entry,
a site's careers page) is counted and reported as a partial fetch.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from precall.net import FetchError, HttpResult
from precall.research.discover import discover_site
from precall.research.extract import ExtractedPage, extract_page
from precall.research.feeds import FeedEntry, looks_like_feed, parse_feed
from precall.research.fetch_types import FetchedPage, SourceToFetch
from precall.research.fetcher import DisallowedByRobotsError, PoliteFetcher, PoliteResponse
from precall.research.sources import FetchStatus, PageState

log = logging.getLogger("precall.research.refresh")

Fields = dict[str, Any]


def _is_feed(result: HttpResult) -> bool:
    # The body decides, not the header: feeds are often served as text/html or text/xml.
    return looks_like_feed(result.body)


def _state(url: str, response: PoliteResponse | None, role: str, status: str, previous: PageState | None) -> PageState:
    result = response.result if response else None
    keep = result is None or result.not_modified
    return PageState(
        url=url,
        etag=(result.etag if result and result.etag else (previous.etag if previous and keep else None)),
        last_modified=(result.last_modified if result and result.last_modified else
                       (previous.last_modified if previous and keep else None)),
        last_fetched_at=None,
        last_status=status,
        role=role,
    )


def _page(url: str, result: HttpResult, role: str) -> FetchedPage:
    return FetchedPage(result.final_url or url, extract_page(result.body, result.final_url or url,
                                                            charset=result.charset), role)


def _entry_page(entry: FeedEntry) -> FetchedPage:
    """A feed entry whose page is not fetched: its summary is the text."""
    published = entry.published.date() if isinstance(entry.published, datetime) else entry.published
    page = ExtractedPage(title=entry.title, published=published, author=entry.author,
                         summary=entry.summary[:400], text=entry.summary)
    return FetchedPage(entry.url, page, "entry")


def fetch_page_source(fetcher: PoliteFetcher, item: SourceToFetch) -> Fields:
    source = item.source
    response = fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    result = response.result
    fields: Fields = {"robots": response.robots, "etag": result.etag or source.etag,
                      "last_modified": result.last_modified or source.last_modified}
    if result.not_modified:
        return {**fields, "status": FetchStatus.NOT_MODIFIED}
    fields.update(etag=result.etag, last_modified=result.last_modified)
    if _is_feed(result):  # added as a page, but it is a feed: read it as one
        return {**fields, **_feed_entries(fetcher, item, result, fetch_pages=True)}
    return {**fields, "status": FetchStatus.OK, "pages": (_page(source.url, result, "page"),)}


def fetch_feed_source(fetcher: PoliteFetcher, item: SourceToFetch) -> Fields:
    source = item.source
    response = fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    result = response.result
    fields: Fields = {"robots": response.robots, "etag": result.etag or source.etag,
                      "last_modified": result.last_modified or source.last_modified}
    if result.not_modified:
        return {**fields, "status": FetchStatus.NOT_MODIFIED}
    fields.update(etag=result.etag, last_modified=result.last_modified)
    if not _is_feed(result):
        page = _page(source.url, result, "page")
        return {**fields, "status": FetchStatus.OK, "pages": (page,),
                "error": "This address is a web page, not a feed; it was kept as a page."}
    return {**fields, **_feed_entries(fetcher, item, result, fetch_pages=True)}


def _feed_entries(fetcher: PoliteFetcher, item: SourceToFetch, result: HttpResult, *, fetch_pages: bool) -> Fields:
    """Items from a feed's entries; the newest few entries' pages fetched for their full text."""
    entries = [e for e in parse_feed(result.body, result.final_url) if e.url]
    newest = sorted(entries, key=lambda e: (e.published is not None, e.published or datetime.min), reverse=True)
    wanted = newest[: fetcher.policy.feed_entry_pages] if fetch_pages else []
    pages: list[FetchedPage] = []
    states: list[PageState] = []
    handled: set[str] = set()
    failed: list[str] = []
    for entry in wanted:
        previous = item.pages.get(entry.url)
        try:
            response = fetcher.fetch(entry.url, etag=previous.etag if previous else None,
                                     last_modified=previous.last_modified if previous else None)
        except DisallowedByRobotsError:
            continue  # the entry's summary is kept; the site asked us not to fetch the page
        except FetchError as exc:
            failed.append(f"{entry.url}: {exc}")
            continue
        handled.add(entry.url)
        if response.result.not_modified:
            states.append(_state(entry.url, response, "entry", "not_modified", previous))
            continue
        pages.append(_page(entry.url, response.result, "entry"))
        states.append(_state(entry.url, response, "entry", "ok", previous))
    for entry in entries:
        fetched_before = item.pages.get(entry.url)
        # An entry whose full page is stored keeps it: its summary must not replace the text.
        if entry.url in handled or (fetched_before is not None and fetched_before.last_status in ("ok", "not_modified")):
            continue
        pages.append(_entry_page(entry))
    fields: Fields = {"pages": tuple(pages), "page_states": tuple(states), "status": FetchStatus.OK}
    if failed:
        fields["status"] = FetchStatus.PARTIAL
        fields["error"] = (f"{len(failed)} of {len(wanted)} entry pages could not be fetched; their summaries "
                           f"were kept. First: {failed[0]}")
    return fields


def fetch_site_source(fetcher: PoliteFetcher, item: SourceToFetch) -> Fields:
    """The home page, then (depth 1) the about/news/careers/leadership/products pages and feeds it links."""
    source = item.source
    max_pages = fetcher.policy.site_max_pages
    response = fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    home = response.result
    fields: Fields = {"robots": response.robots, "etag": home.etag or source.etag,
                      "last_modified": home.last_modified or source.last_modified}
    pages: list[FetchedPage] = []
    if home.not_modified:
        # Same home page, same links: revisit what was found last time.
        targets = [(s.url, s.role) for s in item.pages.values() if s.role != "entry"]
    else:
        fields.update(etag=home.etag, last_modified=home.last_modified)
        pages.append(_page(source.url, home, "home"))
        found = discover_site(home.body, home.final_url, charset=home.charset, max_pages=max_pages)
        targets = [(p.url, p.category) for p in found.pages] + [(url, "feed") for url in found.feeds]
    targets = targets[: max(0, max_pages - 1)]
    states: list[PageState] = []
    failed: list[str] = []
    for url, role in targets:
        previous = item.pages.get(url)
        try:
            sub = fetcher.fetch(url, etag=previous.etag if previous else None,
                                last_modified=previous.last_modified if previous else None)
        except DisallowedByRobotsError:
            # The site asked not to: a choice to respect, not a failure to report.
            states.append(_state(url, None, role, "disallowed", previous))
            continue
        except FetchError as exc:
            failed.append(f"{role} ({url}): {exc}")
            states.append(_state(url, None, role, "failed", previous))
            continue
        if sub.result.not_modified:
            states.append(_state(url, sub, role, "not_modified", previous))
            continue
        if role == "feed" or _is_feed(sub.result):
            entries = _feed_entries(fetcher, item, sub.result, fetch_pages=False)
            pages.extend(entries["pages"])
        else:
            pages.append(_page(url, sub.result, role))
        states.append(_state(url, sub, role, "ok", previous))
    status = FetchStatus.NOT_MODIFIED if home.not_modified and not pages else FetchStatus.OK
    if failed:
        status = FetchStatus.PARTIAL
        fields["error"] = f"{len(failed)} of {len(targets)} pages could not be fetched. First: {failed[0]}"
    return {**fields, "status": status, "pages": tuple(pages), "page_states": tuple(states)}
