"""A text browser that shows untrusted research text and loads nothing, ever.

QTextBrowser reads local files for ``<img src="file:...">`` or an absolute path, and
follows ``file:`` links inside itself (RELIABILITY.md). This subclass refuses every
resource load (``loadResource`` answers nothing for any URL, including ``file:`` and
absolute paths), never navigates, and opens only http(s) links, in the system
browser, when the user clicks them.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

log = logging.getLogger("precall.ui.research")

WEB_SCHEMES = ("http", "https")


def open_in_system_browser(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


class SafeTextBrowser(QTextBrowser):
    #: An http(s) link the user clicked, after it was handed to the system browser.
    link_opened = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None,
                 open_external: Callable[[QUrl], bool] = open_in_system_browser) -> None:
        super().__init__(parent)
        self._open_external = open_external
        #: Every resource the document asked for; all were refused (tests read this).
        self.refused: list[str] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setSearchPaths([])
        self.document().setBaseUrl(QUrl())
        self.anchorClicked.connect(self._link_clicked)

    def loadResource(self, type_: int, name: QUrl) -> Any:  # noqa: N802 - Qt override
        self.refused.append(name.toString())
        log.debug("refused to load %s resource %s", QTextDocument.ResourceType(type_).name, name.toString())
        return None

    def doSetSource(self, name: QUrl, type_: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource) -> None:  # noqa: N802
        # Navigation would load the target into this widget (a local file, say): never.
        self.refused.append(name.toString())

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in WEB_SCHEMES and url.host():
            self._open_external(url)
            self.link_opened.emit(url)
        else:
            log.info("ignored a click on a non-web link: %s", url.toString()[:200])
