"""``precall meeting list [--json]``: the meetings, upcoming first."""

from __future__ import annotations

import argparse

from precall.cli.context import CliContext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("meeting", help="list meetings", description="Work with meetings.")
    meeting_sub = parser.add_subparsers(dest="meeting_command", metavar="SUBCOMMAND", required=True)
    listing = meeting_sub.add_parser("list", help="list meetings, upcoming first, then past",
                                     description="List meetings: upcoming first (soonest first), then past.")
    listing.add_argument("--json", action="store_true", help="print JSON: id, title, start, end, account, status")
    listing.set_defaults(func=run_list)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:
        meetings = store.meetings.summaries(ctx.clock.now())
    if args.json:
        ctx.print_json([
            {"id": m.id, "title": m.title, "start": m.start.isoformat(), "end": m.end.isoformat(),
             "tz": m.tz, "account": m.account, "status": m.status.value}
            for m in meetings
        ])
        return 0
    if not meetings:
        ctx.print("No meetings yet. Try 'precall demo' to load an example.")
        return 0
    for m in meetings:
        local = m.start.astimezone()
        ctx.print(f"{m.id:>5}  {local:%Y-%m-%d %H:%M}  {m.status.value:<9}  {m.account}: {m.title}")
    return 0
