"""Writing files so that a crash never leaves a half-written one behind.

Every file Precall writes (exports, briefs, backups' metadata) goes through here:
write a temp file beside the target, fsync it, then ``os.replace`` it into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from precall.errors import PrecallError


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PrecallError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise PrecallError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    _fsync_dir(folder)
    return target


def atomic_write_text(path: Path | str, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
