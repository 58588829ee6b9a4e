"""Shared bits for calendar tests: fixture files, options, a whole-database dump."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from precall.calendar.apply import ImportResult, apply_plan
from precall.calendar.model import ImportOptions
from precall.calendar.parse import parse_ics
from precall.calendar.plan import ImportPlan, compute_plan
from precall.store import Store

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
OPTIONS = ImportOptions(user_tz="Europe/Paris")


def ics(name: str) -> bytes:
    return (DATA / name).read_bytes()


def vcalendar(*lines: str, header: tuple[str, ...] = ("VERSION:2.0", "PRODID:-//Test//Test//EN")) -> bytes:
    return ("\r\n".join(["BEGIN:VCALENDAR", *header, *lines, "END:VCALENDAR"]) + "\r\n").encode()


def plan_for(store: Store, data: bytes, *, options: ImportOptions = OPTIONS, source: str = "",
             full_sync: bool = False) -> ImportPlan:
    parsed = parse_ics(data, now=store.now(), options=options)
    return compute_plan(store, parsed, source=source, options=options, full_sync=full_sync)


def import_ics(store: Store, data: bytes, *, options: ImportOptions = OPTIONS) -> ImportResult:
    return apply_plan(store, plan_for(store, data, options=options))


def dump(store: Store) -> str:
    """Every row of every table: equal dumps mean nothing at all changed."""
    return "\n".join(store.conn.iterdump())
