"""What changed between two template versions: items, and everything beyond them.

A version that changes only rows, research sources or checklist additions used to show
"no changes to assumptions" and nothing else. Each kind of change is checked here in the
summary words and in the line list, so deleting a comparison in diff.py fails a test.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

import pytest

from precall.templates.diff import change_summary, describe, diff_templates
from precall.templates.format import parse_template
from precall.templates.subscriptions import check, subscribe
from tests.precall.templates.builders import template_doc


def _version(doc: dict[str, Any], change: Callable[[dict[str, Any]], None] | None = None):
    doc = copy.deepcopy(doc)
    doc["version"] += 1
    if change is not None:
        change(doc)
    return parse_template(json.dumps(doc))


BASE = template_doc()
OLD = parse_template(json.dumps(BASE))


def _items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["roles"][0]["items"]


# (case, change to version 2, summary words, lines in the list of changes)
BEYOND_ITEMS: dict[str, tuple[Callable[[dict[str, Any]], None], str, list[str]]] = {
    "new row": (lambda d: d["rows"].append({"key": "budget", "label": "Budget"}),
                "no changes to assumptions, 1 new row", ["+ row: Budget"]),
    "two new rows": (lambda d: d["rows"].extend([{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]),
                     "no changes to assumptions, 2 new rows", ["+ row: A", "+ row: B"]),
    "row renamed": (lambda d: d["rows"][0].__setitem__("label", "Goals"),
                    "no changes to assumptions, 1 row renamed", ["~ row: Goals (was: Objectives)"]),
    "row removed": (lambda d: (d["rows"].pop(1), [i.__setitem__("row", "objectives") for i in _items(d)]),
                    "4 changed, 1 row removed", ["- row: Challenges"]),
    "rows reordered": (lambda d: d["rows"].reverse(), "no changes to assumptions, rows reordered",
                       ["~ rows in a new order: Questions to ask, Challenges, Objectives"]),
    "source added": (lambda d: d["research_sources"].append({"url": "https://news.example.org/feed"}),
                     "no changes to assumptions, 1 new research source", ["+ research source: https://news.example.org/feed"]),
    "source dropped": (lambda d: d.__setitem__("research_sources", []),
                       "no changes to assumptions, 1 research source dropped",
                       ["- research source: https://www.example.org/association"]),
    "source title": (lambda d: d["research_sources"][0].__setitem__("title", "Renamed"),
                     "no changes to assumptions, 1 research source changed",
                     ["~ research source: https://www.example.org/association (title changed)"]),
    "source kind and scope": (lambda d: d["research_sources"][0].update(kind="feed", scope="account"),
                              "no changes to assumptions, 1 research source changed",
                              ["~ research source: https://www.example.org/association (kind, scope changed)"]),
    "checklist added": (lambda d: d["checklist"].append({"text": "Print the brief", "moment": "ten_minutes"}),
                        "no changes to assumptions, 1 new checklist addition",
                        ["+ checklist (ten_minutes): Print the brief"]),
    "checklist moved": (lambda d: d["checklist"][0].__setitem__("moment", "at_meeting"),
                        "no changes to assumptions, 1 checklist addition moved",
                        ["~ checklist (meeting, was day_before): Read the annual report"]),
    "checklist removed": (lambda d: d.__setitem__("checklist", []),
                          "no changes to assumptions, 1 checklist addition removed",
                          ["- checklist: Read the annual report"]),
    "renamed": (lambda d: d.__setitem__("name", "Finance lead"), "no changes to assumptions, renamed to 'Finance lead'",
                ["~ name: Finance lead (was: Team CFO)"]),
    "description": (lambda d: d.__setitem__("description", "New words"),
                    "no changes to assumptions, description changed", ["~ description: New words (was: For tests)"]),
    "industry": (lambda d: d.__setitem__("industry", ""), "no changes to assumptions, industry changed",
                 ["~ industry: (none) (was: Manufacturing)"]),
}


@pytest.mark.parametrize("case", sorted(BEYOND_ITEMS))
def test_changes_beyond_the_items_are_counted_and_listed(case: str) -> None:
    change, words, lines = BEYOND_ITEMS[case]
    diff = diff_templates(OLD, _version(BASE, change))
    assert not diff.is_empty
    assert diff.summary() == words
    listed = describe(diff)
    for line in lines:
        assert line in listed
    assert [line for line in listed if not line.startswith(("~ CFO", "+ CFO", "- CFO"))] == lines


def test_checklist_reordered_is_a_change() -> None:
    two = copy.deepcopy(BASE)
    two["checklist"].append({"text": "Print the brief", "moment": "ten_minutes"})
    old = parse_template(json.dumps(two))
    diff = diff_templates(old, _version(two, lambda d: d["checklist"].reverse()))
    assert diff.summary() == "no changes to assumptions, checklist reordered"
    assert describe(diff) == ["~ checklist in a new order"]


def test_identical_versions_have_an_empty_diff() -> None:
    diff = diff_templates(OLD, _version(BASE))
    assert diff.is_empty and diff.other == () and diff.details == ()
    assert diff.summary() == "no changes to assumptions"
    assert describe(diff) == []
    assert (diff.old_version, diff.new_version) == (1, 2)


@pytest.mark.parametrize("field, value, expected", [
    ("text", "Reworded", ("text",)), ("row", "questions", ("row",)), ("keywords", ["other"], ("keywords",)),
    ("note", "A note", ("note",)),
])
def test_each_item_field_is_a_change(field: str, value: Any, expected: tuple[str, ...]) -> None:
    diff = diff_templates(OLD, _version(BASE, lambda d: _items(d)[0].__setitem__(field, value)))
    assert [c.fields for c in diff.changed] == [expected]
    assert diff.summary() == "1 changed"
    line = describe(diff, {"objectives": "Objectives", "questions": "Questions"})[0]
    assert line.startswith("~ CFO / ")
    assert f"({field} changed" in line
    assert ("was: Assumption number 0" in line) == (field == "text")


def test_role_change_added_and_removed_items() -> None:
    def change(d: dict[str, Any]) -> None:
        moved = _items(d).pop(0)
        d["roles"].append({"name": "CEO", "items": [moved, {"key": "new1", "row": "objectives", "text": "Fresh"}]})
        _items(d).pop(0)

    diff = diff_templates(OLD, _version(BASE, change))
    assert [(c.new.item.key, c.fields) for c in diff.changed] == [("i0", ("role",))]
    assert [p.item.key for p in diff.added] == ["new1"] and [p.item.key for p in diff.removed] == ["i1"]
    assert diff.summary() == "1 new assumption, 1 changed, 1 removed"
    assert describe(diff, {"objectives": "Objectives", "challenges": "Challenges"}) == [
        "+ CEO / Objectives: Fresh", "~ CEO / Objectives: Assumption number 0 (role changed)",
        "- CFO / Challenges: Assumption number 1"]


def test_first_version_lists_every_item_and_nothing_else() -> None:
    diff = diff_templates(None, OLD)
    assert diff.old_version is None and len(diff.added) == 6 and diff.other == ()
    assert diff.summary() == "6 new assumptions"


def test_change_summary_words() -> None:
    assert change_summary(2, 3, 4, ("1 new row",)) == "2 new assumptions, 3 changed, 4 removed, 1 new row"
    assert change_summary(0, 0, 0) == "no changes to assumptions"


def test_subscription_reports_a_version_that_changes_only_rows(store, tmp_path) -> None:
    from tests.precall.templates.builders import write_doc

    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "cfo.json", BASE)
    subscription = subscribe(store, str(folder))
    check(store, subscription.id)
    two = copy.deepcopy(BASE)
    two["version"] = 2
    two["rows"][0]["label"] = "Goals"
    two["checklist"].append({"text": "Print the brief", "moment": "ten_minutes"})
    write_doc(folder / "cfo.json", two)
    report = check(store, subscription.id)
    assert report.changed == ("team-cfo",)
    assert ("'Team CFO' version 2: no changes to assumptions, 1 row renamed, 1 new checklist addition"
            in report.message())
