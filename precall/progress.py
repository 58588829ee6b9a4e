"""Progress and cancellation for long work, without any GUI dependency.

Long functions take a ``Progress``; the desktop app passes one that forwards reports
to a progress bar, the command line one that prints or stays quiet.
"""

from __future__ import annotations

import threading
from typing import Callable

from precall.errors import Cancelled

Reporter = Callable[[int, int, str], None]


class Progress:
    def __init__(self, reporter: Reporter | None = None) -> None:
        self._reporter = reporter
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._reporter is not None:
            self._reporter(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop; call between steps."""
        if self._cancel.is_set():
            raise Cancelled()
