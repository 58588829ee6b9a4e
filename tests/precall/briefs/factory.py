"""A meeting with everything a brief shows: attendees with roles, matrix items in every
status, research with evidence links, a plan, a checklist and an open follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from precall.research.extract import ExtractedPage
from precall.store import Store

MEETING_START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@dataclass
class BriefScenario:
    store: Store
    account_id: int
    meeting_id: int
    earlier_meeting_id: int
    items: dict[str, int]
    research: dict[str, int]
    rows: dict[str, int]
    roles: dict[str, int]




def add_research(store: Store, source_id: int, url: str, title: str, text: str, published: date | None,
                 summary: str = "") -> int:
    page = ExtractedPage(title=title, published=published, author="", summary=summary or text[:120], text=text)
    item, _ = store.research.save_page(source_id=source_id, url=url, page=page, fetched_at=store.now())
    return item.id


def make_brief_scenario(store: Store, *, account_name: str = "Northwind Foods", notes: str = "Family-owned snack maker.",
                        hostile: str = "") -> BriefScenario:
    """``hostile`` is added to user-typed and research text alike when given."""
    account = store.accounts.create(account_name, "https://northwind.example", "Food manufacturing",
                                    notes + hostile)
    cfo = store.accounts.add_contact(account.id, "Dana Whitfield", "Chief Financial Officer", role="CFO")
    it = store.accounts.add_contact(account.id, "Priya Raman" + hostile, "Director of IT", role="IT Director")
    coo = store.accounts.add_contact(account.id, "Omar Haddad", "COO", role="COO")
    rows = {row.key: row.id for row in store.matrix.rows(account.id)}
    add = store.matrix.add_item
    items = {
        "cfo_objective": add(cfo.role_id, rows["objectives"], "Protect gross margin", keywords=["margin"]).id,
        "cfo_trigger": add(cfo.role_id, rows["trigger_events"], "Q3 margin dropped two points" + hostile,
                           status="researched", keywords=["margin"]).id,
        "cfo_question": add(cfo.role_id, rows["questions"], "How much safety stock do you carry?").id,
        "it_concern": add(it.role_id, rows["related_concerns"], "Data leaving the plant network",
                          status="refuted", note="They run a cloud ERP already").id,
        "it_status": add(it.role_id, rows["status_quo"], "Excel plus nightly ERP exports", status="confirmed").id,
        "coo_only": add(coo.role_id, rows["objectives"], "COO-only objective that stays out of the brief").id,
    }
    source = store.sources.add("https://northwind.example/news", account_id=account.id, label="Northwind newsroom")
    research = {
        "results": add_research(store, source.id, "https://northwind.example/news/q3", "Q3 results: margin under pressure",
                                "Gross margin fell two points in the third quarter as input costs rose." + hostile,
                                date(2026, 10, 30)),
        "plant": add_research(store, source.id, "https://northwind.example/news/plant", "New plant opens in Leeds",
                              "The third plant adds capacity for promotions.", date(2026, 9, 12)),
    }
    store.research.link_evidence(items["cfo_trigger"], research["results"])
    meeting = store.meetings.create(
        account.id, "Working-capital review", MEETING_START, MEETING_START + timedelta(hours=1), "Europe/London",
        attendee_ids=[cfo.id, it.id], location="https://meet.example/northwind",
        customer_benefit="Dana sizes the cash tied up in promotion stock" + hostile,
        best_commitment="A six-week pilot", min_commitment="Share last year's promotion calendar",
    )
    store.plans.update(meeting.id, risky_gift="Benchmark of promotion forecast errors in snacks",
                       credibility=7, reliability=8, intimacy=5, self_orientation=4)
    earlier = store.meetings.create(
        account.id, "Intro call", MEETING_START - timedelta(days=30), MEETING_START - timedelta(days=30, hours=-1),
        "Europe/London", attendee_ids=[cfo.id],
    )
    store.followups.add(earlier.id, "Send the OTIF case study", date(2026, 11, 20), ten_percent=True)
    roles = {"CFO": cfo.role_id, "IT Director": it.role_id, "COO": coo.role_id}
    return BriefScenario(store, account.id, meeting.id, earlier.id, items, research, rows, roles)
