"""What template sharing keeps: subscriptions to team folders and URLs, and the
anonymous confirmed/refuted counts reps send back to their manager.

Plain values, seen by both the store (which keeps them) and ``precall.templates``
(which fetches, checks and reports on them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subscription:
    id: int
    kind: str  # folder or url
    location: str
    allow_private: bool = False
    etag: str = ""
    last_modified: str = ""
    last_checked_at: str = ""
    last_success_at: str = ""
    last_error: str = ""
    last_summary: str = ""

    @property
    def label(self) -> str:
        return f"team folder {self.location}" if self.kind == "folder" else self.location


@dataclass(frozen=True)
class FeedbackCount:
    """How often one template item held up (confirmed) or not (refuted) in real calls."""

    template_id: str
    version: int
    item_key: str
    confirmed: int
    refuted: int
