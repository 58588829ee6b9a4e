"""Argument types shared by every command, so a number from the command line is
checked once, where argparse can report it as a usage error (exit 2).

SQLite stores integers in 64 bits: a 30-digit id would otherwise reach the database
and fail there as ``OverflowError``, which looks like a bug.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from precall.templates.format import MAX_VERSION

SQLITE_MAX_INT = 2**63 - 1


def bounded_int(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type accepting whole numbers from ``low`` to ``high``."""
    if low > high:
        raise ValueError("low must not be above high")

    def parse(text: str) -> int:
        stripped = text.strip()
        # Cheap refusal before int(): Python refuses to convert very long digit strings.
        if not stripped.lstrip("+-").isdigit() or len(stripped) > 25:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a whole number from {low} to {high})")
        value = int(stripped)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a whole number from {low} to {high})")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse


def bounded_float(low: float, high: float, what: str) -> Callable[[str], float]:
    """An argparse type accepting finite numbers from ``low`` to ``high``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a number from {low:g} to {high:g})")
        return value

    parse.__name__ = what
    return parse


# Every id a command takes: positive and within SQLite's integers; versions as templates allow.
record_id = bounded_int(1, SQLITE_MAX_INT, "an id")
version_number = bounded_int(1, MAX_VERSION, "a version number")
