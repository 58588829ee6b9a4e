"""The schema's history. Every change is a new module here, applied on open.

A migration that has shipped is never edited: add a new one instead. Each runs in its
own transaction with the record of it (sqlite-utils ``Migrations``); statements go
through ``execute`` one at a time, never ``executescript``, which would commit first.
To add one: write ``mNNN_what.py`` with ``NAME`` and ``migrate(db)``, list it below.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from sqlite_utils import Database, Migrations

from precall.store.migrations import m001_core
from precall.store.migrations import m002_research_sources
from precall.store.migrations import m007_calendar
from precall.store.migrations import m003_research_items
from precall.store.migrations import m004_plans_checklists
from precall.store.migrations import m005_briefs
from precall.store.migrations import m006_templates

MIGRATION_SET = "precall"
MODULES: list[ModuleType] = [m001_core, m002_research_sources, m003_research_items, m004_plans_checklists, m005_briefs, m006_templates, m007_calendar]


def build(modules: Iterable[ModuleType] = MODULES) -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for module in modules:
        migrations(name=module.NAME, transactional=getattr(module, "TRANSACTIONAL", True))(module.migrate)
    return migrations


def known_names() -> list[str]:
    return [module.NAME for module in MODULES]
