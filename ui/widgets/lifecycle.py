"""Whether the app is shutting down, for work scheduled on a timer (deferred pages, the
initial selection): once the task runner is shut down such work must not start."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.context import AppContext


def shutting_down(ctx: "AppContext") -> bool:
    return ctx.tasks.closed
