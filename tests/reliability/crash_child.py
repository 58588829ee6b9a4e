"""Work a parent test kills with SIGKILL at random moments (not a test module itself).

    python -m tests.reliability.crash_child edits DB SEED FIRST_SEQ
    python -m tests.reliability.crash_child zygote       (forks ``edits`` on request)
    python -m tests.reliability.crash_child migrate DB ROWS
    python -m tests.reliability.crash_child backups DB
    python -m tests.reliability.crash_child restore DB BACKUP
    python -m tests.reliability.crash_child restore-into DB BACKUP

``edits`` runs a stream of edits through the real Store, printing ``INTENT <seq> ...``
before each one and ``ACK <seq> ...`` after it committed, so the parent knows which
edits were acknowledged and which single one may or may not have landed.
``migrate`` registers a slow test-only migration and opens the Store to run it.
``backups`` edits and backs up in a loop; ``restore`` puts a backup in place.
"""

from __future__ import annotations

import random
import sys
import traceback
import types
from pathlib import Path

from precall.domain.matrix import ItemStatus
from precall.store import Store

ACCOUNT = "Crash Test Ltd"
STATUSES = [s.value for s in ItemStatus]
CRASH_MIGRATION = "m900_crash_test"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_edits(db: Path, seed: int, seq: int) -> None:
    rng = random.Random(seed)
    store = Store.open(db)
    account = store.accounts.by_name(ACCOUNT)
    if account is None:
        raise SystemExit("run the parent's setup first")
    roles = [r.id for r in store.matrix.roles(account.id)]
    rows = [r.id for r in store.matrix.rows(account.id)][:2]
    meeting_id = store.meetings.for_account(account.id)[0].id
    say("READY")
    while True:
        items = store.matrix.items(account.id)
        roll = rng.random()
        if not items or roll < 0.35 - (0.2 if len(items) > 120 else 0):
            role, row, status = rng.choice(roles), rng.choice(rows), rng.choice(STATUSES)
            say(f"INTENT {seq} add {role} {row} {status}")
            item = store.matrix.add_item(role, row, f"item-{seq}", status=status)
            say(f"ACK {seq} add {item.id}")
        elif roll < 0.6:
            item = rng.choice(items)
            status = rng.choice(STATUSES)
            say(f"INTENT {seq} upd {item.id} {status}")
            store.matrix.update_item(item.id, text=f"upd-{seq}", status=status)
            say(f"ACK {seq} upd")
        elif roll < 0.8:
            item = rng.choice(items)
            position = rng.randrange(0, 12)
            say(f"INTENT {seq} move {item.id} {position}")
            store.matrix.move_item(item.id, position)
            say(f"ACK {seq} move")
        elif roll < 0.9:
            item = rng.choice(items)
            say(f"INTENT {seq} rm {item.id}")
            store.matrix.remove_item(item.id)
            say(f"ACK {seq} rm")
        else:
            say(f"INTENT {seq} meet {meeting_id}")
            store.meetings.update(meeting_id, location=f"room-{seq}", debrief=f"debrief-{seq} " * 20)
            say(f"ACK {seq} meet")
        seq += 1


def crash_migration_module(rows: int) -> types.ModuleType:
    """A migration long enough to be killed in the middle, touching old and new tables."""
    module = types.ModuleType(CRASH_MIGRATION)
    module.NAME = CRASH_MIGRATION  # type: ignore[attr-defined]

    def migrate(db) -> None:  # noqa: ANN001 - sqlite_utils.Database
        db.execute("UPDATE accounts SET notes = 'migrated'")
        db.execute("CREATE TABLE crash_big (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
        step = 20_000
        for start in range(0, rows, step):
            db.execute(
                "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
                " INSERT INTO crash_big(id, payload) SELECT i, printf('%08d', i) || hex(randomblob(40)) FROM n",
                [start, min(start + step, rows)],
            )
        db.execute("CREATE INDEX crash_big_payload ON crash_big(payload)")
        db.execute("UPDATE matrix_items SET note = 'migrated'")

    module.migrate = migrate  # type: ignore[attr-defined]
    return module


def run_migration(db: Path, rows: int) -> None:
    from precall.store import migrations as schema

    schema.MODULES.append(crash_migration_module(rows))
    say("OPENING")
    Store.open(db).close()
    say("DONE")


def run_zygote() -> None:
    """Fork one edit stream per request, so each kill costs a fork, not an interpreter start.

    Reads ``edits DB SEED SEQ`` lines; prints ``PID <pid>`` before the child's own lines
    and ``EXIT <pid> <status>`` once it has died, so the parent knows its output is complete.
    """
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as warm:
        Store.open(Path(warm) / "warm.db").close()  # import every repository before forking
    for line in sys.stdin:
        args = line.split()
        if not args:
            continue
        pid = os.fork()
        if pid == 0:
            try:
                run_edits(Path(args[1]), int(args[2]), int(args[3]))
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(3)
        say(f"PID {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {pid} {status}")


def run_backups(db: Path) -> None:
    """Edit, back up and thin in a loop (thinning keeps few, so deletions happen too)."""
    from precall.clock import SystemClock
    from precall.store.backup_rotation import ThinningPolicy, backup_and_rotate

    store = Store.open(db)
    account = store.accounts.by_name(ACCOUNT) or store.accounts.create(ACCOUNT)
    role = store.matrix.ensure_role(account.id, "CFO")
    row = store.matrix.rows(account.id)[0]
    say("READY")
    n = 0
    while True:
        store.matrix.add_item(role.id, row.id, f"backup-edit-{n}")
        made = backup_and_rotate(store.conn, store.path, SystemClock(), policy=ThinningPolicy(3, 0, 0, 0))
        say(f"BACKUP {made.path.name}")
        n += 1


def run_restore(db: Path, backup: Path) -> None:
    """Restore ``backup`` over ``db`` while holding the lock, as 'precall check --from' does."""
    from precall.clock import SystemClock
    from precall.store.lock import InstanceLock, Role
    from precall.store.repair import find_backup, restore_file

    lock = InstanceLock(db.resolve())
    lock.acquire(Role.MAINTENANCE)
    say("READY")
    restore_file(db.resolve(), find_backup(db.resolve(), backup), SystemClock())
    say("DONE")


def run_restore_into(db: Path, backup: Path) -> None:
    """Restore ``backup`` into the open Store, as Tools > Check and repair does in the app."""
    from precall.clock import SystemClock
    from precall.store.repair import find_backup, restore_into

    store = Store.open(db)
    say("READY")
    restore_into(store, find_backup(store.path, backup), SystemClock())
    say("DONE")


def main(argv: list[str]) -> None:
    if argv[0] == "zygote":
        run_zygote()
        return
    mode, db = argv[0], Path(argv[1])
    if mode == "edits":
        run_edits(db, int(argv[2]), int(argv[3]))
    elif mode == "migrate":
        run_migration(db, int(argv[2]))
    elif mode == "backups":
        run_backups(db)
    elif mode == "restore":
        run_restore(db, Path(argv[2]))
    elif mode == "restore-into":
        run_restore_into(db, Path(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
