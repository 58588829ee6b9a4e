"""Showing a stored brief: a QTextBrowser that reads nothing from disk or the network.

Briefs quote research pages, so even though the HTML is escaped when generated, the
viewer refuses every resource (an ``<img src="file:…">`` would otherwise be read from
disk) and never follows a link itself: http(s) links open in the user's browser,
anything else is ignored.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.pdf import blank_image

log = logging.getLogger("precall.ui.briefs")

#: Stored briefs are ours and small; anything bigger is not shown (RELIABILITY.md: deep
#: or huge HTML stalls QTextDocument on the GUI thread).
MAX_SHOWN_CHARS = 2_000_000


class SafeBriefBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAccessibleName("Brief")
        self.anchorClicked.connect(self._open_link)
        self.refused: list[str] = []

    def loadResource(self, type: int, name: QUrl) -> Any:  # noqa: A002 - Qt's parameter name
        self.refused.append(name.toString()[:200])
        log.debug("refused a resource load in the brief viewer: %s", self.refused[-1])
        if type == QTextDocument.ResourceType.ImageResource:
            return blank_image()
        return QByteArray()

    def show_html(self, html: str) -> None:
        if len(html) > MAX_SHOWN_CHARS:
            self.setPlainText("This brief is too large to show here; export it to read it.")
            return
        self.setHtml(html)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https") and url.host():
            QDesktopServices.openUrl(url)
        else:
            log.info("ignored a link that is not a web address: %s", url.toString()[:200])
