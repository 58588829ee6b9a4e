"""``precall research add|list|remove|refresh``: research sources and refreshing them.

``add`` stores any http(s) URL; whether its host may be reached is decided when
fetching. ``refresh`` prints one line per source as it completes and a summary naming
the sources that could not be reached; what was stored before stays readable.
Exit status of ``refresh``: 0 when every source was fetched or unchanged, 2 when some
could not be fetched (the summary says which).
"""

from __future__ import annotations

import argparse
from typing import Any

from precall.cli.argtypes import bounded_float, record_id
from precall.cli.context import CliContext
from precall.errors import NotFoundError, PrecallError, ValidationError
from precall.net import make_session
from precall.progress import Progress
from precall.research.fetcher import FetchStats
from precall.research.politeness import PolitenessPolicy
from precall.research.refresh import AppliedOutcome, apply_outcome, fetch_sources, load_plan
from precall.research.sources import FetchStatus, ResearchSource, SourceKind
from precall.store import Store



def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("research", help="research sources: add, list, remove, refresh",
                            description="Follow web pages, feeds and sites for an account or an industry.")
    research = parser.add_subparsers(dest="research_command", metavar="SUBCOMMAND", required=True)

    add = research.add_parser("add", help="add a page, feed or site to follow",
                              description="Add a research source. Any http(s) address is stored; whether it can be "
                                          "reached is decided when refreshing.")
    add.add_argument("url", metavar="URL")
    _owner_arguments(add, required=True)
    add.add_argument("--kind", choices=[k.value for k in SourceKind], default=SourceKind.PAGE.value,
                     help="page (default), feed (RSS/Atom) or site (explore about, news, careers, team, products)")
    add.add_argument("--label", default="", help="a short name to show instead of the URL")
    add.set_defaults(func=run_add)

    listing = research.add_parser("list", help="list research sources and how their last fetch went",
                                  description="List research sources, all or those of one account or industry.")
    _owner_arguments(listing, required=False)
    listing.add_argument("--json", action="store_true",
                         help="print JSON: id, url, kind, account, industry, label, last_fetched_at, last_status, "
                              "last_error, robots_decision, items")
    listing.set_defaults(func=run_list)

    remove = research.add_parser("remove", help="remove a research source (its items stay in the library)",
                                 description="Remove a research source by id (see 'precall research list'). "
                                             "Items it fetched stay readable and searchable.")
    remove.add_argument("source_id", type=record_id, metavar="ID")
    remove.set_defaults(func=run_remove)

    refresh = research.add_parser("refresh", help="fetch research sources politely and store what they say",
                                  description="Fetch sources (all by default) obeying robots.txt, with a delay "
                                              "between requests to the same host. Exit 2 if some could not be fetched.")
    scope = _owner_arguments(refresh, required=False)
    scope.add_argument("--all", action="store_true", help="every source (the default)")
    refresh.add_argument("--allow-private", action="store_true",
                         help="let the refresh reach hosts on loopback and private networks (refused by default)")
    refresh.add_argument("--delay", type=bounded_float(0, 3600, "a delay in seconds"), default=1.0, metavar="SECONDS",
                         help="minimum time between two requests to the same host (default 1; robots.txt "
                              "Crawl-delay may ask for more)")
    refresh.set_defaults(func=run_refresh)


def _owner_arguments(parser: argparse.ArgumentParser, *, required: bool) -> Any:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--account", metavar="NAME", help="an account's sources (refresh: also its industry's)")
    group.add_argument("--industry", metavar="NAME", help="an industry's sources")
    return group


def _account_id(store: Store, name: str) -> int:
    account = store.accounts.by_name(name)
    if account is None:
        raise NotFoundError(f"There is no account named {name!r} (see 'precall meeting list' or the app).")
    return account.id


def _industry_id(store: Store, name: str, *, create: bool = False) -> int:
    industry_id = store.sources.industry_id(name)
    if industry_id is None and create:
        if not name.strip():
            raise ValidationError("The industry name is empty.", "industry")
        with store.write():
            industry_id = store.accounts.ensure_industry(name)
    if industry_id is None:
        known = ", ".join(store.accounts.industries()) or "none yet"
        raise NotFoundError(f"There is no industry named {name!r} (known: {known}).")
    return industry_id


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store() as store:
        if args.account:
            source = store.sources.add(args.url, kind=args.kind, account_id=_account_id(store, args.account),
                                       label=args.label)
        else:
            source = store.sources.add(args.url, kind=args.kind,
                                       industry_id=_industry_id(store, args.industry, create=True), label=args.label)
    ctx.print(f"Added research source {source.id}: {source.url} ({source.kind.value}) for {source.owner}.")
    return 0


