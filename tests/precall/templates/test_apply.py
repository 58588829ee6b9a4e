"""Applying templates to accounts, and following a newer version without losing the rep's work."""

from __future__ import annotations

import json
from typing import Any

import pytest

from precall.errors import Cancelled
from precall.progress import Progress
from tests.precall.templates.builders import dump_db, template_doc


def _by_key(store: Any, account_id: int) -> dict[str, Any]:
    return {i.key: i for i in store.templates.linked_items(account_id, "team-cfo")}


def _apply_v1(store: Any) -> int:
    store.templates.import_data(json.dumps(template_doc()))
    account = store.accounts.create("Acme Tools", industry="Manufacturing")
    plan = store.templates.apply(account.id, "team-cfo")
    assert plan.summary() == "6 new assumptions"
    return account.id


def test_first_apply_adds_items_as_assumed_with_origin_and_keywords(store) -> None:
    account_id = _apply_v1(store)
    matrix = store.matrix.load(account_id)
    cfo = matrix.role_named("CFO")
    assert cfo is not None
    items = [i for i in matrix.items if i.role_id == cfo.id]
    assert len(items) == 6
    assert {i.origin for i in items} == {"template:team-cfo@1"}
    assert {i.status.value for i in items} == {"assumed"}
    assert sorted(k for i in items for k in i.keywords) == sorted(f"kw{n}" for n in range(6))
    questions = next(r for r in matrix.rows if r.key == "questions")
    assert [i.text for i in matrix.cell(cfo.id, questions.id)] == ["Assumption number 2", "Assumption number 5"]
    assert [i.position for i in matrix.cell(cfo.id, questions.id)] == [0, 1]
    # Applying the same version again changes nothing.
    before = [(i.id, i.text) for i in store.matrix.items(account_id)]
    assert store.templates.plan(account_id, "team-cfo").summary() == "no changes to assumptions"
    store.templates.apply(account_id, "team-cfo")
    assert [(i.id, i.text) for i in store.matrix.items(account_id)] == before


def test_update_keeps_rep_edits_and_follows_untouched_items(store) -> None:
    account_id = _apply_v1(store)
    items = _by_key(store, account_id)
    store.matrix.update_item(items["i0"].id, text="Our CFO cares about cash, not margin")  # edited
    store.matrix.update_item(items["i1"].id, status="confirmed")  # confirmed in a call
    store.matrix.update_item(items["i4"].id, status="refuted")  # refuted, and the template drops it
    store.matrix.remove_item(items["i5"].id)  # the rep deleted it

    v2 = template_doc(version=2)
    cfo = v2["roles"][0]["items"]
    for key in ("i0", "i1", "i2"):
        next(i for i in cfo if i["key"] == key)["text"] += " (sharpened)"
    next(i for i in cfo if i["key"] == "i5")["text"] = "Changed too, but the rep deleted it"
    next(i for i in cfo if i["key"] == "i2")["keywords"] = ["cash"]
    next(i for i in cfo if i["key"] == "i3")["row"] = "challenges"  # the template moves it
    v2["roles"][0]["items"] = [i for i in cfo if i["key"] not in ("i4",)]
    v2["roles"][0]["items"] += [{"key": f"n{n}", "row": "objectives", "text": f"New idea {n}"} for n in range(3)]
    outcome = store.templates.import_data(json.dumps(v2))
    assert outcome.diff is not None
    assert outcome.diff.summary() == "3 new assumptions, 5 changed, 1 removed"

    plan = store.templates.plan(account_id, "team-cfo")
    assert plan.summary() == "3 new assumptions, 2 changed, 3 you edited stay as you left them"
    assert {u.current.key for u in plan.updates} == {"i2", "i3"}
    assert {k.current.key: k.reason for k in plan.kept} == {"i0": "changed", "i1": "changed", "i4": "removed"}
    assert [p.key for p in plan.skipped] == ["i5"]

    store.templates.apply(account_id, "team-cfo")
    after = _by_key(store, account_id)
    assert after["i0"].text == "Our CFO cares about cash, not margin" and after["i0"].origin == "template:team-cfo@1"
    assert after["i1"].text == "Assumption number 1" and after["i1"].status == "confirmed"
    assert after["i4"].status == "refuted"  # dropped by the template, kept because the rep judged it
    assert after["i2"].text == "Assumption number 2 (sharpened)" and after["i2"].keywords == ("cash",)
    assert after["i2"].origin == "template:team-cfo@2" and after["i2"].status == "assumed"
    assert after["i3"].row == "challenges"
    assert "i5" not in after
    assert {"n0", "n1", "n2"} <= set(after)
    assert store.templates.applications(account_id)[0].version == 2
    # Positions stay dense in every cell after moves and removals.
    matrix = store.matrix.load(account_id)
    for role in matrix.roles:
        for row in matrix.rows:
            assert [i.position for i in matrix.cell(role.id, row.id)] == list(range(len(matrix.cell(role.id, row.id))))


