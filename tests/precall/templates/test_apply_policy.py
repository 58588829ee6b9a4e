"""The conflict policy as properties: whatever the rep did and whatever the manager
changed, an update keeps every rep-touched item as it was, brings every untouched item
to the new version, and never resurrects what the rep deleted."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precall.clock import FixedClock
from precall.store import Store
from tests.conftest import NOW
from tests.precall.templates.builders import template_doc

ITEMS = 8
rep_actions = st.lists(st.sampled_from(["none", "edit", "confirmed", "refuted", "delete"]), min_size=ITEMS,
                       max_size=ITEMS)
manager_actions = st.lists(st.sampled_from(["keep", "reword", "remove", "move"]), min_size=ITEMS, max_size=ITEMS)


@pytest.mark.fuzz
@settings(max_examples=25, deadline=None)
@given(rep=rep_actions, manager=manager_actions, new_items=st.integers(0, 3))
def test_update_policy_holds_for_any_mix(rep: list[str], manager: list[str], new_items: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "p.db", clock=FixedClock(NOW)) as store:
            store.templates.import_data(json.dumps(template_doc(items=ITEMS)))
            account = store.accounts.create("Acme")
            store.templates.apply(account.id, "team-cfo")
            before = {i.key: i for i in store.templates.linked_items(account.id, "team-cfo")}
            for n, action in enumerate(rep):
                item = before[f"i{n}"]
                if action == "edit":
                    store.matrix.update_item(item.id, text=f"Rep wording {n}")
                elif action in ("confirmed", "refuted"):
                    store.matrix.update_item(item.id, status=action)
                elif action == "delete":
                    store.matrix.remove_item(item.id)
            judged = {i.key: i for i in store.templates.linked_items(account.id, "team-cfo")}

            v2 = template_doc(version=2, items=ITEMS)
            items = v2["roles"][0]["items"]
            for n, action in enumerate(manager):
                if action == "reword":
                    items[n]["text"] = f"Manager wording {n}"
                elif action == "move":
                    items[n]["row"] = "questions" if items[n]["row"] != "questions" else "objectives"
            v2["roles"][0]["items"] = [i for n, i in enumerate(items) if manager[n] != "remove"]
            v2["roles"][0]["items"] += [{"key": f"new{n}", "row": "challenges", "text": f"New {n}"}
                                        for n in range(new_items)]
            store.templates.import_data(json.dumps(v2))
            store.templates.apply(account.id, "team-cfo")
            after = {i.key: i for i in store.templates.linked_items(account.id, "team-cfo")}
            wanted = {i["key"]: i for i in v2["roles"][0]["items"]}

            for n, action in enumerate(rep):
                key = f"i{n}"
                if action == "delete":
                    assert key not in after  # never brought back
                elif action != "none":
                    kept, was = after[key], judged[key]  # exactly as the rep left it, even if dropped
                    assert (kept.text, kept.status, kept.row, kept.origin) == (was.text, was.status, was.row, was.origin)
                elif key in wanted:
                    follows = after[key]
                    assert (follows.text, follows.row, follows.status) == (
                        wanted[key]["text"], wanted[key]["row"], "assumed")
                    assert follows.origin == "template:team-cfo@2"
                else:
                    assert key not in after  # untouched and dropped by the template: gone
            for n in range(new_items):
                assert after[f"new{n}"].text == f"New {n}"
            # Every cell stays densely numbered.
            matrix = store.matrix.load(account.id)
            for role in matrix.roles:
                for row in matrix.rows:
                    cell = matrix.cell(role.id, row.id)
                    assert [i.position for i in cell] == list(range(len(cell)))
            # And applying again changes nothing.
            assert not store.templates.plan(account.id, "team-cfo").changes_matrix
