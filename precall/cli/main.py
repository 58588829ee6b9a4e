"""Parsing ``precall [--db PATH] COMMAND ...`` and running it without tracebacks.

Errors the user can fix (``PrecallError``) print one line to stderr and exit 1; a bug
is logged with its traceback to the log file and reported in one line (exit 70).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Sequence

from precall import __version__
from precall.cli import demo_cmd, meeting_cmd
from precall.cli import research_cmd
from precall.cli import calendar_cmd
from precall.cli import brief_cmd
from precall.cli import backup_cmd
from precall.cli import extract_cmd, search_cmd
from precall.cli import template_cmd
from precall.cli.context import CliContext
from precall.errors import PrecallError
from precall.logs import setup_logging
from precall.paths import default_db_path

log = logging.getLogger("precall.cli")

# Each module has register(subparsers); its parsers set func=run(args, ctx) -> int.
COMMAND_MODULES: list[ModuleType] = [demo_cmd, meeting_cmd, backup_cmd, brief_cmd, extract_cmd, search_cmd, calendar_cmd, template_cmd, research_cmd]

EXIT_USER_ERROR = 1
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="precall",
        description="Pre-call planning for B2B sales reps. With no command, starts the desktop app.",
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help=f"database file (default: {default_db_path()})")
    parser.add_argument("--version", action="version", version=f"precall {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    gui: Callable[[Path], int] | None = None,
    services: dict[str, Callable[..., Any]] | None = None,
    ctx: CliContext | None = None,
) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = (args.db or default_db_path()).expanduser()
    if ctx is None:
        ctx = CliContext(db_path=db_path, services=dict(services or {}))
    else:
        ctx.db_path = db_path
    log_file = setup_logging()
    try:
        if args.command is None:
            if gui is None:
                parser.print_help(ctx.out)
                return 0
            return gui(db_path)
        return int(args.func(args, ctx) or 0)
    except PrecallError as exc:
        print(f"precall: error: {exc}", file=ctx.err)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("precall: interrupted", file=ctx.err)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: keep the traceback in the log, not on the screen
        log.exception("command %s failed", args.command)
        print(f"precall: internal error: {type(exc).__name__}: {exc} (details in {log_file})", file=ctx.err)
        return EXIT_BUG


def run() -> None:
    sys.exit(main())
