"""Anonymous feedback: reps export counts, a manager imports many and reads how assumptions held."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from precall.errors import ValidationError
from precall.store import Store
from precall.templates import feedback
from tests.precall.templates.builders import dump_db, template_doc


def _rep_database(path: Path, clock, verdicts: dict[str, list[str]]) -> Path:
    """A rep's database where each account applied the template and judged some items."""
    with Store.open(path, clock=clock) as rep:
        rep.templates.import_data(json.dumps(template_doc()))
        for account_name, statuses in verdicts.items():
            account = rep.accounts.create(account_name)
            contact = rep.accounts.add_contact(account.id, "Pat Secret", "CFO", "pat@secret.example", "CFO")
            assert contact.role == "CFO"
            rep.templates.apply(account.id, "team-cfo")
            items = {i.key: i for i in rep.templates.linked_items(account.id, "team-cfo")}
            for key, status in zip(("i0", "i1", "i2"), statuses):
                if status:
                    rep.matrix.update_item(items[key].id, status=status)
        out = path.with_suffix(".feedback.json")
        feedback.export_file(rep, out)
    return out


def test_rep_export_is_anonymous_and_manager_sees_how_often_it_held(store, tmp_path: Path, clock) -> None:
    one = _rep_database(tmp_path / "rep1.db", clock, {"Secret Corp": ["confirmed", "refuted", ""],
                                                      "Hidden Ltd": ["confirmed", "confirmed", ""]})
    two = _rep_database(tmp_path / "rep2.db", clock, {"Private GmbH": ["refuted", "", "confirmed"]})
    text = one.read_text()
    for secret in ("Secret Corp", "Hidden Ltd", "Pat Secret", "pat@secret", "Assumption number"):
        assert secret not in text
    assert json.loads(text)["counts"][0] == {"template_id": "team-cfo", "version": 1, "item_key": "i0",
                                             "confirmed": 2, "refuted": 0}

    store.templates.import_data(json.dumps(template_doc()))
    for path in (one, two):
        feedback.import_file(store, path)
    report = {line.item_key: line for line in feedback.report(store, "team-cfo")}
    assert (report["i0"].confirmed, report["i0"].refuted, report["i0"].files) == (2, 1, 2)
    assert report["i0"].held_rate == pytest.approx(2 / 3)
    assert (report["i1"].confirmed, report["i1"].refuted) == (1, 1)
    assert report["i2"].held_rate == 1.0 and report["i2"].text == "Assumption number 2"
    assert report["i0"].role == "CFO" and report["i0"].row == "Objectives"

    again = feedback.import_file(store, one)
    assert again.replaced and "not added twice" in again.message()
    assert feedback.report(store, "team-cfo")[0].confirmed == report["i0"].confirmed


def test_rewritten_item_is_the_reps_own_and_not_counted(store) -> None:
    store.templates.import_data(json.dumps(template_doc()))
    account = store.accounts.create("Acme")
    store.templates.apply(account.id, "team-cfo")
    items = {i.key: i for i in store.templates.linked_items(account.id, "team-cfo")}
    store.matrix.update_item(items["i0"].id, text="Something else entirely", status="confirmed")
    store.matrix.update_item(items["i1"].id, status="refuted")
    counts = feedback.local_counts(store)
    assert [(c.item_key, c.confirmed, c.refuted) for c in counts] == [("i1", 0, 1)]


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["counts"][0].__setitem__("confirmed", -1), "counts[0].confirmed is -1"),
    (lambda d: d["counts"][0].__setitem__("account", "Acme"), "counts[0].account is an unknown field"),
    (lambda d: d.__setitem__("format_version", 9), "newer Precall"),
    (lambda d: d["counts"].append(dict(d["counts"][0])), "counts[1] repeats"),
])
def test_hostile_feedback_file_writes_nothing(store, tmp_path: Path, mutate, words: str) -> None:
    document = {"format": "precall-template-feedback", "format_version": 1, "batch": "0" * 32,
                "counts": [{"template_id": "t", "version": 1, "item_key": "k", "confirmed": 1, "refuted": 0}]}
    mutate(document)
    path = tmp_path / "f.json"
    path.write_text(json.dumps(document))
    before = dump_db(store)
    with pytest.raises(ValidationError, match=re.escape(words)):
        feedback.import_file(store, path)
    assert dump_db(store) == before


def test_each_debrief_counts_once(store, clock) -> None:
    from datetime import timedelta

    from precall import debrief

    store.templates.import_data(json.dumps(template_doc()))
    account = store.accounts.create("Acme")
    store.templates.apply(account.id, "team-cfo")
    items = {i.key: i for i in store.templates.linked_items(account.id, "team-cfo")}
    meetings = [store.meetings.create(account.id, f"Call {n}", clock.now() - timedelta(days=7 - n),
                                      clock.now() - timedelta(days=7 - n) + timedelta(hours=1), "UTC").id
                for n in range(3)]
    for meeting_id, verdict in zip(meetings, ("confirmed", "confirmed", "refuted")):
        debrief.record_outcome(store, meeting_id, items["i0"].id, verdict)
    store.matrix.update_item(items["i1"].id, status="confirmed")  # marked in the matrix, no debrief
    counts = {c.item_key: (c.confirmed, c.refuted) for c in feedback.local_counts(store)}
    assert counts == {"i0": (2, 1), "i1": (1, 0)}
