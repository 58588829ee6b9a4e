"""A template being edited (``TemplateDraft``): every gesture, exactly, and the way back.

The desktop editor relies on these in-memory ids, key rules and orderings; the mutation run
found that nothing in the core suite looked at them. Each test pins one rule the editor and
the accounts that follow a template depend on.
"""

from __future__ import annotations

import pytest

from precall.errors import ValidationError
from precall.templates.draft import TemplateDraft, new_template, slug
from precall.templates.model import Template, TemplateItem, TemplateRole, TemplateRow, origin_for

ROWS = (TemplateRow("objectives", "Objectives"), TemplateRow("questions", "Questions to ask"))


def _template() -> Template:
    cfo = TemplateRole("CFO", (
        TemplateItem("c1", "objectives", "Cut costs", ("cost",), "a note"),
        TemplateItem("c2", "objectives", "Grow margin"),
        TemplateItem("c3", "questions", "Ask about budget"),
    ))
    cto = TemplateRole("CTO", (TemplateItem("t1", "questions", "Ask about the stack"),))
    return Template(id="team", version=3, name="Team", rows=ROWS, roles=(cfo, cto))


def _ids(draft: TemplateDraft) -> dict[str, int]:
    return {i.key: i.id for i in draft.items}


def test_slug_and_its_fallback() -> None:
    assert slug("  Head of IT / Ops ") == "head-of-it-ops"
    assert slug("!!!") == "item"
    assert slug("", "role") == "role"
    assert slug("x" * 50) == "x" * 40


def test_from_template_gives_distinct_ids_and_round_trips() -> None:
    template = _template()
    draft = TemplateDraft.from_template(template)
    ids = [r[0] for r in draft.rows] + [r[0] for r in draft.roles] + [i.id for i in draft.items]
    assert len(set(ids)) == len(ids) == 2 + 2 + 4
    assert [r[1:] for r in draft.rows] == [("objectives", "Objectives"), ("questions", "Questions to ask")]
    assert [n for _, n in draft.roles] == ["CFO", "CTO"]
    first = draft.items[0]
    assert (first.key, first.text, first.keywords, first.note) == ("c1", "Cut costs", ("cost",), "a note")
    assert first.role_id == draft.roles[0][0] and first.row_id == draft.rows[0][0]
    assert draft.dirty is False
    assert draft.to_template() == template


def test_matrix_shows_the_draft_in_grid_order() -> None:
    draft = TemplateDraft.from_template(_template())
    matrix = draft.matrix()
    assert [(r.name, r.position) for r in matrix.roles] == [("CFO", 0), ("CTO", 1)]
    assert [(r.key, r.label, r.position) for r in matrix.rows] == [
        ("objectives", "Objectives", 0), ("questions", "Questions to ask", 1)]
    by_text = {i.text: i for i in matrix.items}
    # Positions count from 0 within each cell.
    assert by_text["Cut costs"].position == 0
    assert by_text["Grow margin"].position == 1
    assert by_text["Ask about budget"].position == 0
    assert by_text["Ask about the stack"].position == 0
    assert {i.origin for i in matrix.items} == {origin_for("team", 3)}
    assert by_text["Cut costs"].keywords == ("cost",) and by_text["Cut costs"].note == "a note"
    cell = matrix.cell(draft.roles[0][0], draft.rows[0][0])
    assert [i.text for i in cell] == ["Cut costs", "Grow margin"]


def test_item_lookup_names_a_missing_item() -> None:
    draft = TemplateDraft.from_template(_template())
    some = draft.items[1]
    assert draft.item(some.id) is some
    with pytest.raises(ValidationError, match="no longer in the template") as info:
        draft.item(99999)
    assert info.value.field == "item"


def test_add_item_gets_a_fresh_key_never_reused() -> None:
    draft = TemplateDraft.from_template(_template())
    cfo, objectives = draft.roles[0][0], draft.rows[0][0]
    first = draft.add_item(cfo, objectives, "  New one  ")
    assert draft.dirty is True
    added = draft.item(first)
    assert (added.key, added.text, added.role_id, added.row_id) == ("cfo-objectives-1", "New one", cfo, objectives)
    second = draft.add_item(cfo, objectives, "Another")
    assert draft.item(second).key == "cfo-objectives-2"
    # A key that was never saved is free again once its item is gone from the draft.
    draft.remove_item(first)
    third = draft.add_item(cfo, objectives, "Third")
    assert draft.item(third).key == "cfo-objectives-1"


