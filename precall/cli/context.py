"""What every command gets: the database path, output streams, a clock and the
renderers the composition root (``ui/``) plugs in, such as PDF via Qt.

Results go to ``out`` through ``print`` and ``print_json`` only, which make text from
outside safe for a terminal; messages go to ``err``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from precall.clock import Clock, SystemClock
from precall.store import Store
from precall.store.lock import Role
from precall.terminal import json_safe, printable


@dataclass
class CliContext:
    db_path: Path
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    clock: Clock = field(default_factory=SystemClock)
    # Name -> callable supplied by ui/ (e.g. "pdf": render HTML to a PDF file).
    services: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def open_store(self, *, read_only: bool = False) -> Store:
        """The Store; commands that only read say so, and then work on a read-only file too.

        A command shares the file with the desktop app and other commands (WAL and
        ``BEGIN IMMEDIATE`` keep their edits whole); only the app is one per file."""
        return Store.open(self.db_path, clock=self.clock, read_only=read_only, role=Role.COMMAND)

    def print(self, text: str = "") -> None:
        # The one place human-readable results are printed: text from calendars,
        # templates and pages must not drive the terminal.
        print(printable(text), file=self.out)

    def print_json(self, value: Any) -> None:
        self.out.write(json_safe(json.dumps(value, indent=2, ensure_ascii=False, default=str)) + "\n")
