"""The ``precall`` command: the command line, with the desktop app and Qt-based
renderers plugged in. Qt is imported only when a command needs it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Sequence


def run_gui(db_path: Path) -> int:
    from ui.application import run

    return run(db_path)


def services() -> dict[str, Any]:
    """Qt-backed services for core commands (looked up by name, imported lazily)."""
    from ui.briefs import pdf_service

    return {"pdf": pdf_service}


def main(argv: Sequence[str] | None = None) -> int:
    from precall.cli.main import main as cli_main

    return cli_main(argv, gui=run_gui, services=services())


if __name__ == "__main__":
    sys.exit(main())
