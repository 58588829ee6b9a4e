"""``precall search QUERY [--json]``: meetings, matrix items, research and briefs."""

from __future__ import annotations

import argparse

from precall.cli.argtypes import bounded_int
from precall.cli.context import CliContext
from precall.search import search_everything

KIND_LABELS = {"meeting": "Meeting", "matrix_item": "Assumption", "research": "Research", "brief": "Brief"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search", help="search meetings, matrix items, research and briefs",
        description="Search everything kept offline: meetings (title, place, purpose), matrix items, "
                    "research items (full text, ranked) and briefs. Any text is a safe query; every word must match.")
    parser.add_argument("query", metavar="QUERY", help="words to look for")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: a list of {kind, id, title, snippet, account, date, ...}")
    parser.add_argument("--limit", type=bounded_int(1, 100_000, "a result count"), default=20, metavar="N", help="at most N results of each kind (20)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:
        results = search_everything(store, args.query, limit=args.limit)
    if args.json:
        ctx.print_json([r.as_json() for r in results])
        return 0
    if not results:
        ctx.print(f"Nothing found for {args.query!r}.")
        return 0
    for r in results:
        where = f" ({r.account})" if r.account else ""
        date = f" {r.date[:10]}" if r.date else ""
        ctx.print(f"{KIND_LABELS.get(r.kind, r.kind):<10} #{r.id}{date}{where}: {r.title}")
        if r.snippet and r.snippet != r.title:
            ctx.print(f"           {r.snippet}")
    return 0
