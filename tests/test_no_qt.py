"""The core never imports Qt: every precall module, imported in a fresh interpreter.

A rule across packages, so it sits at the top of tests/."""

import json
import pkgutil
import subprocess
import sys

import precall


def test_core_imports_no_qt() -> None:
    names = sorted(m.name for m in pkgutil.walk_packages(precall.__path__, "precall."))
    assert len(names) > 10
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
