"""HTML to PDF with Qt: QTextDocument laid out on A4 by QPdfWriter.

The text in the PDF is real, selectable text with its fonts embedded (Qt embeds
TrueType subsets). The document refuses every resource load, so an ``<img
src="file:///…">`` in hostile text can never pull a local file into a PDF.
Registered as ``services()["pdf"]`` so the Qt-free command line can use it.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from precall.fileio import atomic_write_bytes
from ui.widgets.safe_text import refused_resource

log = logging.getLogger("precall.ui.pdf")

#: Dots per inch the layout is done at; high enough that text positions are exact.
PDF_DPI = 300
MARGINS_MM = QMarginsF(14, 12, 14, 12)
_APP: QGuiApplication | None = None


class OfflineTextDocument(QTextDocument):
    """A QTextDocument that loads nothing: no files, no images, no style sheets.

    Returning nothing is not enough for images: Qt's image handler then reads the
    path straight from disk. So every image resource is a 1×1 transparent stand-in.
    """

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: A002 - Qt's parameter name
        log.debug("refused a resource load in a brief: %s", (name.toString() if isinstance(name, QUrl) else name)[:200])
        return refused_resource(type)


def ensure_gui_application() -> QGuiApplication:
    """Text layout needs a QGuiApplication; the command line has none, so start an
    offscreen one (no display needed)."""
    global _APP
    existing = QGuiApplication.instance()
    if existing is not None:
        # instance() is typed as QCoreApplication; a Precall process only makes GUI ones.
        return cast(QGuiApplication, existing)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QGuiApplication([sys.argv[0] if sys.argv else "precall", "-platform", "offscreen"])
    return _APP


def make_document(html: str, device: QPaintDevice | None = None) -> OfflineTextDocument:
    document = OfflineTextDocument()
    if device is not None:
        document.documentLayout().setPaintDevice(device)
    document.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(8.5)
    # No ligatures: copied text would otherwise hold "ﬁ" where the reader typed "fi",
    # and searching the PDF for "confirmed" would miss "conﬁrmed".
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def render_pdf_bytes(html: str, *, title: str = "") -> bytes:
    """Lay ``html`` out on A4 pages and return the PDF file's bytes."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Precall")
    if title:
        writer.setTitle(title)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    # Lay out on the writer itself, paginated to its paint rect: point sizes are true
    # and print_() adds none of its own 2 cm margins or page numbers.
    document = make_document(html, writer)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def render_pdf(html: str, path: Path | str, *, title: str = "") -> Path:
    """Write ``html`` as a PDF to ``path`` (atomically: never a half-written file)."""
    return atomic_write_bytes(path, render_pdf_bytes(html, title=title))
