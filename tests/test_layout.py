"""The tests mirror the packages, so a module's tests are where its path says.

- ``tests/precall/<path>/test_<module>.py`` tests ``precall/<path>/<module>.py`` and
  ``tests/ui/<path>/test_<module>.py`` tests ``ui/<path>/<module>.py``. A second file on one
  module is ``test_<module>_<aspect>.py`` (``test_format_fuzz.py`` beside ``test_format.py``).
- Every folder under ``tests/precall`` and ``tests/ui`` mirrors a package folder (data folders
  such as ``pages/`` and ``data/`` excepted), so no feature-named folder grows back.
- A test of a behaviour across modules goes in ``tests/reliability/`` (or at the top of
  ``tests/`` for a rule across packages); inside ``tests/precall`` and ``tests/ui`` it needs an
  entry in ``CROSS_CUTTING`` saying why.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MIRRORED = ("precall", "ui")

# Folders of tests/ besides the mirrored ones: the cross-cutting tests and the suites.
SUITES = {"reliability", "adversarial", "benchmarks", "fuzz", "mutation", "packaging"}

# Folders of test data, not test packages.
DATA_FOLDERS = {"pages", "data", "__pycache__"}

# Test files under tests/precall or tests/ui that test a behaviour across modules, with why.
# Empty today: every cross-cutting test lives in tests/reliability/ or at the top of tests/.
CROSS_CUTTING: dict[str, str] = {}


def _holds_files(folder: Path) -> bool:
    """Whether ``folder`` holds anything but byte-code caches: a folder emptied by a move keeps
    its untracked ``__pycache__`` in a checkout, and is not a test folder any more."""
    return any(p.is_file() and "__pycache__" not in p.parts for p in folder.rglob("*"))


def _test_files() -> list[Path]:
    return sorted(p for package in MIRRORED for p in (TESTS / package).rglob("test_*.py")
                  if "__pycache__" not in p.parts)


def _tested_module(test: Path) -> Path | None:
    """The module ``test`` mirrors, or None: ``test_<module>.py``, else the longest
    ``<module>`` for which the name reads ``test_<module>_<aspect>.py``."""
    folder = ROOT / test.parent.relative_to(TESTS)
    name = test.stem.removeprefix("test_")
    parts = name.split("_")
    for end in range(len(parts), 0, -1):
        module = folder / ("_".join(parts[:end]) + ".py")
        if module.is_file():
            return module
    return None


def test_every_test_file_is_named_after_a_module_at_the_mirrored_path() -> None:
    stray = [str(t.relative_to(ROOT)) for t in _test_files()
             if _tested_module(t) is None and str(t.relative_to(ROOT)) not in CROSS_CUTTING]
    assert not stray, ("test files whose module does not exist at the mirrored path (rename them "
                       "test_<module>.py beside the module's path, or move a cross-cutting test to "
                       f"tests/reliability/): {stray}")


def test_every_test_folder_mirrors_a_package_folder() -> None:
    stray = []
    for package in MIRRORED:
        for folder in (TESTS / package).rglob("*"):
            relative = folder.relative_to(TESTS)
            if folder.is_dir() and not DATA_FOLDERS & set(relative.parts) and _holds_files(folder):
                if not (ROOT / relative / "__init__.py").is_file():
                    stray.append(str(folder.relative_to(ROOT)))
    assert not stray, f"test folders with no package folder of the same path: {sorted(stray)}"


def test_tests_holds_only_the_mirrored_trees_and_the_suites() -> None:
    folders = {p.name for p in TESTS.iterdir()
               if p.is_dir() and p.name not in DATA_FOLDERS and _holds_files(p)}
    assert folders <= set(MIRRORED) | SUITES, f"unexpected test folders: {sorted(folders - set(MIRRORED) - SUITES)}"


def test_each_cross_cutting_exception_is_still_needed() -> None:
    for path, why in CROSS_CUTTING.items():
        test = ROOT / path
        assert test.is_file(), f"{path} is listed in CROSS_CUTTING but does not exist"
        assert _tested_module(test) is None, f"{path} mirrors a module now: drop it from CROSS_CUTTING"
        assert why.strip(), f"{path} needs a reason in CROSS_CUTTING"
