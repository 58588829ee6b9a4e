"""Showing a stored brief: a QTextBrowser that reads nothing from disk or the network.

Briefs quote research pages, so even though the HTML is escaped when generated, the
viewer refuses every resource (an ``<img src="file:…">`` would otherwise be read from
disk) and never follows a link itself: http(s) links open in the user's browser,
anything else is ignored.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from ui.widgets.safe_text import SafeTextBrowser, open_in_system_browser

#: Stored briefs are ours and small; anything bigger is not shown (RELIABILITY.md: deep
#: or huge HTML stalls QTextDocument on the GUI thread).
MAX_SHOWN_CHARS = 2_000_000


class SafeBriefBrowser(SafeTextBrowser):
    def __init__(self, parent: QWidget | None = None,
                 open_external: Callable[[QUrl], bool] = open_in_system_browser) -> None:
        super().__init__(parent, open_external=open_external)
        self.setAccessibleName("Brief")

    def show_html(self, html: str) -> None:
        if len(html) > MAX_SHOWN_CHARS:
            self.setPlainText("This brief is too large to show here; export it to read it.")
            return
        self.setHtml(html)
