"""Reading bundled resources (default rows, checklist, templates, stylesheet, demo).

One function finds ``resources/`` whether Precall runs from a checkout, an editable
install or a PyInstaller bundle (where files sit under ``sys._MEIPASS``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)}")
    return path


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    return json.loads(read_text(*parts))
