"""The improvisation-prep checklist: default wording, moments, template additions, edits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from precall.checklist import Moment, addition_specs, default_specs
from precall.errors import ValidationError
from precall.store import Store
from tests.precall.scenario import Scenario


def test_defaults_follow_the_product_brief(scenario: Scenario) -> None:
    items = scenario.store.checklists.for_meeting(scenario.meeting.id)
    by_moment: dict[Moment, list[str]] = {}
    for item in items:
        by_moment.setdefault(item.moment, []).append(item.text)
    day_before = " ".join(by_moment[Moment.DAY_BEFORE])
    assert "over-rehearse" in day_before and "no scripted opening" in day_before
    assert "Research and matrix reviewed" in day_before
    assert any("clear your head" in text for text in by_moment[Moment.TEN_MINUTES])
    assert any("without judgement" in text for text in by_moment[Moment.WAITING_ROOM])
    meeting_texts = " ".join(by_moment[Moment.MEETING])
    assert "focus on the person" in meeting_texts
    assert "make an observation and ask something" in meeting_texts
    # Due order: the day before first, the meeting itself last.
    assert [i.moment for i in items][0] is Moment.DAY_BEFORE and items[-1].moment is Moment.MEETING
    start = scenario.meeting.start
    assert items[0].due_at(start) == start - timedelta(days=1)
    ten = next(i for i in items if i.moment is Moment.TEN_MINUTES)
    assert ten.due_at(start) == start - timedelta(minutes=10)
    # Only the waiting-room item asks for observations on the spot.
    assert [i.key for i in items if i.takes_note] == ["notice"]


def test_there_is_no_place_for_scripted_opening_lines(store: Store) -> None:
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for column in store.conn.execute(f"PRAGMA table_info({table})"):
            assert "opening" not in column[1] and "scripted" not in column[1], (table, column[1])
    assert all("opening line" not in spec.text.casefold().replace("no scripted opening", "") for spec in default_specs())


def test_created_once_then_ticks_and_notes_persist(scenario: Scenario, db_path: Any, clock: Any) -> None:
    store = scenario.store
    first = store.checklists.for_meeting(scenario.meeting.id)
    again = store.checklists.for_meeting(scenario.meeting.id)
    assert [i.id for i in first] == [i.id for i in again]
    notice = next(i for i in first if i.key == "notice")
    store.checklists.set_done(first[0].id)
    store.checklists.set_note(notice.id, "  Trophies from a regional logistics award in the lobby ")
    store.close()
    reopened = Store.open(db_path, clock=clock)
    try:
        items = {i.key: i for i in reopened.checklists.for_meeting(scenario.meeting.id)}
        assert items[first[0].key].done is True
        assert items["notice"].note == "Trophies from a regional logistics award in the lobby"
        reopened.checklists.set_done(first[0].id, False)
        assert reopened.checklists.item(first[0].id).done is False
        with pytest.raises(ValidationError):
            reopened.checklists.set_note(notice.id, "x" * 30_000)
    finally:
        reopened.close()


class _Templates:
    """What the templates area provides: checklist additions per account."""

    def __init__(self, additions: list[Any]) -> None:
        self.additions = additions
        self.asked: list[int] = []

    def checklist_additions(self, account_id: int) -> list[Any]:
        self.asked.append(account_id)
        return self.additions


def test_template_additions_join_the_defaults_without_duplicates(scenario: Scenario) -> None:
    store = scenario.store
    templates = _Templates([
        {"text": "Check the latest cold-chain regulation news", "moment": "day_before"},
        {"text": "Bring a printed one-page case study", "moment": "waiting_room"},
        {"text": "Check the latest cold-chain regulation news", "moment": "day_before"},
        {"text": "   ", "moment": "meeting"},
        {"text": "Unknown moment falls back", "moment": "lunch"},
        "not an object",
    ])
    store.templates = templates  # type: ignore[attr-defined]
    items = store.checklists.for_meeting(scenario.meeting.id)
    assert templates.asked == [scenario.account_id]
    added = [i for i in items if i.origin == "template"]
    assert sorted(i.text for i in added) == [
        "Bring a printed one-page case study", "Check the latest cold-chain regulation news", "Unknown moment falls back",
    ]
    assert next(i for i in added if i.text.startswith("Bring")).moment is Moment.WAITING_ROOM
    assert next(i for i in added if i.text.startswith("Unknown")).moment is Moment.DAY_BEFORE
    templates.additions = [*templates.additions, {"text": "Ask about the new depot", "moment": "meeting"}]
    # A template applied later adds its items on the next read, once.
    assert len(store.checklists.for_meeting(scenario.meeting.id)) == len(items) + 1
    assert len(store.checklists.for_meeting(scenario.meeting.id)) == len(items) + 1


def test_without_a_templates_area_the_defaults_are_enough(scenario: Scenario) -> None:
    items = scenario.store.checklists.for_meeting(scenario.meeting.id)
    assert [i.key for i in items] == [spec.key for spec in sorted(default_specs(), key=lambda s: s.offset_minutes)]


def test_addition_keys_are_stable() -> None:
    one = addition_specs([{"text": "Bring  samples", "moment": "meeting"}])
    two = addition_specs([{"text": "bring samples", "moment": "meeting"}])
    assert one[0].key == two[0].key and one[0].text == "Bring samples"


def test_additions_from_a_real_bundled_template_land_at_their_moments(scenario: Scenario) -> None:
    store = scenario.store
    if not hasattr(store, "templates"):
        pytest.skip("the templates area is not in this build")
    store.templates.ensure_starters()
    template = next(t for t in store.templates.list() if "cfo" in t.id.casefold() or "CFO" in t.name)
    store.templates.apply(scenario.account_id, template.id)
    additions = store.templates.checklist_additions(scenario.account_id)
    assert additions, "the bundled CFO template has checklist additions"
    items = store.checklists.for_meeting(scenario.meeting.id)
    added = {i.text: i.moment for i in items if i.origin == "template"}
    assert len(added) == len(additions)
    for addition in additions:
        expected = Moment.MEETING if addition["moment"] == "at_meeting" else Moment(addition["moment"])
        assert added[addition["text"]] is expected