def _listed(store: Store, args: argparse.Namespace) -> list[ResearchSource]:
    if args.account:
        return store.sources.list(account_id=_account_id(store, args.account))
    if args.industry:
        return store.sources.list(industry_id=_industry_id(store, args.industry))
    return store.sources.list()


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:
        sources = _listed(store, args)
    if args.json:
        ctx.print_json([source_json(s) for s in sources])
        return 0
    if not sources:
        ctx.print("No research sources yet. Add one with "
                  "'precall research add URL --account NAME' (or --industry NAME).")
        return 0
    for s in sources:
        when = f"{s.last_fetched_at.astimezone():%Y-%m-%d %H:%M}" if s.last_fetched_at else "never"
        ctx.print(f"{s.id:>5}  {s.kind.value:<4}  {s.scope[:3]} {s.owner}: {s.display_name}")
        detail = f"       last fetched {when}, {s.last_status.label}, {s.item_count} items"
        if s.robots_decision:
            detail += f", robots: {s.robots_decision.label}"
        ctx.print(detail)
        if s.last_error:
            ctx.print(f"       {s.last_error}")
    return 0


def source_json(s: ResearchSource) -> dict[str, Any]:
    return {
        "id": s.id, "url": s.url, "kind": s.kind.value,
        "account": s.owner if s.account_id is not None else None,
        "industry": s.owner if s.industry_id is not None else None,
        "label": s.label, "last_fetched_at": s.last_fetched_at.isoformat() if s.last_fetched_at else None,
        "last_status": s.last_status.value, "last_error": s.last_error or None,
        "robots_decision": s.robots_decision.value or None, "items": s.item_count,
    }


def run_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store() as store:
        source = store.sources.remove(args.source_id)
    ctx.print(f"Removed research source {source.id} ({source.url}); its items stay in the library.")
    return 0


def run_refresh(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.delay < 0:
        raise ValidationError("--delay cannot be negative.", "delay")
    policy = PolitenessPolicy(per_host_delay=args.delay, allow_private=args.allow_private)
    session = make_session()
    applied: list[AppliedOutcome] = []
    stats = FetchStats()
    with ctx.open_store() as store, session:
        if args.account:
            plan = load_plan(store, account_id=_account_id(store, args.account))
        elif args.industry:
            plan = load_plan(store, industry_id=_industry_id(store, args.industry))
        else:
            plan = load_plan(store)
        if not plan.sources:
            ctx.print("No research sources to refresh. Add one with 'precall research add URL --account NAME'.")
            return 0
        ctx.print(f"Refreshing {len(plan.sources)} source(s)...")
        for outcome in fetch_sources(plan.sources, session, policy, Progress(), clock=ctx.clock,
                                     robots_cache=plan.robots, stats=stats):
            result = apply_outcome(store, outcome)
            applied.append(result)
            ctx.print(outcome_line(result))
    ctx.print(summary(applied, stats))
    failed = sum(1 for a in applied if not a.outcome.status.succeeded)
    if failed:
        # What was fetched is saved; the exit status tells a scheduler that some was not.
        raise PrecallError(f"{failed} of {len(applied)} research sources could not be fetched (named above).")
    return 0


def outcome_line(applied: AppliedOutcome) -> str:
    o = applied.outcome
    line = f"  {o.status.label:<26} {o.name}"
    if o.status.succeeded and o.status != FetchStatus.NOT_MODIFIED:
        line += f" ({applied.saved} items, {applied.changed} new or changed)"
    if o.error:
        line += f"\n  {'':<26} {o.error}"
    return line


def summary(applied: list[AppliedOutcome], stats: FetchStats) -> str:
    counts: dict[FetchStatus, int] = {}
    for a in applied:
        counts[a.outcome.status] = counts.get(a.outcome.status, 0) + 1
    parts = [f"{n} {status.label}" for status, n in counts.items()]
    text = f"Done: {len(applied)} source(s): {', '.join(parts)}; {stats.requests} requests, {stats.body_bytes:,} bytes."
    unreachable = [a.outcome for a in applied if not a.outcome.status.succeeded]
    if unreachable:
        names = "; ".join(f"{o.name} ({o.status.label})" for o in unreachable)
        text += f"\nNot fetched: {names}. What was stored from them before is still there."
    return text
