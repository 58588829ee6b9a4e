"""Parsing ``precall [--db PATH] COMMAND ...`` and running it without tracebacks.

The contract: results on stdout, messages on stderr. Exit 0 on success; 1 for an error
the user can fix (``PrecallError``, or the machine refusing: a full disk, a permission,
a name too long), in one line; 2 for a usage error (argparse); 130 when interrupted. A
bug is logged with its traceback to the log file and reported in one line (exit 70).
Only options before the command are global, and the database the command works on is
protected from every file the command writes.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from precall import __version__
from precall.cli.context import CliContext
from precall.errors import PrecallError
from precall.fileio import protecting
from precall.logs import setup_logging
from precall.paths import default_db_path
from precall.store.connection import busy_error, is_busy
from precall.terminal import printable

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

log = logging.getLogger("precall.cli")

# Modules under precall.cli, each with register(subparsers) whose parsers set
# func=run(args, ctx) -> int; in the order `precall --help` lists them. They are imported
# only when a command is given, so starting the desktop app does not load them all.
COMMAND_MODULES: list[str] = [
    "demo_cmd",
    "meeting_cmd",
    "brief_cmd",
    "search_cmd",
    "extract_cmd",
    "research_cmd",
    "template_cmd",
    "calendar_cmd",
    "backup_cmd",
]

EXIT_USER_ERROR = 1
EXIT_INTERRUPTED = 130
EXIT_BUG = 70

# What the machine, not Precall, can get wrong with a file: user errors, never bugs.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
PATH_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENAMETOOLONG, errno.ENOENT,
                         errno.ENOTDIR, errno.EISDIR, errno.ELOOP})


class _Parser(argparse.ArgumentParser):
    """argparse echoes what was typed in its messages; keep control characters out of the terminal."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(printable(message), file)


def _global_parser(add_help: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="precall",
        description="Pre-call planning for B2B sales reps. With no command, starts the desktop app.",
        add_help=add_help,
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help=f"database file (default: {default_db_path()})")
    parser.add_argument("--version", action="version", version=f"precall {__version__}")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMAND_MODULES:
        importlib.import_module(f"precall.cli.{name}").register(sub)
    return parser


def _global_part(argv: Sequence[str]) -> list[str]:
    """The arguments before the command: only those are global options.

    A command's own option of the same name (``template export --version N``) must
    not be read as the global one.
    """
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--" or not token.startswith("-"):
            break
        # --db (or an abbreviation of it, as argparse allows) takes the next argument.
        takes_value = "=" not in token and len(token) > 2 and "--db".startswith(token)
        index += 2 if takes_value else 1
    return list(argv[:index])


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, argparse.ArgumentParser | None]:
    """Global options alone (the desktop app) need no command modules; anything else,
    including --help, gets the full parser."""
    argv = list(sys.argv[1:] if argv is None else argv)
    front = _global_part(argv)
    if len(front) == len(argv) and not {"-h", "--help"} & set(front):
        args = _global_parser(add_help=False).parse_args(argv)
        args.command = None
        return args, None
    parser = build_parser()
    return parser.parse_args(argv), parser


def main(
    argv: Sequence[str] | None = None,
    *,
    gui: Callable[[Path], int] | None = None,
    services: dict[str, Callable[..., Any]] | None = None,
    ctx: CliContext | None = None,
) -> int:
    args, parser = _parse(argv)
    db_path = (args.db or default_db_path()).expanduser()
    if ctx is None:
        ctx = CliContext(db_path=db_path, services=dict(services or {}))
    else:
        ctx.db_path = db_path
    log_file = setup_logging()
    try:
        with protecting(db_path):
            check_db_path(db_path)
            if args.command is None:
                if gui is None:
                    (parser or build_parser()).print_help(ctx.out)
                    return 0
                return gui(db_path)
            return int(args.func(args, ctx) or 0)
    except PrecallError as exc:
        _error(ctx, str(exc))
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("precall: interrupted", file=ctx.err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except (OSError, sqlite3.DatabaseError) as exc:
        message = environment_message(exc, db_path)
        if message is not None:
            _error(ctx, message)
            return EXIT_USER_ERROR
        if isinstance(exc, sqlite3.DatabaseError):
            from precall.store.repair import explain_open_failure, is_damage

            if is_damage(exc):
                # A file damaged after it opened (a bad page read mid-command) is the user's
                # environment, not a bug: say so and name the newest good backup.
                _error(ctx, explain_open_failure(db_path, exc))
                return EXIT_USER_ERROR
        return _report_bug(args, exc, log_file, ctx)
    except Exception as exc:  # a bug: keep the traceback in the log, not on the screen
        return _report_bug(args, exc, log_file, ctx)


def check_db_path(db_path: Path) -> None:
    """Refuse a --db that names a folder (``--db /``) before anything tries to open it."""
    if not db_path.name or db_path.is_dir():
        raise PrecallError(f"{db_path} is a folder; --db names the database file, such as "
                           f"{db_path / 'precall.db'}.")


def environment_message(exc: OSError | sqlite3.DatabaseError, db_path: Path) -> str | None:
    """The user's words for a failure the machine caused (a full disk, a refused
    permission, a name too long), or None when it is not one of those: then it is a bug.

    Failures inside a save roll the transaction back, so the database is unchanged.
    """
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == sqlite3.SQLITE_FULL or "database or disk is full" in str(exc).lower():
            return (f"The disk is full: {db_path} could not be written; nothing was changed. "
                    "Free some space and try again.")
        if primary == sqlite3.SQLITE_IOERR:
            return f"The disk failed while reading or writing {db_path} ({exc}); nothing was changed."
        if is_busy(exc):  # the app or another command held the file past the busy timeout
            return str(busy_error(db_path))
        return None
    where = exc.filename if exc.filename is not None else db_path
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL_ERRNOS:
        return f"The disk is full: cannot write {where}; nothing was changed. Free some space and try again."
    if exc.errno in PATH_ERRNOS:
        return f"Cannot use {where}: {reason}."
    return None


def _error(ctx: CliContext, message: str) -> None:
    # One line, whatever the message carries (a title with a line break, a list of problems).
    one_line = " ".join(message.split())
    print(f"precall: error: {printable(one_line)}", file=ctx.err)


def _report_bug(args: argparse.Namespace, exc: Exception, log_file: Path, ctx: CliContext) -> int:
    log.error("command %s failed", args.command, exc_info=exc)
    text = printable(f"{type(exc).__name__}: {exc}")
    print(f"precall: internal error: {text} (details in {log_file})", file=ctx.err)
    return EXIT_BUG


def run() -> None:
    sys.exit(main())
