"""Shared fixtures: every test gets its own data directory, a fixed clock, and no
network beyond this machine's loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

# Headless Qt; "offscreen" (not "minimal") so text has fonts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

from precall.clock import FixedClock
from precall.store import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)

# In CI, property-based tests draw the same examples every run, so a red build is
# reproducible and never depends on luck; on developers' machines (and in the documented
# long fuzz run) they explore new examples every time.
settings.register_profile("precall-ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("precall-ci")

_real_connect = socket.socket.connect


def _loopback_only(sock: socket.socket, address: object) -> object:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = str(address[0])
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            raise OSError(f"tests may not resolve or reach {host!r}") from None
        if not ip.is_loopback:
            raise OSError(f"tests may not reach {host}: only loopback is allowed")
    return _real_connect(sock, address)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Precall's data directory (database, settings, logs) at a temp dir."""
    path = tmp_path / "precall-data"
    monkeypatch.setenv("PRECALL_DATA_DIR", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    import precall.logs

    monkeypatch.setattr(precall.logs, "_configured", None)
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "precall.db"


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    opened = Store.open(db_path, clock=clock)
    try:
        yield opened
    finally:
        opened.close()
