"""Template values: immutable, indexed by item key, origins that parse back, and the
checklist's and research library's own enums (the file keeps its meeting-moment spelling)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from precall.checklist.model import Moment
from precall.research.sources import SourceKind
from precall.templates import format as template_format
from precall.templates import model
from precall.templates.format import read_template_file
from precall.templates.model import (
    Template,
    TemplateItem,
    TemplateRole,
    TemplateRow,
    origin_for,
    parse_origin,
)
from tests.precall.templates.builders import template_doc, write_doc


def test_every_template_value_is_immutable() -> None:
    # Templates are shared between accounts and cache their index: a change after building
    # one would make the index (and every account applied from it) wrong.
    classes = [obj for obj in vars(model).values() if isinstance(obj, type) and dataclasses.is_dataclass(obj)]
    assert {cls.__name__ for cls in classes} >= {"TemplateRow", "TemplateItem", "TemplateRole", "Template"}
    for cls in classes:
        assert cls.__dataclass_params__.frozen, cls.__name__  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TemplateRow("k", "Label").label = "Other"  # type: ignore[misc]


def test_items_rows_and_counts() -> None:
    a = TemplateItem("a", "questions", "Ask A")
    b = TemplateItem("b", "objectives", "Goal B")
    template = Template(
        "t", 3, "T", rows=(TemplateRow("questions", "Questions to ask"),),
        roles=(TemplateRole("CFO", (a,)), TemplateRole("CIO", (b,))),
    )
    assert template.ref == "template:t@3"
    assert template.item_count == 2
    assert [(p.role, p.item.key) for p in template.placed_items()] == [("CFO", "a"), ("CIO", "b")]
    assert list(template.items_by_key()) == ["a", "b"]
    assert template.row_label("questions") == "Questions to ask"
    assert template.row_label("unknown-row") == "unknown-row"


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        (origin_for("food", 12), ("food", 12)),
        ("template:a@b@2", ("a@b", 2)),
        ("rep", None),
        ("template:food", None),
        ("template:@2", None),
        ("template:food@v2", None),
        ("x-template:food@2", None),
    ],
)
def test_origins_parse_back_or_mean_none(origin: str, expected: tuple[str, int] | None) -> None:
    assert parse_origin(origin) == expected


def test_an_update_is_available_only_for_a_newer_version() -> None:
    def applied(version: int, latest: int) -> model.Application:
        return model.Application(1, "Acme", "t", "T", version, latest, "2026-01-01")

    assert applied(2, 3).update_available
    assert not applied(3, 3).update_available


def test_a_template_uses_the_checklist_moment_and_the_research_source_kind(tmp_path: Path) -> None:
    doc = template_doc()
    doc["checklist"].append({"text": "Smile", "moment": "at_meeting"})
    template = read_template_file(write_doc(tmp_path / "t.json", doc))
    assert [c.moment for c in template.checklist] == [Moment.DAY_BEFORE, Moment.MEETING]
    assert template.research_sources[0].kind is SourceKind.SITE


def test_the_meeting_moment_keeps_its_file_spelling(tmp_path: Path) -> None:
    doc = template_doc()
    doc["checklist"] = [{"text": "Smile", "moment": "at_meeting"}]
    template = read_template_file(write_doc(tmp_path / "t.json", doc))
    written = json.loads(template_format.dump_template(template))
    assert written["checklist"] == [{"text": "Smile", "moment": "at_meeting"}]
