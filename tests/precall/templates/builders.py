"""Builders for template documents used across the template tests (core and UI)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROWS = [{"key": "objectives", "label": "Objectives"}, {"key": "challenges", "label": "Challenges"},
        {"key": "questions", "label": "Questions to ask"}]


def template_doc(version: int = 1, template_id: str = "team-cfo", items: int = 6) -> dict[str, Any]:
    """A small valid template: one CFO role, ``items`` assumptions spread over three rows."""
    rows = ["objectives", "challenges", "questions"]
    return {
        "format": "precall-template", "format_version": 1, "id": template_id, "version": version,
        "name": "Team CFO", "description": "For tests", "author": "Manager M", "updated_at": "2026-11-01T09:00:00+00:00",
        "industry": "Manufacturing", "rows": copy.deepcopy(ROWS),
        "roles": [{"name": "CFO", "items": [
            {"key": f"i{n}", "row": rows[n % 3], "text": f"Assumption number {n}", "keywords": [f"kw{n}"]}
            for n in range(items)
        ]}],
        "research_sources": [{"url": "https://www.example.org/association", "scope": "industry", "kind": "site",
                              "title": "An association"}],
        "checklist": [{"text": "Read the annual report", "moment": "day_before"}],
    }


def write_doc(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def dump_db(store: Any) -> list[str]:
    """Every row of every table, to prove an operation wrote nothing."""
    return list(store.conn.iterdump())
