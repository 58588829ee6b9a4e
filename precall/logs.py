"""Logging to a rotating file in the data directory (and warnings to stderr)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from precall.paths import log_dir

_configured: Path | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Idempotent; returns the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    path = log_dir() / "precall.log"
    root = logging.getLogger("precall")
    root.setLevel(level)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s"))
    root.addHandler(handler)
    _configured = path
    return path
