"""Shared machinery for hostile-input tests: bounded calls, hypothesis profiles and a
small mutation fuzzer over seed files.

* Every call to a target runs under a wall-clock limit (SIGALRM) and ``tracemalloc``;
  a hang or a memory blow-up fails the example with the input attached.
* Hypothesis profiles: ``ci`` (small, the default) and ``long``, chosen with
  ``PRECALL_FUZZ_PROFILE``. They are applied per test, never loaded globally, so other
  areas' hypothesis tests keep their own settings.
* ``fuzz_loop`` mutates seed inputs (bit flips, splices, repeats, truncation, nesting
  bombs) for ``PRECALL_FUZZ_SECONDS`` per target (default 3).
* With ``PRECALL_FUZZ_REPORT=FILE`` each target appends a JSON line of its figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

T = TypeVar("T")

PROFILE = os.environ.get("PRECALL_FUZZ_PROFILE", "ci")
FUZZ_SECONDS = float(os.environ.get("PRECALL_FUZZ_SECONDS", "3"))
_PROFILES = {
    "ci": settings(max_examples=30, deadline=None, database=None, print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture]),
    "long": settings(max_examples=1000, deadline=None, database=None, print_blob=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture]),
}
if PROFILE not in _PROFILES:
    raise ValueError(f"PRECALL_FUZZ_PROFILE must be one of {sorted(_PROFILES)}, not {PROFILE!r}")
#: Decorate a @given test with this to run it under the chosen profile.
FUZZ = _PROFILES[PROFILE]


class Hang(Exception):
    """The target ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread, POSIX); elsewhere only measure.

    pytest-timeout may have an alarm running for the whole test: it is kept, and if it
    is due first, its own handler fires as it would have.
    """
    usable = sys.platform != "win32" and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_first = bool(outer_delay) and outer_delay <= seconds

    def expire(signum: int, frame: Any) -> None:
        if outer_first and callable(outer_handler):
            outer_handler(signum, frame)
        raise Hang(f"still running after {seconds} s")

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, outer_delay if outer_first else seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay and not outer_first:
            remaining = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


@dataclass
class Measured:
    seconds: float
    peak_mb: float


def bounded(fn: Callable[[], T], *, seconds: float, peak_mb: float, what: str = "") -> tuple[T, Measured]:
    """Run ``fn`` and fail if it takes longer than ``seconds`` or allocates more than ``peak_mb``."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    try:
        with time_limit(seconds):
            value = fn()
    except Hang as exc:
        raise AssertionError(f"{what}: no answer within {seconds} s (a hang) on this input") from exc
    finally:
        elapsed = time.perf_counter() - started
        peak = (tracemalloc.get_traced_memory()[1] - base) / 1e6
        if not tracing:
            tracemalloc.stop()
    if peak > peak_mb:
        raise AssertionError(f"{what}: used {peak:.0f} MB (limit {peak_mb} MB) on this input")
    return value, Measured(elapsed, peak)


# mutation fuzzing ---------------------------------------------------------------------

_INTERESTING = [b"<", b">", b"&", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"]]>", b"<!--", b"-->", b"\r\n", b"\\",
                b"%", b"*", b"$", b"\"", b"'", b"{", b"}", b"[", b"]", b":", b";", b"\xe2\x80\xae", b"\xf0\x9f\x92\xa9",
                b"&#0;", b"&#x110000;", b"&amp;", b"&nbsp;", b"\t", b" " * 64, b"9" * 40, b"-1", b"1e309"]


def mutate(data: bytes, rng: random.Random, splice_with: Sequence[bytes] = ()) -> bytes:
    """One to four random edits: flips, inserts of tricky tokens, deletes, repeats, splices."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(8)
        pos = rng.randrange(len(buf) + 1)
        if choice == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif choice == 1:
            buf[pos:pos] = rng.choice(_INTERESTING)
        elif choice == 2 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            del buf[pos:end]
        elif choice == 3 and buf:
            end = min(len(buf), pos + rng.randint(1, 200))
            chunk = bytes(buf[pos:end])
            buf[pos:pos] = chunk * rng.randint(2, 200)
        elif choice == 4 and splice_with:
            other = rng.choice(splice_with)
            start = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[start:start + rng.randint(1, 400)]
        elif choice == 5:
            buf = buf[:pos]
        elif choice == 6:
            depth = rng.choice([10, 1000, 20_000])
            tag = rng.choice([b"div", b"b", b"ul", b"entry", b"p"])
            buf[pos:pos] = (b"<" + tag + b">") * depth
        else:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(buf[:4_000_000])


@dataclass
class FuzzStats:
    target: str
    examples: int = 0
    allowed_errors: int = 0
    slowest_s: float = 0.0
    peak_mb: float = 0.0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"fuzz {self.target}: examples={self.examples} clear_errors={self.allowed_errors} "
                f"failures={len(self.failures)} slowest={self.slowest_s:.2f}s peak={self.peak_mb:.1f}MB")


def fuzz_loop(target: str, seeds: Sequence[bytes], call: Callable[[bytes], object],
              allowed: tuple[type[BaseException], ...], *, seconds: float = FUZZ_SECONDS, time_limit_s: float = 10,
              peak_mb: float = 200, seed: int = 0, crash_dir: Path | None = None) -> FuzzStats:
    """Mutate ``seeds`` and call the target until ``seconds`` have passed; collect failures."""
    rng = random.Random(seed)
    stats = FuzzStats(target)
    tracemalloc.start()
    deadline = time.monotonic() + seconds
    queue = list(seeds)
    while time.monotonic() < deadline or stats.examples < len(seeds):
        data = queue[stats.examples] if stats.examples < len(seeds) else mutate(rng.choice(queue), rng, seeds)
        stats.examples += 1
        try:
            _, measured = bounded(lambda: call(data), seconds=time_limit_s, peak_mb=peak_mb, what=target)
            stats.slowest_s = max(stats.slowest_s, measured.seconds)
            stats.peak_mb = max(stats.peak_mb, measured.peak_mb)
        except allowed:
            stats.allowed_errors += 1
        except Exception as exc:  # noqa: BLE001 - every other error is a finding
            name = f"{target}-{len(stats.failures)}.bin"
            if crash_dir is not None:
                crash_dir.mkdir(parents=True, exist_ok=True)
                (crash_dir / name).write_bytes(data)
            stats.failures.append(f"{type(exc).__name__}: {str(exc)[:300]} (input saved as {name}, "
                                  f"{len(data)} bytes)")
            if len(stats.failures) >= 5:
                break
        if len(queue) < 400 and rng.random() < 0.05:
            queue.append(data)  # keep some mutants as seeds: deeper exploration
    tracemalloc.stop()
    report(stats)
    return stats


def report(stats: FuzzStats) -> None:
    print(stats.line())
    path = os.environ.get("PRECALL_FUZZ_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"target": stats.target, "examples": stats.examples,
                                     "clear_errors": stats.allowed_errors, "failures": stats.failures,
                                     "slowest_s": round(stats.slowest_s, 3), "peak_mb": round(stats.peak_mb, 1),
                                     "profile": PROFILE, "seconds": FUZZ_SECONDS}) + "\n")
