"""Storage: the Store facade over one SQLite file, its migrations and managers."""

from precall.store.facade import Store

__all__ = ["Store"]
