"""Fixtures for fetching tests: a guarded session and a fast policy (the local sites come
from tests/precall/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from precall.net import make_session
from precall.research.politeness import PolitenessPolicy


@pytest.fixture
def session() -> Iterator[requests.Session]:
    s = make_session()
    yield s
    s.close()


@pytest.fixture
def policy() -> PolitenessPolicy:
    # Loopback servers stand in for the web, so private addresses are allowed here.
    return PolitenessPolicy(per_host_delay=0.05, allow_private=True, backoff=0.05, total_deadline=10)
