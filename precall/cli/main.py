"""Parsing ``precall [--db PATH] COMMAND ...`` and running it without tracebacks.

Errors the user can fix (``PrecallError``) print one line to stderr and exit 1; a bug
is logged with its traceback to the log file and reported in one line (exit 70).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from precall import __version__
from precall.cli.context import CliContext
from precall.errors import PrecallError
from precall.logs import setup_logging
from precall.paths import default_db_path

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
EXIT_BUG = 70


def _global_parser(add_help: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, argparse.ArgumentParser | None]:
    """Global options alone (the desktop app) need no command modules; anything else,
    including --help, gets the full parser."""
    args, rest = _global_parser(add_help=False).parse_known_args(argv)
    if not rest:
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
        if args.command is None:
            if gui is None:
                (parser or build_parser()).print_help(ctx.out)
                return 0
            return gui(db_path)
        return int(args.func(args, ctx) or 0)
    except PrecallError as exc:
        print(f"precall: error: {exc}", file=ctx.err)
        return EXIT_USER_ERROR
    except sqlite3.DatabaseError as exc:
        from precall.store.repair import explain_open_failure, is_damage

        if is_damage(exc):
            # A file damaged after it opened (a bad page read mid-command) is the user's
            # environment, not a bug: say so and name the newest good backup.
            print(f"precall: error: {explain_open_failure(db_path, exc)}", file=ctx.err)
            return EXIT_USER_ERROR
        return _report_bug(args, exc, log_file, ctx)
    except KeyboardInterrupt:
        print("precall: interrupted", file=ctx.err)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: keep the traceback in the log, not on the screen
        return _report_bug(args, exc, log_file, ctx)


def _report_bug(args: argparse.Namespace, exc: Exception, log_file: Path, ctx: CliContext) -> int:
    log.error("command %s failed", args.command, exc_info=exc)
    print(f"precall: internal error: {type(exc).__name__}: {exc} (details in {log_file})", file=ctx.err)
    return EXIT_BUG


def run() -> None:
    sys.exit(main())
