"""The pages of the main window, in navigation order.

A page is a ``ui.interfaces.Page`` built as ``factory(ctx)``: a ``title`` (the label in
the navigation; the View menu gives the first nine Ctrl+1…Ctrl+9) and ``flush()``. Add a
page by appending its factory here; the main window knows nothing else about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ui.interfaces import Page

if TYPE_CHECKING:
    from ui.context import AppContext

PageFactory = Callable[["AppContext"], Page]


def page_factories() -> list[PageFactory]:
    # Imported here so that building the list does not import every page at start-up
    # before the window exists.
    from ui.briefs.library import create_briefs_page
    from ui.meetings.page import create_meetings_page
    from ui.research.page import create_research_page
    from ui.templates.page import create_templates_page

    return [create_meetings_page, create_briefs_page, create_research_page, create_templates_page]