def test_reserved_keys_include_the_saved_template_items() -> None:
    template = _template()
    cfo = template.roles[0]
    reserved = TemplateRole("CFO", (*cfo.items, TemplateItem("cfo-objectives-1", "objectives", "Old")))
    template = Template(id="team", version=3, name="Team", rows=ROWS, roles=(reserved, template.roles[1]))
    draft = TemplateDraft.from_template(template)
    draft.remove_item(_ids(draft)["cfo-objectives-1"])
    new = draft.add_item(draft.roles[0][0], draft.rows[0][0], "Text")
    assert draft.item(new).key == "cfo-objectives-2"


def test_long_names_give_keys_of_at_most_64_characters() -> None:
    draft = TemplateDraft.from_template(_template())
    draft.add_role("R" * 60)
    draft.add_row("L" * 60)
    item = draft.item(draft.add_item(draft.roles[-1][0], draft.rows[-1][0], "Text"))
    assert len(item.key) == 64
    assert item.key == ("r" * 40 + "-" + "l" * 40 + "-1")[:64]


def test_text_is_checked() -> None:
    draft = TemplateDraft.from_template(_template())
    target = draft.items[0].id
    with pytest.raises(ValidationError, match="needs some text") as info:
        draft.edit_item(target, "   ")
    assert info.value.field == "text"
    draft.edit_item(target, "x" * 2000)
    assert draft.item(target).text == "x" * 2000
    with pytest.raises(ValidationError, match="2001 characters; at most 2000"):
        draft.edit_item(target, "x" * 2001)
    draft.edit_item(target, " Changed ")
    assert draft.item(target).text == "Changed" and draft.dirty


def test_edit_marks_the_draft_changed() -> None:
    draft = TemplateDraft.from_template(_template())
    draft.edit_item(draft.items[0].id, "Other")
    assert draft.dirty is True


def test_keywords_are_trimmed_and_deduplicated_case_blind() -> None:
    draft = TemplateDraft.from_template(_template())
    target = draft.items[0].id
    draft.set_keywords(target, " Cost, cost ,, margin,COST, Margin ,ebit")
    assert draft.item(target).keywords == ("Cost", "margin", "ebit")
    assert draft.dirty is True
    draft.set_keywords(target, "")
    assert draft.item(target).keywords == ()


def test_remove_item_marks_changed() -> None:
    draft = TemplateDraft.from_template(_template())
    gone = draft.items[0].id
    draft.remove_item(gone)
    assert gone not in [i.id for i in draft.items] and draft.dirty is True


@pytest.mark.parametrize(("position", "order"), [
    (0, ["Grow margin", "Cut costs", "New"]),
    (1, ["Cut costs", "Grow margin", "New"]),
    (-5, ["Grow margin", "Cut costs", "New"]),
    (2, ["Cut costs", "New", "Grow margin"]),
    (99, ["Cut costs", "New", "Grow margin"]),
])
def test_move_item_within_its_cell(position: int, order: list[str]) -> None:
    draft = TemplateDraft.from_template(_template())
    cfo, objectives = draft.roles[0][0], draft.rows[0][0]
    draft.add_item(cfo, objectives, "New")
    draft.dirty = False
    draft.move_item(_ids(draft)["c2"], position)
    assert draft.dirty is True
    assert [i.text for i in draft.matrix().cell(cfo, objectives)] == order
    # Items of other cells are kept, in their order.
    assert [i.text for i in draft.items if (i.role_id, i.row_id) != (cfo, objectives)] == [
        "Ask about budget", "Ask about the stack"]
    assert len(draft.items) == 5


def test_roles_add_rename_remove_move() -> None:
    draft = TemplateDraft.from_template(_template())
    draft.add_role("  CEO ")
    assert [n for _, n in draft.roles] == ["CFO", "CTO", "CEO"] and draft.dirty
    with pytest.raises(ValidationError, match="already a role named 'cfo'") as info:
        draft.add_role("cfo")
    assert info.value.field == "name"
    with pytest.raises(ValidationError, match="A role needs a name"):
        draft.add_role("  ")
    cfo_id, cto_id, ceo_id = (i for i, _ in draft.roles)
    draft.rename_role(cfo_id, "cfo")  # its own name, another case: allowed
    assert [n for _, n in draft.roles] == ["cfo", "CTO", "CEO"]
    with pytest.raises(ValidationError, match="already a role named"):
        draft.rename_role(cfo_id, "cto")
    draft.move_role(ceo_id, 0)
    assert [i for i, _ in draft.roles] == [ceo_id, cfo_id, cto_id]
    draft.move_role(ceo_id, 99)
    assert [i for i, _ in draft.roles] == [cfo_id, cto_id, ceo_id]
    draft.move_role(ceo_id, -3)
    assert [i for i, _ in draft.roles] == [ceo_id, cfo_id, cto_id]
    draft.move_role(123456, 0)  # gone already: nothing moves
    assert [i for i, _ in draft.roles] == [ceo_id, cfo_id, cto_id]
    draft.remove_role(cfo_id)
    assert [i for i, _ in draft.roles] == [ceo_id, cto_id]
    assert [i.key for i in draft.items] == ["t1"]


