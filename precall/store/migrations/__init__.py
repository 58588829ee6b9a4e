"""The schema's history. Every change is a new module here, applied on open.

A migration that has shipped is never edited: add a new one instead. Each runs in its
own transaction with the record of it (sqlite-utils ``Migrations``); statements go
through ``execute`` one at a time, never ``executescript``, which would commit first.
To add one: write ``mNNN_what.py`` with ``NAME`` and ``migrate(db)``, list it below.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from precall.store.migrations import (
    m001_core,
    m002_research_sources,
    m003_research_items,
    m004_plans_checklists,
    m005_briefs,
    m006_templates,
    m007_calendar,
)

if TYPE_CHECKING:
    from sqlite_utils import Migrations

MIGRATION_SET = "precall"
MODULES: list[ModuleType] = [
    m001_core,
    m002_research_sources,
    m003_research_items,
    m004_plans_checklists,
    m005_briefs,
    m006_templates,
    m007_calendar,
]


def build(modules: Iterable[ModuleType] = MODULES) -> "Migrations":
    # Imported here: opening an up-to-date database (every start) never needs sqlite-utils.
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for module in modules:
        migrations(name=module.NAME, transactional=getattr(module, "TRANSACTIONAL", True))(module.migrate)
    return migrations


def known_names() -> list[str]:
    return [module.NAME for module in MODULES]
