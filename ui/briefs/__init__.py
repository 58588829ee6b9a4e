"""Briefs in the desktop app: the Brief meeting tab, the Briefs library, the PDF service.

This package's top level imports no Qt, so the command line can look the PDF service
up without starting Qt for commands that do not need it.
"""

from __future__ import annotations

from pathlib import Path


def pdf_service(html: str, path: Path | str, *, title: str = "") -> Path:
    """``services()["pdf"]``: write ``html`` as a PDF file (Qt is imported on first use)."""
    from ui.pdf import render_pdf

    return render_pdf(html, path, title=title)
