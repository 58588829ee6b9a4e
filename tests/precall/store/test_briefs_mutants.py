"""What ``store.briefs`` promises, where the mutation run found nothing watching: search
returns up to ``limit`` meetings however many versions one meeting's brief has, typed text
becomes a quoted prefix query, and saving the same brief twice writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precall.store import Store
from precall.store.briefs import MAX_QUERY_TERMS, fts_query

START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


def meeting(store: Store, account_id: int, n: int) -> int:
    return store.meetings.create(account_id, f"Call {n}", START + timedelta(days=n),
                                 START + timedelta(days=n, hours=1), "UTC").id


def save(store: Store, meeting_id: int, text: str, version: str) -> None:
    store.briefs.save(meeting_id, f"Brief {meeting_id}", f"<p>{text}</p>", text, text, f"hash-{meeting_id}-{version}")


def test_a_meeting_with_many_versions_does_not_crowd_out_the_others(store: Store) -> None:
    account = store.accounts.create("Acme")
    busy, quiet = meeting(store, account.id, 1), meeting(store, account.id, 2)
    for version in range(20):  # more versions than the search used to look at for two meetings
        save(store, busy, f"safety safety safety stock, take {version}", str(version))
    save(store, quiet, "safety is one of many words in this much longer brief about other things", "1")
    hits = store.briefs.search("safety", limit=2)
    assert [h.snapshot.meeting_id for h in hits] == [busy, quiet]
    assert [h.snapshot.meeting_id for h in store.briefs.search("safety", limit=1)] == [busy]
    assert len(store.briefs.search("safety", limit=50, every_version=True)) == 21


def test_typed_words_become_quoted_terms_the_last_a_prefix() -> None:
    assert fts_query("safety stock") == '"safety" "stock"*'
    assert fts_query("one") == '"one"*'
    assert fts_query(None) == ""  # type: ignore[arg-type]
    many = " ".join(f"w{n}" for n in range(MAX_QUERY_TERMS + 5))
    assert fts_query(many).count('"') == 2 * MAX_QUERY_TERMS


def test_the_same_brief_twice_is_one_snapshot(store: Store) -> None:
    account = store.accounts.create("Acme")
    meeting_id = meeting(store, account.id, 1)
    first, created = store.briefs.save(meeting_id, "Brief", "<p>x</p>", "x", "x", "h1")
    again, created_again = store.briefs.save(meeting_id, "Brief", "<p>x</p>", "x", "x", "h1")
    assert created is True and created_again is False and again == first
    assert [s.id for s in store.briefs.history(meeting_id)] == [first.id]
    assert store.briefs.latest(meeting_id) == first.summary


def test_snapshots_cannot_be_changed_in_memory(store: Store) -> None:
    account = store.accounts.create("Acme")
    meeting_id = meeting(store, account.id, 1)
    snapshot, _ = store.briefs.save(meeting_id, "Brief", "<p>safety</p>", "safety", "safety", "h1")
    hit = store.briefs.search("safety")[0]
    entry = store.briefs.library()[0]
    for frozen in (snapshot, hit, entry, snapshot.summary):
        with pytest.raises(AttributeError):
            frozen.title = "changed"  # type: ignore[misc]
