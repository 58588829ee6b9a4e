"""``precall calendar``: import and export .ics files, and watch calendars.

    precall calendar import FILE.ics [--dry-run] [--account NAME] [--tz ZONE] [--own-domain D]
    precall calendar export MEETING_ID -o FILE.ics      precall calendar export --upcoming -o FILE.ics
    precall calendar watch add FILE_OR_URL | list [--json] | remove ID | check [--allow-private]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from precall.calendar.apply import apply_plan
from precall.calendar.export import DEFAULT_REMINDER_MINUTES, export_meetings
from precall.calendar.model import MAX_ICS_BYTES, ImportOptions
from precall.calendar.parse import parse_ics
from precall.calendar.plan import Action, ImportPlan, compute_plan
from precall.calendar.suggest import AccountChoice
from precall.calendar.watch import check_all, normalize_location
from precall.calendar.zones import iana_zone, user_zone_name
from precall.cli.argtypes import bounded_int, record_id
from precall.cli.context import CliContext
from precall.errors import PrecallError
from precall.fileio import check_output_path
from precall.userfiles import read_user_file


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("calendar", help="import and export .ics calendars, watch calendars",
                            description="Meetings from the calendar: import .ics files (Outlook, Google, Apple, "
                                        "Thunderbird), export meetings with a reminder, watch files and URLs.")
    cal_sub = parser.add_subparsers(dest="calendar_command", metavar="SUBCOMMAND", required=True)

    imp = cal_sub.add_parser("import", help="import meetings from an .ics file",
                             description="Import the events of an .ics file as meetings. Recurring events are "
                                         "expanded within a window; events imported before are updated in place.")
    imp.add_argument("file", type=Path, metavar="FILE.ics", help="the calendar file")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument("--account", metavar="NAME", help="put every new meeting with this existing account")
    imp.add_argument("--tz", metavar="ZONE", help="your time zone for floating and all-day times "
                                                  "(default: the system's)")
    imp.add_argument("--own-domain", action="append", default=[], metavar="DOMAIN",
                     help="your organisation's email domain (repeatable); never suggested as an account")
    imp.add_argument("--days-back", type=bounded_int(0, 100_000, "a number of days"), default=30, metavar="N", help="import from N days ago (default 30)")
    imp.add_argument("--days-ahead", type=bounded_int(0, 100_000, "a number of days"), default=180, metavar="N", help="import up to N days ahead (default 180)")
    imp.add_argument("--json", action="store_true", help="print the plan (or result) as JSON")
    imp.set_defaults(func=run_import)

    exp = cal_sub.add_parser("export", help="export meetings to an .ics file with a reminder",
                             description="Export one meeting, or every upcoming one, to .ics with a reminder "
                                         "(VALARM) and the brief's summary in the description.")
    exp.add_argument("meeting_id", type=record_id, nargs="?", metavar="MEETING_ID", help="the meeting to export")
    exp.add_argument("--upcoming", action="store_true", help="export every upcoming meeting instead")
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics", help="where to write")
    exp.add_argument("--reminder", type=bounded_int(0, 7 * 24 * 60, "a number of minutes"), default=DEFAULT_REMINDER_MINUTES, metavar="MINUTES",
                     help=f"reminder this many minutes before the start (default {DEFAULT_REMINDER_MINUTES})")
    exp.set_defaults(func=run_export)

    watch = cal_sub.add_parser("watch", help="watch .ics files and calendar URLs",
                               description="Watch a calendar file or subscribe to a calendar URL (https or "
                                           "webcal); the app re-imports it when it changes.")
    watch_sub = watch.add_subparsers(dest="watch_command", metavar="ACTION", required=True)
    add = watch_sub.add_parser("add", help="watch a file or URL", description="Watch a calendar file or URL.")
    add.add_argument("location", metavar="FILE_OR_URL")
    add.set_defaults(func=run_watch_add)
    listing = watch_sub.add_parser("list", help="list watched calendars", description="List watched calendars.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_watch_list)
    remove = watch_sub.add_parser("remove", help="stop watching a calendar", description="Stop watching.")
    remove.add_argument("feed_id", type=record_id, metavar="ID")
    remove.set_defaults(func=run_watch_remove)
    check = watch_sub.add_parser("check", help="check every watched calendar now and import changes",
                                 description="Check every watched calendar now and import what changed.")
    check.add_argument("--allow-private", action="store_true", help="allow URLs on loopback and private networks")
    check.add_argument("--tz", metavar="ZONE", help="your time zone (default: the system's)")
    check.set_defaults(func=run_watch_check)


def _options(args: argparse.Namespace) -> ImportOptions:
    zone = getattr(args, "tz", None) or user_zone_name()
    if iana_zone(zone) is None:
        raise PrecallError(f"Unknown time zone {zone!r}; use a name like 'Europe/Paris'.")
    try:
        return ImportOptions(user_tz=zone, days_back=getattr(args, "days_back", 30),
                             days_ahead=getattr(args, "days_ahead", 180),
                             own_domains=tuple(d.strip().lower().lstrip("@") for d in getattr(args, "own_domain", [])))
    except ValueError as exc:
        raise PrecallError(f"Bad import window: {exc}.") from exc


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    options = _options(args)
    data = read_user_file(args.file, what="calendar", limit=MAX_ICS_BYTES)
    parsed = parse_ics(data, now=ctx.clock.now(), options=options, label=str(args.file))
    with ctx.open_store() as store:
        plan = compute_plan(store, parsed, source="", options=options)
        if args.account:
            account = store.accounts.by_name(args.account)
            if account is None:
                raise PrecallError(f"There is no account named {args.account!r}.")
            plan.assign_all(AccountChoice(account.id, account.name, reason="--account"))
        if args.dry_run:
            _print_plan(ctx, plan, args.json, dry_run=True)
            return 0
        result = apply_plan(store, plan)
    if args.json:
        ctx.print_json({"created": result.created, "updated": result.updated, "cancelled": result.cancelled,
                        "unchanged": result.unchanged, "skipped": result.skipped,
                        "new_accounts": result.new_accounts, "new_contacts": result.new_contacts})
    else:
        _print_plan(ctx, plan, False, dry_run=False)
        ctx.print(result.summary())
    return 0


def _print_plan(ctx: CliContext, plan: ImportPlan, as_json: bool, *, dry_run: bool) -> None:
    if as_json:
        ctx.print_json({
            "counts": plan.counts(),
            "notes": plan.notes,
            "entries": [{"action": plan.effective_action(e).value, "uid": e.uid, "recurrence_id": e.recurrence_id,
                         "title": e.title, "start": e.start.isoformat(), "tz": e.tz, "meeting_id": e.meeting_id,
                         "account": (plan.assignments[e.uid].label if e.uid in plan.assignments else e.account_name),
                         "changes": list(e.changes)} for e in plan.entries],
        })
        return
    for note in plan.notes:
        ctx.print(f"Note: {note}")
    for entry in plan.entries:
        action = plan.effective_action(entry)
        if action is Action.UNCHANGED:
            continue
        account = plan.assignments[entry.uid].label if entry.uid in plan.assignments else entry.account_name
        local = entry.start.astimezone(iana_zone(entry.tz))
        if action is Action.SKIP and entry.action is not Action.CREATE:
            account = "-"
        detail = f" ({'; '.join(entry.changes)})" if entry.changes else ""
        ctx.print(f"{action.value:<9} {local:%Y-%m-%d %H:%M} {entry.tz:<16} {entry.title} [{account}]{detail}")
    counts = plan.counts()
    prefix = "Would change (dry run, nothing written): " if dry_run else "Plan: "
    ctx.print(prefix + ", ".join(f"{counts[a.value]} {a.value}" for a in Action))
    no_account = sum(1 for e in plan.entries
                     if e.action is Action.CREATE and plan.effective_action(e) is Action.SKIP)
    if no_account:
        ctx.print(f"{no_account} events have no attendee from a customer organisation and were "
                  f"{'left out' if dry_run else 'not imported'}; use --account NAME to import them with an account.")


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.upcoming == (args.meeting_id is not None):
        raise PrecallError("Give either a MEETING_ID or --upcoming.")
    check_output_path(args.output)
    with ctx.open_store() as store:
        if args.upcoming:
            ids = store.calendar.upcoming_meeting_ids(ctx.clock.now())
            if not ids:
                raise PrecallError("There are no upcoming meetings to export.")
        else:
            store.meetings.get(args.meeting_id)
            ids = [args.meeting_id]
        target = export_meetings(store, ids, args.output, reminder_minutes=args.reminder)
    ctx.print(f"Exported {len(ids)} meeting{'s' if len(ids) != 1 else ''} to {target}.")
    return 0


def run_watch_add(args: argparse.Namespace, ctx: CliContext) -> int:
    kind, location = normalize_location(args.location)
    with ctx.open_store() as store:
        feed = store.calendar.add_feed(kind, location)
    ctx.print(f"Watching {feed.location} (id {feed.id}); the app checks it for changes.")
    return 0


def run_watch_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:
        feeds = store.calendar.feeds()
    if args.json:
        ctx.print_json([{"id": f.id, "kind": f.kind, "location": f.location, "last_checked_at": f.last_checked_at,
                         "last_imported_at": f.last_imported_at, "last_error": f.last_error,
                         "pending_review": f.pending_review} for f in feeds])
        return 0
    if not feeds:
        ctx.print("No watched calendars. Add one with 'precall calendar watch add FILE_OR_URL'.")
    for f in feeds:
        state = f"error: {f.last_error}" if f.last_error else (
            f"imported {f.last_imported_at}" if f.last_imported_at else "not checked yet")
        ctx.print(f"{f.id:>4}  {f.kind:<4}  {f.location}  ({state})")
    return 0


def run_watch_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store() as store:
        feed = store.calendar.feed(args.feed_id)
        store.calendar.remove_feed(feed.id)
    ctx.print(f"Stopped watching {feed.location}.")
    return 0


def run_watch_check(args: argparse.Namespace, ctx: CliContext) -> int:
    options = _options(args)
    with ctx.open_store() as store:
        reports = check_all(store, options=options, allow_private=args.allow_private)
    if not reports:
        ctx.print("No watched calendars.")
    for report in reports:
        ctx.print(report.summary())
    failed = sum(1 for r in reports if r.error)
    if failed:
        raise PrecallError(f"{failed} of {len(reports)} watched calendars could not be checked (named above).")
    return 0
