"""``precall extract FILE_OR_URL [--url URL] [--json]``: what Precall reads from a page.

A file is read as bytes (its charset is detected, never assumed); a URL is fetched with
the same safe GET research uses (public hosts only unless ``--allow-private``). A feed
(RSS or Atom) prints its entries instead of a main text.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from precall.cli.context import CliContext
from precall.errors import ValidationError
from precall.net.urls import validate_url
from precall.userfiles import read_user_file
from precall.research.extract import extract_page
from precall.research.feeds import looks_like_feed, parse_feed_document

MAX_FILE_BYTES = 20 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract", help="print the title, date, author and main text of a page",
        description="Extract the title, published date, author, summary, main text and organisation facts "
                    "of a saved page or a URL, as research does. Works offline for files.")
    parser.add_argument("source", metavar="FILE_OR_URL", help="a saved HTML file or an http(s) URL")
    parser.add_argument("--url", help="the address the file was saved from (resolves links and canonical URL)")
    parser.add_argument("--json", action="store_true", help="print JSON: title, published, author, text, ...")
    parser.add_argument("--allow-private", action="store_true",
                        help="let a URL reach hosts on loopback and private networks (refused by default)")
    parser.set_defaults(func=run)


def _read(args: argparse.Namespace) -> tuple[bytes, str, str | None]:
    """The document's bytes, its URL and the charset its server declared."""
    source: str = args.source
    if source.lower().startswith(("http://", "https://")):
        from precall.net import make_session, safe_get

        result = safe_get(make_session(), validate_url(source, field="source"), allow_private=args.allow_private)
        return result.body, result.final_url, result.charset
    if "://" in source and not source.lower().startswith("file://"):
        raise ValidationError(f"{source!r}: only http and https addresses, or a file, can be extracted.", "source")
    path = Path(source.removeprefix("file://")).expanduser()
    data = read_user_file(path, what="web page", limit=MAX_FILE_BYTES)
    return data, validate_url(args.url, field="url") if args.url else "", None


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    data, url, charset = _read(args)
    if looks_like_feed(data):
        feed = parse_feed_document(data, url)
        entries = [{"url": e.url, "title": e.title, "published": e.published.isoformat() if e.published else None,
                    "author": e.author or None, "summary": e.summary} for e in feed.entries]
        output: dict[str, Any] = {"kind": "feed", "title": feed.title, "published": None, "author": None,
                                  "text": "", "entries": entries}
        if args.json:
            ctx.print_json(output)
        else:
            ctx.print(f"Feed: {feed.title or '(untitled)'} — {len(entries)} entries")
            for entry in entries:
                ctx.print(f"  {(entry['published'] or '')[:10]:<10}  {entry['title']}  {entry['url']}")
        return 0
    page = extract_page(data, url, charset=charset)
    if args.json:
        ctx.print_json({"kind": "page", "url": url or None, **page.as_json()})
        return 0
    ctx.print(page.title or "(no title)")
    details = [f"Published {page.published.isoformat()}" if page.published else "",
               f"by {page.author}" if page.author else "", page.site_name]
    if any(details):
        ctx.print(" · ".join(d for d in details if d))
    ctx.print()
    ctx.print(page.text or "(no main text found)")
    if page.facts:
        ctx.print()
        for key, value in page.facts.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            ctx.print(f"{key.replace('_', ' ').capitalize()}: {shown}")
    return 0
