"""Reading a file the user named (a calendar, a template, a feedback file, a saved page).

A path from the user can name anything: ``/dev/zero`` and ``/dev/urandom`` never end,
a FIFO blocks the reader until someone writes to it, a folder cannot be read. So
``read_user_file`` looks before it reads: it stats the path and refuses anything but a
regular file, opens it non-blocking (a FIFO swapped in after the stat cannot hang the
open), checks the open file again, refuses a file over the cap for its kind before
reading, and then reads at most one byte more than the cap (a file growing meanwhile
is refused too). Every refusal is a one-line ``PrecallError`` naming the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from precall.errors import PrecallError, ValidationError
from precall.fileio import describe_mode

_CHUNK = 1024 * 1024
# O_NONBLOCK and O_NOCTTY do not exist on Windows, where FIFOs are not files anyway.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_user_file(path: Path | str, *, what: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``what`` names the kind of file in messages ("calendar", "template", ...).
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    path = Path(path).expanduser()
    try:
        _check(path, os.stat(path), what, limit)
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        raise PrecallError(f"There is no file {path}.") from exc
    except OSError as exc:
        raise PrecallError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        _check(path, os.fstat(fd), what, limit)
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise PrecallError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ValidationError(f"{path.name} grew past {megabytes(limit)} while being read; "
                              f"a {what} file may be at most that.")
    return data


def _check(path: Path, info: os.stat_result, what: str, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise PrecallError(f"{path} is a folder, not a {what} file.")
    if not stat.S_ISREG(info.st_mode):
        raise PrecallError(f"Cannot read {path}: it is {describe_mode(info.st_mode)}, not a regular file.")
    if info.st_size > limit:
        raise ValidationError(f"{path.name} is {megabytes(info.st_size)}, too large: "
                              f"a {what} file may be at most {megabytes(limit)}.")


def _read_at_most(fd: int, count: int) -> bytes:
    parts: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(fd, min(_CHUNK, remaining))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
