"""A template's checklist moments and source kinds are the checklist's and the research
library's own enums, and the file keeps its spelling of the meeting moment."""

from __future__ import annotations

import json
from pathlib import Path

from precall.checklist.model import Moment
from precall.research.sources import SourceKind
from precall.templates import format as template_format
from precall.templates.format import read_template_file
from tests.core.templates.builders import template_doc, write_doc


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
