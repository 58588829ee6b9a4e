"""What ``store.feedback`` keeps: per template item, how many debriefs confirmed or refuted
it (only items that came from a template), and imported counts replaced per file, never
counted twice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from precall.domain.sharing import FeedbackCount
from precall.store import Store
from tests.precall.templates.builders import template_doc

START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


def test_debrief_outcomes_are_counted_per_template_item(store: Store) -> None:
    store.templates.import_data(json.dumps(template_doc(items=2)))
    account = store.accounts.create("Acme")
    store.templates.apply(account.id, "team-cfo")
    items = {item.text: item for item in store.matrix.items(account.id)}
    first, second = items["Assumption number 0"], items["Assumption number 1"]
    role = store.matrix.ensure_role(account.id, "CFO")
    own = store.matrix.add_item(role.id, first.row_id, "The rep's own idea")
    meetings = [store.meetings.create(account.id, f"Call {n}", START + timedelta(days=n),
                                      START + timedelta(days=n, hours=1), "UTC").id for n in range(3)]
    store.plans.record_debrief_outcome(meetings[0], first.id, "confirmed", "assumed", "")
    store.plans.record_debrief_outcome(meetings[1], first.id, "confirmed", "assumed", "")
    store.plans.record_debrief_outcome(meetings[2], first.id, "refuted", "assumed", "")
    store.plans.record_debrief_outcome(meetings[0], own.id, "confirmed", "assumed", "")
    rows = {row[1]: row for row in store.feedback.template_item_outcomes()}
    assert set(rows) == {"i0", "i1"}, "only items that came from a template"
    assert rows["i0"][0] == "team-cfo" and rows["i0"][3] == "Assumption number 0"
    assert rows["i0"][5:] == (2, 1)
    assert rows["i1"][5:] == (0, 0)


def test_an_imported_file_replaces_its_earlier_import(store: Store) -> None:
    counts = [FeedbackCount("team-cfo", 1, "i0", 3, 1), FeedbackCount("team-cfo", 2, "i0", 1, 0),
              FeedbackCount("other", 1, "x", 5, 5)]
    assert store.feedback.replace_batch("file-a", counts) is False
    assert store.feedback.replace_batch("file-a", counts) is True  # same file again: not counted twice
    assert store.feedback.replace_batch("file-b", [FeedbackCount("team-cfo", 1, "i0", 10, 0)]) is False
    totals = sorted(store.feedback.totals())
    assert totals == [("other", "x", 5, 5, 1), ("team-cfo", "i0", 14, 1, 2)]
    assert store.feedback.totals("team-cfo") == [("team-cfo", "i0", 14, 1, 2)]
    assert store.feedback.totals("nobody") == []
