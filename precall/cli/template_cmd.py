"""``precall template ...``: the template library from the command line.

    precall template list [--json]
    precall template export NAME -o FILE [--version N]
    precall template import FILE
    precall template diff NAME [--from N] [--to N]
    precall template apply NAME --account NAME [--dry-run]
    precall template subscribe FOLDER_OR_URL [--allow-private]
    precall template unsubscribe FOLDER_OR_URL
    precall template check
    precall template feedback export -o FILE | import FILE... | report [NAME] [--json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from precall.cli.argtypes import version_number
from precall.cli.context import CliContext
from precall.errors import NotFoundError
from precall.fileio import check_output_path
from precall.templates.apply import describe_plan
from precall.templates.diff import describe, diff_templates
from precall.templates.format import write_template_file


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("template", help="assumption templates: list, export, import, share, apply",
                            description="Work with assumption templates (see README: Assumption templates).")
    tsub = parser.add_subparsers(dest="template_command", metavar="SUBCOMMAND", required=True)

    listing = tsub.add_parser("list", help="list the template library", description="List the template library.")
    listing.add_argument("--json", action="store_true", help="print JSON: id, name, version, author, items, source")
    listing.set_defaults(func=run_list)

    export = tsub.add_parser("export", help="write a template to a JSON file",
                             description="Write a template (by id or name) to a JSON file to share.")
    export.add_argument("name", metavar="NAME", help="template id or name")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument("--version", type=version_number, help="an earlier version (default: the newest)")
    export.set_defaults(func=run_export)

    imp = tsub.add_parser("import", help="add a template file to the library",
                          description="Check a template file completely, then add it (or its newer version).")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(func=run_import)

    diff = tsub.add_parser("diff", help="show what changed between two versions",
                           description="Show the changes between two versions of a template.")
    diff.add_argument("name", metavar="NAME")
    diff.add_argument("--from", dest="old", type=version_number, metavar="N",
                      help="older version (default: the one before --to)")
    diff.add_argument("--to", dest="new", type=version_number, metavar="N", help="newer version (default: the newest)")
    diff.set_defaults(func=run_diff)

    apply = tsub.add_parser("apply", help="apply a template (or its update) to an account",
                            description="Apply a template to an account's matrix. Items you edited, confirmed or "
                                        "refuted stay as you left them; untouched items follow the template.")
    apply.add_argument("name", metavar="NAME")
    apply.add_argument("--account", required=True, help="account name")
    apply.add_argument("--dry-run", action="store_true", help="only show what would change")
    apply.set_defaults(func=run_apply)

    subscribe = tsub.add_parser("subscribe", help="follow a team folder or a URL",
                                description="Follow a team folder (every *.json in it) or the URL of a template file.")
    subscribe.add_argument("location", metavar="FOLDER_OR_URL")
    subscribe.add_argument("--allow-private", action="store_true",
                           help="allow a URL on this machine or a private network (refused by default)")
    subscribe.set_defaults(func=run_subscribe)

    unsubscribe = tsub.add_parser("unsubscribe", help="stop following a folder or URL",
                                  description="Stop following; templates already in the library stay.")
    unsubscribe.add_argument("location", metavar="FOLDER_OR_URL")
    unsubscribe.set_defaults(func=run_unsubscribe)

    check = tsub.add_parser("check", help="check subscriptions for new versions",
                            description="Check every subscription now (conditional GET for URLs).")
    check.set_defaults(func=run_check)

    feedback = tsub.add_parser("feedback", help="anonymous confirmed/refuted counts per assumption",
                               description="Share and read how often template assumptions held up.")
    fsub = feedback.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    fexport = fsub.add_parser("export", help="write this database's anonymous counts to a file",
                              description="Write anonymous counts (no account or person names) to a file.")
    fexport.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write")
    fexport.set_defaults(func=run_feedback_export)
    fimport = fsub.add_parser("import", help="add reps' feedback files", description="Import feedback files.")
    fimport.add_argument("files", type=Path, nargs="+", metavar="FILE")
    fimport.set_defaults(func=run_feedback_import)
    freport = fsub.add_parser("report", help="how often each assumption held up",
                              description="Per assumption: confirmed, refuted and the share that held up.")
    freport.add_argument("name", nargs="?", metavar="NAME", help="only this template")
    freport.add_argument("--json", action="store_true", help="print JSON")
    freport.set_defaults(func=run_feedback_report)



def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:
        if not store.read_only:  # the starters are offered once, when the file can take them
            store.templates.ensure_starters()
        infos = store.templates.list()
    if args.json:
        ctx.print_json([{"id": t.id, "name": t.name, "version": t.version, "author": t.author,
                         "updated_at": t.updated_at, "industry": t.industry, "items": t.item_count,
                         "roles": list(t.roles), "source": t.source, "accounts": t.accounts} for t in infos])
        return 0
    if not infos:
        ctx.print("No templates yet. Import one with 'precall template import FILE'.")
    for t in infos:
        ctx.print(f"{t.id:<28} v{t.version:<4} {t.item_count:>4} items  {t.name}" + (f"  ({t.author})" if t.author else ""))
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    check_output_path(args.output)  # before ensure_starters can write to the database
    # One transaction: a name or account that is not found leaves no starter behind.
    with ctx.open_store() as store, store.write():
        store.templates.ensure_starters()
        template = store.templates.find(args.name)
        if args.version is not None:
            template = store.templates.get(template.id, args.version)
    write_template_file(template, args.output)
    ctx.print(f"Wrote {template.name!r} version {template.version} to {args.output}.")
    return 0


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store() as store:
        outcome = store.templates.import_file(args.file)
    ctx.print(outcome.message())
    return 0


def run_diff(args: argparse.Namespace, ctx: CliContext) -> int:
    # One transaction: a name or account that is not found leaves no starter behind.
    with ctx.open_store() as store, store.write():
        store.templates.ensure_starters()
        template = store.templates.find(args.name)
        versions = store.templates.versions(template.id)
        new_version = args.new if args.new is not None else versions[-1]
        earlier = [v for v in versions if v < new_version]
        old_version = args.old if args.old is not None else (earlier[-1] if earlier else None)
        new = store.templates.get(template.id, new_version)
        old = store.templates.get(template.id, old_version) if old_version else None
    diff = diff_templates(old, new)
    ctx.print(f"{new.name}: version {old_version or '(none)'} → {new_version}: {diff.summary()}")
    for line in describe(diff, {row.key: row.label for row in new.rows}):
        ctx.print(f"  {line}")
    return 0


def run_apply(args: argparse.Namespace, ctx: CliContext) -> int:
    # One transaction: a name or account that is not found leaves no starter behind.
    with ctx.open_store() as store, store.write():
        store.templates.ensure_starters()
        template = store.templates.find(args.name)
        account = store.accounts.by_name(args.account)
        if account is None:
            raise NotFoundError(f"There is no account named {args.account!r}.")
        if args.dry_run:
            plan = store.templates.plan(account.id, template.id)
        else:
            plan = store.templates.apply(account.id, template.id)
    verb = "Would apply" if args.dry_run else "Applied"
    ctx.print(f"{verb} {template.name!r} version {plan.version} to {account.name}: {plan.summary()}.")
    for line in describe_plan(plan, {row.key: row.label for row in template.rows}):
        ctx.print(f"  {line}")
    return 0


def run_subscribe(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.net import make_session
    from precall.templates import subscriptions

    with ctx.open_store() as store:
        subscription = subscriptions.subscribe(store, args.location, allow_private=args.allow_private)
        ctx.print(f"Subscribed to {subscription.label}.")
        report = subscriptions.check(store, subscription.id, make_session())
    ctx.print(report.message())
    return 0


def run_unsubscribe(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.templates.subscriptions import classify_location

    with ctx.open_store() as store:
        repo = store.subscriptions
        wanted = {args.location.strip()}
        try:
            wanted.add(classify_location(args.location)[1])
        except Exception:  # a folder that no longer exists can still be unsubscribed by its text
            pass
        match = next((s for s in repo.list() if s.location in wanted), None)
        if match is None:
            raise NotFoundError(f"You do not subscribe to {args.location!r}.")
        repo.remove(match.id)
    ctx.print(f"Unsubscribed from {match.label}; its templates stay in the library.")
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.net import make_session
    from precall.templates.subscriptions import check_all

    with ctx.open_store() as store:
        reports = check_all(store, make_session())
    if not reports:
        ctx.print("No subscriptions. Add one with 'precall template subscribe FOLDER_OR_URL'.")
    for report in reports:
        ctx.print(report.message())
    return 0


def run_feedback_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.templates import feedback

    check_output_path(args.output)
    with ctx.open_store() as store:
        count = feedback.export_file(store, args.output)
    ctx.print(f"Wrote anonymous counts for {count} assumption{'s' if count != 1 else ''} to {args.output}.")
    return 0


def run_feedback_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.templates import feedback

    # All files or none: a bad second file must not leave the first one counted.
    with ctx.open_store() as store, store.write():
        lines = [f"{path.name}: {feedback.import_file(store, path).message()}" for path in args.files]
    for line in lines:
        ctx.print(line)
    return 0


def run_feedback_report(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.templates import feedback

    with ctx.open_store(read_only=True) as store:
        template_id = store.templates.find(args.name).id if args.name else None
        lines = feedback.report(store, template_id)
    if args.json:
        ctx.print_json([{"template_id": x.template_id, "item_key": x.item_key, "role": x.role, "row": x.row,
                         "text": x.text, "confirmed": x.confirmed, "refuted": x.refuted, "files": x.files,
                         "held_rate": x.held_rate} for x in lines])
        return 0
    if not lines:
        ctx.print("No feedback imported yet. Reps write it with 'precall template feedback export -o FILE'.")
    for x in lines:
        rate = f"{x.held_rate:.0%}" if x.held_rate is not None else "–"
        ctx.print(f"{rate:>5} held  ({x.confirmed} confirmed, {x.refuted} refuted, {x.files} files)  "
                  f"{x.role} / {x.row}: {x.text}")
    return 0
