"""The host throttle on its own: spacing, push-back, cancellation, and policy checks."""

from __future__ import annotations

import threading
import time

import pytest

from precall.errors import Cancelled
from precall.research.politeness import HostThrottle, PolitenessPolicy


def test_turns_on_one_host_are_spaced_and_hosts_are_independent() -> None:
    throttle = HostThrottle()
    started = time.monotonic()
    throttle.wait_turn("a", 0.2)
    throttle.wait_turn("b", 0.2)  # another host: no wait
    assert time.monotonic() - started < 0.1
    throttle.wait_turn("a", 0.2)
    assert time.monotonic() - started >= 0.19


def test_push_back_delays_the_next_turn() -> None:
    throttle = HostThrottle()
    throttle.push_back("a", 0.3)
    started = time.monotonic()
    throttle.wait_turn("a", 0.0)
    assert time.monotonic() - started >= 0.28


def test_a_cancel_ends_a_long_wait_quickly() -> None:
    cancel = threading.Event()
    throttle = HostThrottle(cancel.is_set)
    throttle.push_back("a", 30)
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        throttle.wait_turn("a", 1.0)
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize("bad", [dict(per_host_delay=-1), dict(max_workers=0), dict(max_retries=-1),
                                 dict(site_max_pages=0), dict(feed_entry_pages=-1)])
def test_policy_refuses_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        PolitenessPolicy(**bad)  # type: ignore[arg-type]
