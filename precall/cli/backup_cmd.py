"""``precall backup now|list`` and ``precall check [--repair] [--from BACKUP]``.

``check`` never goes through ``Store.open`` (which would migrate, and might refuse a
damaged file before it can be looked at): it takes the lock itself and reads the file
directly. A check runs beside the app and other commands; a restore must be alone with
the file, so it is refused while the app (or another command) has it open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from precall.cli.context import CliContext
from precall.errors import PrecallError, StoreError
from precall.store import Store
from precall.store.backup_rotation import MANUAL, backup_and_rotate, list_backups, verify_backup
from precall.store.connection import usable_path
from precall.store.lock import InstanceLock, Role
from precall.store.repair import CheckReport, check_file, find_backup, newest_good_backup, restore_file


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="make or list verified backups of the database",
                            description="Backups are made with SQLite's online backup API into backups/ "
                                        "beside the database and checked before they count.")
    backup_sub = backup.add_subparsers(dest="backup_command", metavar="SUBCOMMAND", required=True)
    now = backup_sub.add_parser("now", help="make a verified backup now (kept until you delete it)",
                                description="Make a verified backup now; backups made by hand are never thinned.")
    now.set_defaults(func=run_now)
    listing = backup_sub.add_parser("list", help="list this database's backups, newest first",
                                    description="List this database's backups, newest first.")
    listing.add_argument("--json", action="store_true", help="print JSON: path, created, kind, size")
    listing.add_argument("--verify", action="store_true", help="also check each backup (slower)")
    listing.set_defaults(func=run_list)

    check = sub.add_parser("check", help="check the database, and repair it from a backup",
                           description="Run SQLite's integrity check on the database. With --repair, restore "
                                       "the newest good backup if the check fails (or the one named by --from); "
                                       "the current file is kept beside the database, never deleted.")
    check.add_argument("--repair", action="store_true", help="restore a good backup if the check fails")
    check.add_argument("--from", dest="source", metavar="BACKUP",
                       help="restore this backup (a file name from 'precall backup list', or a path)")
    check.set_defaults(func=run_check)


def run_now(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_store(read_only=True) as store:  # a backup only reads the database
        made = backup_and_rotate(store.conn, store.path, ctx.clock, MANUAL)
    ctx.print(f"Backed up and verified: {made.path} ({made.size / 1024:.0f} KB).")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    db_path = ctx.db_path.expanduser().resolve()
    backups = list_backups(db_path)
    checked = {b.path: verify_backup(b.path) for b in backups} if args.verify else {}
    if args.json:
        ctx.print_json([
            {"path": str(b.path), "created": b.created.isoformat(), "kind": b.kind, "size": b.size,
             **({"problems": checked[b.path]} if args.verify else {})}
            for b in backups
        ])
        return 0
    if not backups:
        ctx.print(f"No backups of {db_path} yet. 'precall backup now' makes one.")
        return 0
    for b in backups:
        state = ""
        if args.verify:
            state = "  ok" if not checked[b.path] else f"  DAMAGED: {checked[b.path][0]}"
        ctx.print(f"{b.describe():<42} {b.path.name}{state}")
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    db_path = usable_path(ctx.db_path)
    wants_restore = bool(args.repair or args.source)
    # A log without its database is something to report and repair, not "no database".
    present = db_path.exists() or Path(f"{db_path}-wal").exists()
    if not present and not wants_restore:
        raise StoreError(f"There is no database at {db_path}. 'precall check --repair' restores the newest good "
                         "backup there, if there is one.")
    lock = InstanceLock(db_path)
    # Only a repair writes: a check of a file in a read-only folder goes on without a lock file.
    locked = lock.acquire(Role.MAINTENANCE if wants_restore else Role.COMMAND, required=wants_restore)
    if not wants_restore:
        lock.share()
    try:
        if present:
            report = check_file(db_path)
            for warning in report.warnings:
                ctx.print(f"Warning: {warning}")
            ctx.print(report.summary())
            if not wants_restore:
                if not report.ok:
                    raise PrecallError(f"{db_path.name} failed its check ({_first(report)}); 'precall check --repair' "
                                       "restores the newest good backup (the current file is kept).")
                return 0
            if report.ok and not args.source:
                ctx.print("Nothing to repair.")
                return 0
        else:
            ctx.print(f"There is no database at {db_path}; looking for a backup to restore.")
        backup = find_backup(db_path, args.source) if args.source else newest_good_backup(db_path)
        if backup is None:
            found = f"{db_path.name} failed its check ({_first(report)}), but " if present and not report.ok else ""
            raise PrecallError(f"{found}there is no good backup of {db_path} to restore; the file was left as it is.")
        result = restore_file(db_path, backup, ctx.clock)
        ctx.print(result.summary())
        # Bring a restored older file up to the current schema now, not on the next start,
        # still alone with it (this process holds the lock).
        Store.open(db_path, clock=ctx.clock, lock=False).close()
    finally:
        if locked:
            lock.release()
    if not result.after.ok:
        raise PrecallError(f"The restored database still fails its check: {'; '.join(result.after.problems[:3])}.")
    ctx.print("The database passes its integrity check.")
    return 0


def _first(report: CheckReport) -> str:
    """The first problem a check found, short enough for one line."""
    first = report.problems[0] if report.problems else "unknown problem"
    return first if len(first) <= 300 else first[:299] + "…"
