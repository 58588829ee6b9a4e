"""Helpers shared by benchmarks: timing and the result shape."""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable


def result(name: str, value: float, unit: str, baseline: float | None = None, **extra: Any) -> dict[str, Any]:
    ratio = round(value / baseline, 3) if baseline else None
    return {"name": name, "value": round(value, 3), "unit": unit,
            "baseline": round(baseline, 3) if baseline is not None else None, "ratio": ratio, **extra}


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
