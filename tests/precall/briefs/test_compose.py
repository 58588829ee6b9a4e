"""What a brief shows, in HTML, Markdown and plain text, and that hostile text stays inert."""

from __future__ import annotations

import re
from html import escape
from datetime import date

import pytest

from precall.briefs.compose import compose_brief
from precall.briefs.generate import render_brief
from precall.briefs.render_html import render_html
from precall.briefs.render_markdown import render_markdown, render_plain_text
from precall.errors import NotFoundError
from precall.store import Store
from tests.precall.briefs.factory import add_research, make_brief_scenario

HOSTILE = ' <script>alert(1)</script><img src="file:///etc/passwd"> [x](javascript:alert(1)) **bold** # h'


def test_every_part_of_the_brief_is_there(store: Store) -> None:
    scenario = make_brief_scenario(store)
    data = compose_brief(store, scenario.meeting_id)
    html, md, text = render_html(data), render_markdown(data), render_plain_text(data)
    for needle in [
        "Northwind Foods", "Food manufacturing", "Family-owned snack maker.",  # account
        "Dana Whitfield", "Chief Financial Officer", "Priya Raman",  # attendees
        "Mon 23 Nov 2026, 14:00–15:00", "Europe/London", "meet.example/northwind",  # time in the zone, place
        "Dana sizes the cash tied up in promotion stock", "A six-week pilot", "promotion calendar",  # purpose
        "Protect gross margin", "Excel plus nightly ERP exports",  # matrix
        "How much safety stock do you carry?",  # questions
        "go clear your head", "focus on the person",  # checklist
        "Benchmark of promotion forecast errors",  # risky gift
        "5.0",  # trust (7 + 8 + 5) / 4
        "Send the OTIF case study",  # follow-up carried forward from the earlier meeting
        "Q3 results: margin under pressure", "30 Oct 2026",  # research with date
    ]:
        assert needle in text, needle
        assert needle.replace("(", "\\(") in md or needle in md, needle
        assert escape(needle) in html, needle


def test_matrix_shows_only_the_roles_in_the_room_with_statuses_and_evidence(store: Store) -> None:
    scenario = make_brief_scenario(store)
    data = compose_brief(store, scenario.meeting_id)
    assert [c.role for c in data.roles] == ["CFO", "IT Director"]
    html, md = render_html(data), render_markdown(data)
    assert "COO-only objective" not in html and "COO-only objective" not in md
    # Statuses at a glance: a word and a symbol, not colour alone.
    assert "○ Assumed</span> <span>Protect gross margin" in html
    assert "◐ Researched</span> <span>Q3 margin dropped two points" in html
    assert "✘ Refuted</span> <span class=\"text-refuted\">Data leaving the plant network" in html
    assert "✔ Confirmed</span> <span>Excel plus nightly ERP exports" in html
    assert "- ✘ Refuted: Data leaving the plant network" in md
    assert "Note: They run a cloud ERP already" in html and "Note: They run a cloud ERP already" in md
    # Evidence: the linked research item's title, source and date under the item.
    trigger = next(i for c in data.roles for r in c.rows for i in r.items if i.id == scenario.items["cfo_trigger"])
    assert [e.title for e in trigger.evidence] == ["Q3 results: margin under pressure"]
    assert ('↳ <a href="https://northwind.example/news/q3">Q3 results: margin under pressure</a>'
            " — Northwind newsroom, 30 Oct 2026") in html
    assert "Evidence: [Q3 results: margin under pressure](https://northwind.example/news/q3)" in md
    # The questions row is listed once, under questions, not again in the matrix.
    assert html.count("How much safety stock do you carry?") == 1


def test_hostile_text_is_inert_in_html_and_markdown(store: Store) -> None:
    scenario = make_brief_scenario(store, hostile=HOSTILE)
    bad = store.sources.add("https://evil.example/feed", account_id=scenario.account_id)
    add_research(store, bad.id, "javascript:alert(1)", "Margin <b>tips</b>" + HOSTILE, "margin margin" + HOSTILE,
                 date(2026, 11, 1))
    store.meetings.update(scenario.meeting_id, location="javascript:alert(2)")
    data = compose_brief(store, scenario.meeting_id)
    html, md = render_html(data), render_markdown(data)
    assert "<script" not in html and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert "javascript:alert(2)" in html  # shown as text...
    assert 'href="javascript' not in html  # ...never as a link
    assert re.search(r"<[^>]*\b(src|srcset|background)=", html) is None  # no tag loads anything
    assert "@import" not in html and "url(" not in html
    # Markdown: specials escaped, so no raw HTML, links or emphasis come from the text.
    assert re.search(r"(?<!\\)<(script|img)", md) is None
    assert "\\<script\\>" in md and "\\*\\*bold\\*\\*" in md and "\\[x\\]\\(javascript:alert\\(1\\)\\)" in md
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", md)
    assert links and all(link.startswith(("http://", "https://")) for link in links), links


def test_html_is_self_contained_and_says_so(store: Store) -> None:
    scenario = make_brief_scenario(store)
    html = render_html(compose_brief(store, scenario.meeting_id))
    assert "<style>" in html and "font-family" in html  # the stylesheet is inlined
    assert "<link" not in html and "<script" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_a_plan_without_purpose_gets_a_gentle_warning_not_a_block(store: Store) -> None:
    scenario = make_brief_scenario(store)
    store.meetings.update(scenario.meeting_id, customer_benefit="", best_commitment="", min_commitment="")
    data = compose_brief(store, scenario.meeting_id)
    assert data.purpose.warnings
    assert "no customer benefit" in render_plain_text(data).lower()
    store.meetings.update(scenario.meeting_id, relationship_purpose="Meet the new COO and listen")
    data = compose_brief(store, scenario.meeting_id)
    assert not data.purpose.warnings
    assert "Relationship purpose: Meet the new COO and listen" in render_plain_text(data)


def test_a_meeting_without_roles_or_research_still_makes_a_clear_brief(store: Store) -> None:
    account = store.accounts.create("Harbor Valley")
    contact = store.accounts.add_contact(account.id, "Tom Becker")
    scenario = make_brief_scenario(store)
    meeting = store.meetings.create(account.id, "First call", *_slot(store, scenario.meeting_id), "Europe/Paris",
                                    attendee_ids=[contact.id])
    text = render_plain_text(compose_brief(store, meeting.id))
    assert "No attendee has a matrix role yet" in text
    assert "No research stored for this account yet." in text


def test_no_field_for_scripted_opening_lines(store: Store) -> None:
    scenario = make_brief_scenario(store)
    data = compose_brief(store, scenario.meeting_id)
    assert not any("opening" in name for name in vars(data))
    assert "opening line" not in render_plain_text(data).lower()


def test_unknown_meeting_is_a_clear_error(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no meeting with id 4242"):
        compose_brief(store, 4242)


def test_rendering_is_deterministic_and_hash_ignores_the_generation_time(store: Store, clock) -> None:
    from datetime import timedelta

    scenario = make_brief_scenario(store)
    first = render_brief(compose_brief(store, scenario.meeting_id))
    clock.advance(timedelta(hours=3))
    second = render_brief(compose_brief(store, scenario.meeting_id))
    assert first.content_hash == second.content_hash
    assert first.html != second.html  # the "prepared" time moved


def _slot(store: Store, meeting_id: int):  # noqa: ANN202
    meeting = store.meetings.get(meeting_id)
    return meeting.start, meeting.end
