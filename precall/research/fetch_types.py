"""What fetching one research source takes and gives: the source with its pages'
conditional-GET state, and the pages it brought back.

Plain values shared by ``refresh`` (which plans and applies a refresh) and
``fetch_kinds`` (which fetches one source of each kind), so neither imports the other
to name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from precall.research.sources import PageState, ResearchSource

if TYPE_CHECKING:
    from precall.research.extract import ExtractedPage


@dataclass(frozen=True)
class SourceToFetch:
    source: ResearchSource
    #: Conditional-GET state of the pages found under this source last time.
    pages: Mapping[str, PageState] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchedPage:
    """One page (or feed entry) a fetch produced, ready for ``store.research.save_page``."""

    url: str
    page: "ExtractedPage"
    role: str = "page"
