"""Fixtures for fetching tests: local sites, a guarded session, a fast policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from precall.net import make_session
from precall.research.politeness import PolitenessPolicy
from tests.core.research_fetch.site_server import SiteServer, running_site


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with running_site("127.0.0.1") as server:
        yield server


@pytest.fixture
def other_site() -> Iterator[SiteServer]:
    with running_site("127.0.0.2") as server:
        yield server


@pytest.fixture
def session() -> Iterator[requests.Session]:
    s = make_session()
    yield s
    s.close()


@pytest.fixture
def policy() -> PolitenessPolicy:
    # Loopback servers stand in for the web, so private addresses are allowed here.
    return PolitenessPolicy(per_host_delay=0.05, allow_private=True, backoff=0.05, total_deadline=10)
