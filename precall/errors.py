"""Errors the user's environment or input causes, shown to the user in words.

Anything else that goes wrong is a bug: it is logged and reported as such, never
dressed up as one of these.
"""


class PrecallError(Exception):
    """An error whose message is written for the user and can be shown as is."""


class ValidationError(PrecallError, ValueError):
    """Input that is wrong; ``field`` names what is wrong where there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(PrecallError, LookupError):
    """A record the user named does not exist."""


class StoreError(PrecallError):
    """The database file cannot be used as it is."""


class DiskFullError(StoreError):
    """The disk (or the user's quota) is full; nothing was changed."""


class DatabaseInUseError(StoreError):
    """Another Precall process has the database open."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer Precall than this one."""


class NotADatabaseError(StoreError):
    """The file is not an SQLite database (or is damaged beyond opening)."""


class Cancelled(Exception):
    """Long work stopped because the user asked it to."""
