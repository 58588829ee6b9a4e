"""``store.subscriptions``: the team folders and URLs Precall takes templates from, and
what their last check found.

Only storage: deciding what a location is, fetching it and importing what it brought
live in ``precall.templates.subscriptions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from precall.domain.sharing import Subscription
from precall.errors import NotFoundError, ValidationError
from precall.store.connection import inserted_id

if TYPE_CHECKING:
    from precall.store.facade import Store

_COLUMNS = ("id, kind, location, allow_private, etag, last_modified, last_checked_at, last_success_at, "
            "last_error, last_summary")


class SubscriptionRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def list(self) -> list[Subscription]:
        return [_row(r) for r in self._conn.execute(f"SELECT {_COLUMNS} FROM template_subscriptions ORDER BY id")]

    def get(self, subscription_id: int) -> Subscription:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM template_subscriptions WHERE id=?",
                                 [subscription_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no template subscription {subscription_id}.")
        return _row(row)

    def add(self, kind: str, location: str, *, allow_private: bool = False) -> Subscription:
        """Follow a location already checked (``precall.templates.subscriptions.classify_location``)."""
        if kind not in ("folder", "url"):
            raise ValueError(f"a subscription is a folder or a url, not {kind!r}")
        with self._store.write():
            if self._conn.execute("SELECT 1 FROM template_subscriptions WHERE location=?", [location]).fetchone():
                raise ValidationError(f"You already subscribe to {location}.", "location")
            cur = self._conn.execute(
                "INSERT INTO template_subscriptions(kind, location, allow_private, created_at) VALUES (?, ?, ?, ?)",
                [kind, location, int(allow_private), self._store.now_iso()],
            )
        return self.get(inserted_id(cur))

    def remove(self, subscription_id: int) -> None:
        """Stop following; the templates it brought stay in the library."""
        with self._store.write():
            self.get(subscription_id)
            self._conn.execute("DELETE FROM template_subscriptions WHERE id=?", [subscription_id])

    def record_unreachable(self, subscription_id: int, error: str) -> None:
        """The folder or server could not be read: the last good copy and its date stay."""
        with self._store.write():
            self._conn.execute("UPDATE template_subscriptions SET last_checked_at=?, last_error=? WHERE id=?",
                               [self._store.now_iso(), error, subscription_id])

    def record_checked(self, subscription_id: int, *, etag: str, last_modified: str, error: str,
                       summary: str) -> None:
        """A check that reached the folder or server, with what it found."""
        with self._store.write():
            now = self._store.now_iso()
            self._conn.execute(
                "UPDATE template_subscriptions SET etag=?, last_modified=?, last_checked_at=?, last_success_at=?,"
                " last_error=?, last_summary=? WHERE id=?",
                [etag, last_modified, now, now, error, summary, subscription_id],
            )


def _row(row: tuple[Any, ...]) -> Subscription:
    (id_, kind, location, allow_private, etag, modified, checked, success, error, summary) = row
    return Subscription(id_, kind, location, bool(allow_private), etag, modified, checked, success, error, summary)
