"""Dropping a template file (or a feedback file) on the main window imports it.

Only a peek at the start of a ``.json`` file decides whether it is ours; the import
itself, with every check, runs on the database worker like the Import button.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ui.interfaces import AppWindow

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.templates")
PEEK_BYTES = 4096


def sniff(path: Path) -> str | None:
    """"template", "feedback" or None, from the first few kilobytes of the file."""
    if path.suffix.lower() != ".json":
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(PEEK_BYTES)
    except OSError:
        return None
    if b'"precall-template-feedback"' in head:
        return "feedback"
    if b'"precall-template"' in head:
        return "template"
    return None


def template_drop_handler(ctx: "AppContext", window: AppWindow, path: Path) -> bool:
    kind = sniff(path)
    if kind is None:
        return False
    from ui.templates.page import TemplatesPage

    page = window.page("Templates")
    if not isinstance(page, TemplatesPage):
        log.warning("no Templates page to take the dropped %s %s", kind, path)
        return False
    if kind == "template":
        page.import_file(path)
    else:
        page.feedback.import_files([path])
        page.tabs.setCurrentWidget(page.feedback)
    window.reveal(page)
    return True
