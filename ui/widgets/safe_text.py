"""Showing untrusted text (research pages, briefs quoting them) so that it loads nothing.

QTextBrowser and QTextDocument read local files for ``<img src="file:...">`` or an
absolute path, and follow ``file:`` links inside themselves (RELIABILITY.md). Answering
a resource request with nothing is not enough: for images Qt then reads the path from
disk itself. So every image request gets a 1×1 transparent stand-in and every other
request empty bytes; the browser never navigates, and opens only http(s) links, in the
system browser, when the user clicks them. The brief viewer and PDF renderer use the
same refusal.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

log = logging.getLogger("precall.ui.safe_text")

WEB_SCHEMES = ("http", "https")


def blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


def refused_resource(type_: int) -> Any:
    """What a refused ``loadResource`` returns: never None, which would let Qt read it."""
    if type_ == QTextDocument.ResourceType.ImageResource:
        return blank_image()
    return QByteArray()


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

    def loadResource(self, type_: int, name: QUrl | str) -> Any:  # noqa: N802 - Qt override
        url = name.toString() if isinstance(name, QUrl) else name
        self.refused.append(url)
        log.debug("refused to load %s resource %s", QTextDocument.ResourceType(type_).name, url[:200])
        return refused_resource(type_)

    def doSetSource(self, name: QUrl | str, type_: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource) -> None:  # noqa: N802
        # Navigation would load the target into this widget (a local file, say): never.
        self.refused.append(name.toString() if isinstance(name, QUrl) else name)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in WEB_SCHEMES and url.host():
            self._open_external(url)
            self.link_opened.emit(url)
        else:
            log.info("ignored a click on a non-web link: %s", url.toString()[:200])
