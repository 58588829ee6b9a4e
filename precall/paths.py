"""Where Precall keeps its files: the user data directory and paths derived from it.

``PRECALL_DATA_DIR`` overrides the platform default; tests always set it, so no test
touches a real user's data.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from precall import APP_NAME


def data_dir() -> Path:
    """The directory holding the database, backups, logs and window settings."""
    override = os.environ.get("PRECALL_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "precall.db"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database they copy, so a moved database keeps them."""
    return db_path.parent / "backups"


def log_dir() -> Path:
    return data_dir() / "logs"
