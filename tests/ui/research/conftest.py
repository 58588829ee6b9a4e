"""Fixtures for the Research page: the real AppContext on a test database, and a local
web site standing in for the internet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.precall.research.site_server import SiteServer, running_site
from tests.ui.core.support import ctx, make_ctx  # noqa: F401


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with running_site("127.0.0.1") as server:
        yield server


@pytest.fixture
def other_site() -> Iterator[SiteServer]:
    with running_site("127.0.0.2") as server:
        yield server
