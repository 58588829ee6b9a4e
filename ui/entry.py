"""The ``precall`` command's entry point (``[project.scripts]``, ``python -m ui``, the
PyInstaller bundle): the command line, with the desktop app and Qt-based renderers
plugged in. Qt is imported only when a command needs it; starting the window itself is
``ui.application``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Sequence

from precall.errors import PrecallError


def run_gui(db_path: Path) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        # Qt would abort with a plugin error; say what is missing instead.
        raise PrecallError(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset). Start Precall "
            "from a desktop session, or use a command such as 'precall meeting list'."
        )
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