def test_each_role_gesture_marks_changed() -> None:
    draft = TemplateDraft.from_template(_template())
    role_id = draft.roles[0][0]
    for gesture in (lambda: draft.rename_role(role_id, "Finance"), lambda: draft.move_role(role_id, 1),
                    lambda: draft.remove_role(role_id), lambda: draft.add_role("New")):
        draft.dirty = False
        gesture()
        assert draft.dirty is True


def test_rows_add_rename_remove_move() -> None:
    draft = TemplateDraft.from_template(_template())
    draft.add_row(" Next steps ")
    assert draft.rows[-1][1:] == ("next_steps", "Next steps") and draft.dirty
    draft.add_row("Next-steps")
    draft.add_row("Next  steps!")
    assert [r[1] for r in draft.rows[2:]] == ["next_steps", "next_steps_2", "next_steps_3"]
    with pytest.raises(ValidationError, match="already a row named"):
        draft.add_row("objectives")
    with pytest.raises(ValidationError, match="A row needs a name"):
        draft.add_row("")
    obj_id, q_id = draft.rows[0][0], draft.rows[1][0]
    draft.rename_row(obj_id, "Goals")
    assert draft.rows[0] == (obj_id, "objectives", "Goals")  # the key stays
    assert draft.rows[1] == (q_id, "questions", "Questions to ask")
    draft.rename_row(obj_id, "goals")
    with pytest.raises(ValidationError, match="already a row named"):
        draft.rename_row(obj_id, "questions to ask")
    draft.move_row(q_id, 0)
    assert [r[0] for r in draft.rows][:2] == [q_id, obj_id]
    draft.remove_row(q_id)
    assert q_id not in [r[0] for r in draft.rows]
    assert [i.key for i in draft.items] == ["c1", "c2"]


def test_each_row_gesture_marks_changed() -> None:
    draft = TemplateDraft.from_template(_template())
    row_id = draft.rows[0][0]
    for gesture in (lambda: draft.rename_row(row_id, "Goals"), lambda: draft.move_row(row_id, 1),
                    lambda: draft.remove_row(row_id), lambda: draft.add_row("New")):
        draft.dirty = False
        gesture()
        assert draft.dirty is True


def test_details_are_trimmed_and_kept() -> None:
    draft = TemplateDraft.from_template(_template())
    draft.set_details(name=" New name ", description=" d ", industry=" Retail ")
    assert draft.dirty is True
    saved = draft.to_template()
    assert (saved.name, saved.description, saved.industry) == ("New name", "d", "Retail")
    assert (saved.id, saved.version) == ("team", 3)


def test_to_template_after_edits() -> None:
    draft = TemplateDraft.from_template(_template())
    cto, objectives = draft.roles[1][0], draft.rows[0][0]
    draft.add_item(cto, objectives, "Modernise")
    draft.move_role(cto, 0)
    saved = draft.to_template()
    assert [r.name for r in saved.roles] == ["CTO", "CFO"]
    assert saved.roles[0].items == (TemplateItem("t1", "questions", "Ask about the stack"),
                                    TemplateItem("cto-objectives-1", "objectives", "Modernise"))
    assert saved.rows == ROWS


def test_new_template_is_an_unsaved_first_draft() -> None:
    rows = [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]
    fresh = new_template("my-id", "  Mine ", "Me", rows)
    assert (fresh.id, fresh.version, fresh.name, fresh.author) == ("my-id", 0, "Mine", "Me")
    assert fresh.rows == (TemplateRow("a", "A"), TemplateRow("b", "B"))
    assert fresh.roles == (TemplateRole("Decision maker"),)
    assert new_template("x", "   ", "Me", rows).name == "New template"
