"""What ``store.checklists`` promises, where the mutation run found nothing watching: a
template applied after the list was made adds its items on the next read, items keep their
order, and ticking or noting an item that does not exist changes nothing."""

from __future__ import annotations

import pytest

from precall.checklist import default_specs
from precall.errors import NotFoundError
from precall.store import Store
from tests.precall.scenario import Scenario, make_scenario
from tests.precall.templates.builders import dump_db


@pytest.fixture
def scenario(store: Store) -> Scenario:
    return make_scenario(store)


def test_a_template_applied_after_the_first_read_adds_its_items_on_the_next(scenario: Scenario) -> None:
    store = scenario.store
    before = store.checklists.for_meeting(scenario.meeting.id)
    assert not [i for i in before if i.origin == "template"]
    store.templates.ensure_starters()
    template = next(t for t in store.templates.list() if "cfo" in t.id.casefold() or "CFO" in t.name)
    store.templates.apply(scenario.account_id, template.id)
    additions = store.templates.checklist_additions(scenario.account_id)
    assert additions
    after = store.checklists.for_meeting(scenario.meeting.id)
    assert sorted(i.text for i in after if i.origin == "template") == sorted(a["text"] for a in additions)
    assert [i.id for i in before] == [i.id for i in after if i.origin != "template"]
    assert store.checklists.for_meeting(scenario.meeting.id) == after  # once, not on every read
    # Added items go after the ones already there.
    first_added = min(i.position for i in after if i.origin == "template")
    assert first_added == max(i.position for i in before) + 1


def test_items_are_numbered_in_the_order_they_were_made(scenario: Scenario) -> None:
    items = scenario.store.checklists.for_meeting(scenario.meeting.id)
    by_position = sorted(items, key=lambda i: i.position)
    assert [i.position for i in by_position] == list(range(len(items)))
    assert [i.key for i in by_position] == [spec.key for spec in default_specs()]


def test_a_templates_area_without_checklist_additions_leaves_the_defaults(scenario: Scenario) -> None:
    scenario.store.templates = object()  # type: ignore[attr-defined, assignment]
    items = scenario.store.checklists.for_meeting(scenario.meeting.id)
    assert sorted(i.key for i in items) == sorted(spec.key for spec in default_specs())


def test_ticking_needs_no_argument_and_untick_is_explicit(scenario: Scenario) -> None:
    store = scenario.store
    item = store.checklists.for_meeting(scenario.meeting.id)[0]
    assert store.checklists.set_done(item.id).done is True
    assert store.checklists.item(item.id).done is True
    assert store.checklists.set_done(item.id, False).done is False


def test_a_note_is_saved_trimmed_and_returned(scenario: Scenario) -> None:
    store = scenario.store
    item = store.checklists.for_meeting(scenario.meeting.id)[0]
    assert store.checklists.set_note(item.id, "  A trophy in the lobby  ").note == "A trophy in the lobby"
    assert store.checklists.item(item.id).note == "A trophy in the lobby"


def test_ticking_or_noting_an_item_that_does_not_exist_changes_nothing(scenario: Scenario) -> None:
    store = scenario.store
    store.checklists.for_meeting(scenario.meeting.id)
    before = dump_db(store)
    with pytest.raises(NotFoundError, match="no checklist item with id 999999"):
        store.checklists.set_done(999999)
    with pytest.raises(NotFoundError, match="no checklist item with id 999999"):
        store.checklists.set_note(999999, "note")
    assert dump_db(store) == before
