"""``precall demo [--force]``: fill the database with the bundled demo."""

from __future__ import annotations

import argparse

from precall.cli.context import CliContext
from precall.demo import load_demo


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="fill the database with the bundled demo (works offline)",
                            description="Fill the database with a realistic demo: an industry, two accounts "
                                        "with contacts, three meetings and a filled Buyer's Matrix.")
    parser.add_argument("--force", action="store_true", help="replace any data already in the database")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store() as store:
        counts = load_demo(store, force=args.force)
    ctx.print(
        f"Demo loaded into {ctx.db_path}: {counts['accounts']} accounts, {counts['contacts']} contacts, "
        f"{counts['meetings']} meetings, {counts['items']} matrix items, {counts['research']} research pages."
    )
    return 0