def test_untouched_item_dropped_by_template_is_removed(store) -> None:
    account_id = _apply_v1(store)
    v2 = template_doc(version=2)
    v2["roles"][0]["items"] = v2["roles"][0]["items"][1:]
    store.templates.import_data(json.dumps(v2))
    plan = store.templates.apply(account_id, "team-cfo")
    assert plan.summary() == "1 removed"
    assert "i0" not in _by_key(store, account_id)
    assert all(i.origin == "template:team-cfo@2" for i in store.templates.linked_items(account_id, "team-cfo"))


def test_rep_renamed_column_is_not_brought_back(store) -> None:
    account_id = _apply_v1(store)
    role = store.matrix.find_role(account_id, "CFO")
    store.matrix.rename_role(role.id, "Finance chief")
    v2 = template_doc(version=2)
    v2["roles"][0]["items"][0]["text"] = "Reworded by the manager"
    store.templates.import_data(json.dumps(v2))
    plan = store.templates.apply(account_id, "team-cfo")
    assert plan.summary() == "1 changed"
    assert [r.name for r in store.matrix.roles(account_id)] == ["Finance chief"]


def test_checklist_additions_come_from_applied_templates(store) -> None:
    account_id = _apply_v1(store)
    assert store.templates.checklist_additions(account_id) == [
        {"text": "Read the annual report", "moment": "day_before"}]
    other = store.accounts.create("No Templates Inc")
    assert store.templates.checklist_additions(other.id) == []


def test_research_sources_go_to_the_industry(store) -> None:
    if getattr(store, "sources", None) is None:
        pytest.skip("store.sources (research area) is not in this build")
    account_id = _apply_v1(store)
    urls = [s.url for s in store.sources.for_account_and_industry(account_id)]
    assert "https://www.example.org/association" in urls
    other = store.accounts.create("Beta Metals", industry="Manufacturing")
    store.templates.apply(other.id, "team-cfo")  # the same industry source is not added twice
    assert [s.url for s in store.sources.for_account_and_industry(other.id)].count(
        "https://www.example.org/association") == 1


def test_apply_many_is_all_or_nothing_when_cancelled(store) -> None:
    store.templates.import_data(json.dumps(template_doc()))
    ids = [store.accounts.create(f"Account {n}").id for n in range(5)]
    before = dump_db(store)
    progress = Progress(lambda done, total, message: progress.cancel() if done == 3 else None)
    with pytest.raises(Cancelled):
        store.templates.apply_many(ids, "team-cfo", progress=progress)
    assert dump_db(store) == before
    plans = store.templates.apply_many(ids, "team-cfo", progress=Progress())
    assert [p.summary() for p in plans] == ["6 new assumptions"] * 5


def test_deleting_an_account_or_template_cleans_up(store) -> None:
    account_id = _apply_v1(store)
    store.templates.delete("team-cfo")
    assert store.templates.applications(account_id) == []
    # Items stay with the account: they are the rep's now.
    assert len(store.matrix.items(account_id)) == 6


def test_meeting_checklist_gets_the_template_additions(store, clock) -> None:
    from datetime import timedelta

    account_id = _apply_v1(store)
    start = clock.now() + timedelta(days=2)
    meeting = store.meetings.create(account_id, "First call", start, start + timedelta(hours=1), "UTC")
    texts = [item.text for item in store.checklists.for_meeting(meeting.id)]
    assert "Read the annual report" in texts


def test_template_row_matches_a_row_the_rep_made_with_the_same_name(store) -> None:
    account = store.accounts.create("Acme Tools")
    store.matrix.add_row(account.id, "Budget cycle")  # key budget_cycle
    doc = template_doc()
    doc["rows"].append({"key": "budget", "label": "Budget cycle"})
    doc["roles"][0]["items"].append({"key": "b1", "row": "budget", "text": "Budgets close in October"})
    store.templates.import_data(json.dumps(doc))
    store.templates.apply(account.id, "team-cfo")
    labels = [r.label for r in store.matrix.rows(account.id)]
    assert labels.count("Budget cycle") == 1
    assert _by_key(store, account.id)["b1"].row == "budget_cycle"


def test_a_wide_apply_backs_up_first(store) -> None:
    from precall.store.backup_rotation import list_backups

    store.templates.import_data(json.dumps(template_doc()))
    ids = [store.accounts.create(f"Account {n}").id for n in range(3)]
    assert list_backups(store.path) == []
    store.templates.apply_many(ids, "team-cfo", backup_first=True)
    backups = list_backups(store.path)
    assert len(backups) == 1
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(backups[0].path)) as copy:  # the copy is from before the change
        assert copy.execute("SELECT count(*) FROM matrix_items").fetchone()[0] == 0


def test_starters_are_offered_once_and_stay_deleted(store, db_path, clock) -> None:
    from precall.store import Store

    assert store.templates.ensure_starters() == 3
    assert store.templates.ensure_starters() == 0
    store.templates.delete("cfo-manufacturing")
    store.close()
    with Store.open(db_path, clock=clock) as again:
        assert again.templates.ensure_starters() == 0
        assert "cfo-manufacturing" not in [t.id for t in again.templates.list()]
