"""Snapshots: every generated brief kept and dated, no piles of identical copies,
history with what changed, full-text search, and a debrief flowing into the next brief."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from precall.briefs.diff import Change, diff_texts, render_diff_html
from precall.briefs.generate import generate_brief
from precall.debrief import record_outcome
from precall.store import Store
from precall.store.briefs import fts_query
from tests.precall.briefs.factory import make_brief_scenario


def test_identical_generations_reuse_the_latest_snapshot(store: Store, clock) -> None:
    scenario = make_brief_scenario(store)
    first = generate_brief(store, scenario.meeting_id)
    clock.advance(timedelta(minutes=5))
    again = generate_brief(store, scenario.meeting_id)
    assert first.created and not again.created
    assert again.snapshot.id == first.snapshot.id
    assert len(store.briefs.history(scenario.meeting_id)) == 1


def test_a_changed_brief_is_a_new_dated_version_with_a_diff(store: Store, clock) -> None:
    scenario = make_brief_scenario(store)
    first = generate_brief(store, scenario.meeting_id).snapshot
    clock.advance(timedelta(hours=2))
    store.matrix.update_item(scenario.items["cfo_objective"], text="Protect gross margin above 31%")
    second = generate_brief(store, scenario.meeting_id).snapshot
    history = store.briefs.history(scenario.meeting_id)
    assert [s.id for s in history] == [second.id, first.id]  # newest first
    assert history[0].created_at - history[1].created_at == timedelta(hours=2)
    earlier = store.briefs.get(first.id)  # an earlier version opens exactly as it was
    assert "Protect gross margin above 31%" not in earlier.html
    diff = diff_texts(earlier.plain_text, second.plain_text)
    removed = [line.text for line in diff.lines if line.change is Change.REMOVED]
    added = [line.text for line in diff.lines if line.change is Change.ADDED]
    assert any("Protect gross margin" in line and "31%" not in line for line in removed)
    assert any("Protect gross margin above 31%" in line for line in added)
    assert diff.summary() == "1 line added, 1 removed."
    page = render_diff_html(diff)
    assert "<b>+</b> <span class=\"small muted\">added</span>" in page  # a sign and a word, not colour alone
    assert "<b>−</b> <span class=\"small muted\">removed</span>" in page


def test_diff_of_identical_text_says_no_changes() -> None:
    diff = diff_texts("a\nb\n", "a\nb\n")
    assert diff.unchanged and diff.summary() == "No changes."


def test_diff_html_escapes_quoted_research() -> None:
    page = render_diff_html(diff_texts("", "<script>alert(1)</script>"))
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_debrief_shows_up_in_the_next_brief(store: Store, clock) -> None:
    scenario = make_brief_scenario(store)
    before = generate_brief(store, scenario.meeting_id).snapshot
    assert "○ Assumed: Protect gross margin" in before.plain_text
    record_outcome(store, scenario.meeting_id, scenario.items["cfo_objective"], "confirmed",
                   "Dana: margin is the board's first question")
    clock.advance(timedelta(days=7))
    follow_up = store.meetings.create(
        scenario.account_id, "Pilot scoping", store.now() + timedelta(days=1), store.now() + timedelta(days=1, hours=1),
        "Europe/London", attendee_ids=list(store.meetings.get(scenario.meeting_id).attendee_ids),
    )
    after = generate_brief(store, follow_up.id).snapshot
    assert "✔ Confirmed: Protect gross margin" in after.plain_text
    assert "Note: Dana: margin is the board's first question" in after.plain_text
    assert "✔ Confirmed</span> <span>Protect gross margin" in after.html


def test_search_finds_briefs_by_their_words(store: Store) -> None:
    scenario = make_brief_scenario(store)
    snapshot = generate_brief(store, scenario.meeting_id).snapshot
    hits = store.briefs.search("safety stock")
    assert [h.snapshot.id for h in hits] == [snapshot.id]
    assert "[safety]" in hits[0].snippet or "[stock]" in hits[0].snippet
    assert store.briefs.search("working-capit")[0].snapshot.id == snapshot.id  # prefix while typing
    assert store.briefs.search("nonexistentword") == []


@pytest.mark.parametrize("query", ['"', 'title:x', 'NEAR(a b)', '*', 'a OR', '-margin', "((", "'", "AND", "^x", ""])
def test_search_never_fails_on_fts_syntax(store: Store, query: str) -> None:
    scenario = make_brief_scenario(store)
    generate_brief(store, scenario.meeting_id)
    store.briefs.search(query)  # no sqlite3.OperationalError


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('margin "x" title:y') == '"margin" "x" "title" "y"*'
    assert fts_query("  ") == ""


def test_snapshots_go_with_their_meeting(store: Store) -> None:
    scenario = make_brief_scenario(store)
    snapshot = generate_brief(store, scenario.meeting_id).snapshot
    store.meetings.delete(scenario.meeting_id)
    assert store.briefs.history(scenario.meeting_id) == []
    assert store.briefs.search("safety stock") == []  # the index follows the table
    with pytest.raises(Exception, match="no stored brief"):
        store.briefs.get(snapshot.id)


def test_library_lists_upcoming_meetings_first_with_their_latest_snapshot(store: Store) -> None:
    scenario = make_brief_scenario(store)
    snapshot = generate_brief(store, scenario.meeting_id).snapshot
    entries = store.briefs.library()
    assert entries[0].meeting_id == scenario.meeting_id and entries[0].upcoming
    assert entries[0].latest is not None and entries[0].latest.id == snapshot.id
    earlier = next(e for e in entries if e.meeting_id == scenario.earlier_meeting_id)
    assert not earlier.upcoming and earlier.latest is None


def test_fts_index_is_consistent(store: Store) -> None:
    scenario = make_brief_scenario(store)
    generate_brief(store, scenario.meeting_id)
    store.conn.execute("INSERT INTO brief_snapshots_fts(brief_snapshots_fts) VALUES ('integrity-check')")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO brief_snapshots(meeting_id, created_at, title, html, markdown, plain_text,"
                           " content_hash) VALUES (9999, 'x', 't', '', '', '', 'h')")


def test_search_returns_each_meeting_once_unless_every_version_is_asked(store: Store, clock) -> None:
    scenario = make_brief_scenario(store)
    generate_brief(store, scenario.meeting_id)
    clock.advance(timedelta(hours=1))
    store.matrix.update_item(scenario.items["cfo_objective"], text="Protect gross margin at 31%")
    generate_brief(store, scenario.meeting_id)
    assert len(store.briefs.search("safety stock")) == 1
    assert len(store.briefs.search("safety stock", every_version=True)) == 2
    hit = store.briefs.search("safety stock")[0]
    assert hit.account == "Northwind Foods" and "\n" not in hit.snippet


def test_precall_search_includes_briefs(store: Store) -> None:
    from precall.search import search_everything

    scenario = make_brief_scenario(store)
    snapshot = generate_brief(store, scenario.meeting_id).snapshot
    briefs = [r for r in search_everything(store, "safety stock") if r.kind == "brief"]
    assert [(r.id, r.account, r.extra["meeting_id"]) for r in briefs] == [
        (snapshot.id, "Northwind Foods", scenario.meeting_id)]
