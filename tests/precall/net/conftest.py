"""The HTTP session the net tests share (the TLS tests bring their own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from precall.net import make_session


@pytest.fixture
def session() -> Iterator[requests.Session]:
    s = make_session()
    yield s
    s.close()
