"""What an import would do, worked out in full before anything is written.

For each event occurrence: create a meeting, update the one imported before (same UID
and RECURRENCE-ID), cancel it, or leave it unchanged; plus the account each new
series is suggested to belong to. A re-import compares the calendar with what it said
at the last import (the snapshot), so only what the calendar changed is changed and
the rep's own edits and preparation stay.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from precall.calendar.model import CalendarEvent, ImportOptions, ParsedCalendar
from precall.calendar.suggest import AccountChoice, AccountSuggester, email_domain, infer_own_domains
from precall.clock import from_utc_iso
from precall.store.calendar import MeetingLink

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from precall.store.facade import Store


class Action(str, enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    CANCEL = "cancel"
    UNCHANGED = "unchanged"
    SKIP = "skip"


@dataclass(frozen=True)
class PlanEntry:
    action: Action
    uid: str
    recurrence_id: str
    title: str
    start: datetime
    tz: str
    event: CalendarEvent | None = None
    meeting_id: int | None = None
    account_name: str = ""
    changes: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return self.uid, self.recurrence_id


@dataclass
class ImportPlan:
    source: str
    parsed: ParsedCalendar
    options: ImportOptions
    full_sync: bool
    entries: list[PlanEntry] = field(default_factory=list)
    #: Per UID of a series with meetings to create: the suggested account.
    suggestions: dict[str, AccountChoice] = field(default_factory=dict)
    #: Per UID: the account chosen (starts as the suggestion; the preview may change it).
    assignments: dict[str, AccountChoice] = field(default_factory=dict)
    own_domains: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)

    def entries_for(self, action: Action) -> list[PlanEntry]:
        return [e for e in self.entries if self.effective_action(e) is action]

    def effective_action(self, entry: PlanEntry) -> Action:
        if entry.action is Action.CREATE and self.assignments.get(entry.uid, AccountChoice()).is_skip:
            return Action.SKIP
        return entry.action

    def counts(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for entry in self.entries:
            counts[self.effective_action(entry).value] += 1
        return counts

    @property
    def changes_anything(self) -> bool:
        counts = self.counts()
        return any(counts[a.value] for a in (Action.CREATE, Action.UPDATE, Action.CANCEL))

    def fingerprint(self) -> list[tuple[str, str, str, int | None]]:
        return [(e.action.value, e.uid, e.recurrence_id, e.meeting_id) for e in self.entries]

    def assign(self, uid: str, choice: AccountChoice) -> None:
        if uid not in self.suggestions:
            raise ValueError(f"no new meetings for calendar event {uid!r}")
        self.assignments[uid] = choice

    def assign_all(self, choice: AccountChoice) -> None:
        for uid in self.suggestions:
            self.assignments[uid] = choice


def compute_plan(store: "Store", parsed: ParsedCalendar, *, source: str, options: ImportOptions,
                 full_sync: bool = False) -> ImportPlan:
    """Compare ``parsed`` with the store; reads only."""
    own = frozenset(d.lower() for d in options.own_domains)
    if parsed.owner_email:
        own |= {email_domain(parsed.owner_email)}
    plan = ImportPlan(source=source, parsed=parsed, options=options, full_sync=full_sync)
    if not own:
        own = infer_own_domains(parsed.events)
        if own:
            plan.notes.append(f"Treated {', '.join(sorted(own))} as your own organisation "
                              "(it is on every meeting).")
    plan.own_domains = own
    plan.notes.extend(parsed.notes)

    uids = {e.uid for e in parsed.events} | parsed.cancelled_uids | parsed.series_uids
    links = store.calendar.links_for_uids(uids)
    if full_sync:
        links.update(store.calendar.links_for_source(source))
    account_names = {a.id: a.name for a in store.accounts.list()}
    suggester = _suggester(store, parsed.events, own)

    deleted = store.calendar.deleted_keys(uids)
    seen: set[tuple[str, str]] = set()
    for event in parsed.events:
        seen.add(event.key)
        link = links.get(event.key)
        if link is None and event.key in deleted:
            plan.entries.append(PlanEntry(Action.SKIP, event.uid, event.recurrence_id, event.title, event.start,
                                          event.tz, event, changes=("deleted in Precall; not imported again",)))
        elif link is None:
            plan.entries.append(_new_entry(plan, event, suggester))
        else:
            plan.entries.append(_existing_entry(event, link, account_names.get(link.account_id, "")))

    matched = _match_moved_series(plan, links, seen, parsed, account_names)
    for key, link in sorted(links.items()):
        if key in seen or key in matched or link.status != "planned":
            continue
        gone = _why_gone(link, parsed, full_sync)
        if gone:
            when = from_utc_iso(link.snapshot.get("start", "")) if link.snapshot.get("start") else parsed.window_start
            plan.entries.append(PlanEntry(
                Action.CANCEL, link.uid, link.recurrence_id, str(link.snapshot.get("title", "")), when,
                str(link.snapshot.get("tz", "UTC")), None, link.meeting_id,
                account_names.get(link.account_id, ""), (gone,)))
    plan.entries.sort(key=lambda e: (e.start, e.uid, e.recurrence_id))
    creating = {e.uid for e in plan.entries if e.action is Action.CREATE}
    plan.suggestions = {uid: choice for uid, choice in plan.suggestions.items() if uid in creating}
    plan.assignments = dict(plan.suggestions)
    return plan


def _match_moved_series(plan: ImportPlan, links: dict[tuple[str, str], MeetingLink], seen: set[tuple[str, str]],
                        parsed: ParsedCalendar, account_names: dict[int, str]) -> set[tuple[str, str]]:
    """When a whole series moves to another time, every RECURRENCE-ID changes. An
    imported occurrence that vanished and a new one of the same series on the same
    day are the same meeting, moved: update it (keeping its preparation) rather than
    cancel one and create another."""
    matched: set[tuple[str, str]] = set()
    for uid in parsed.series_uids - parsed.cancelled_uids:
        gone: dict[str, list[MeetingLink]] = {}
        for key, link in links.items():
            if link.uid == uid and key not in seen and link.status == "planned" and link.snapshot.get("start"):
                gone.setdefault(_local_day(str(link.snapshot["start"]), str(link.snapshot.get("tz") or "UTC")),
                                []).append(link)
        if not gone:
            continue
        new: dict[str, list[int]] = {}
        for index, entry in enumerate(plan.entries):
            if entry.uid == uid and entry.action is Action.CREATE:
                new.setdefault(f"{entry.start.astimezone(_zone(entry.tz)):%Y-%m-%d}", []).append(index)
        for day, olds in gone.items():
            candidates = new.get(day, [])
            if len(olds) != 1 or len(candidates) != 1:
                continue  # ambiguous: leave it to cancel + create
            link, index = olds[0], candidates[0]
            event = plan.entries[index].event
            if event is None:
                continue
            changes = ["the series moved", *describe_changes(link.snapshot, event.snapshot())]
            plan.entries[index] = PlanEntry(Action.UPDATE, event.uid, event.recurrence_id, event.title, event.start,
                                            event.tz, event, link.meeting_id, account_names.get(link.account_id, ""),
                                            tuple(changes))
            matched.add((link.uid, link.recurrence_id))
    return matched


def _zone(name: str) -> "ZoneInfo":
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def _local_day(iso: str, zone: str) -> str:
    return f"{from_utc_iso(iso).astimezone(_zone(zone)):%Y-%m-%d}"


def _suggester(store: "Store", events: list[CalendarEvent], own: frozenset[str]) -> AccountSuggester:
    contact_accounts: dict[str, int] = {}
    for email in sorted({a.email for e in events for a in e.attendees}):
        contact = store.accounts.contact_by_email(email)
        if contact is not None:
            contact_accounts[email] = contact.account_id
    return AccountSuggester(store.accounts.list(), contact_accounts, own)


def _new_entry(plan: ImportPlan, event: CalendarEvent, suggester: AccountSuggester) -> PlanEntry:
    if event.cancelled:
        return PlanEntry(Action.SKIP, event.uid, event.recurrence_id, event.title, event.start, event.tz, event,
                         changes=("cancelled in the calendar; never imported, so nothing to cancel",))
    if event.uid not in plan.suggestions:
        plan.suggestions[event.uid] = suggester.suggest(event.attendees)
    return PlanEntry(Action.CREATE, event.uid, event.recurrence_id, event.title, event.start, event.tz, event)


def _existing_entry(event: CalendarEvent, link: MeetingLink, account: str) -> PlanEntry:
    def entry(action: Action, *changes: str) -> PlanEntry:
        return PlanEntry(action, event.uid, event.recurrence_id, event.title, event.start, event.tz, event,
                         link.meeting_id, account, tuple(changes))

    if event.sequence < link.sequence:
        return entry(Action.UNCHANGED, "an older version of the event than the one imported (SEQUENCE)")
    if link.status == "done":
        return entry(Action.UNCHANGED, "already marked done in Precall")
    before = link.snapshot
    after = event.snapshot()
    if event.cancelled:
        if link.status == "cancelled":
            return entry(Action.UNCHANGED)
        return entry(Action.CANCEL, "cancelled in the calendar")
    changes = describe_changes(before, after)
    if link.status == "cancelled" and before.get("cancelled"):
        changes.insert(0, "reinstated in the calendar")
    if set(after.get("attendees", [])) - set(before.get("attendees", [])):
        changes.append("new attendees")
    return entry(Action.UPDATE if changes else Action.UNCHANGED, *changes)


def describe_changes(before: dict[str, object], after: dict[str, object]) -> list[str]:
    changes: list[str] = []
    if before.get("title") != after.get("title"):
        changes.append(f"renamed from {before.get('title')!r}")
    if (before.get("start"), before.get("end")) != (after.get("start"), after.get("end")):
        old = before.get("start")
        if isinstance(old, str) and old:
            zone = str(before.get("tz") or "UTC")
            changes.append(f"moved from {_local(old, zone)}")
        else:
            changes.append("moved")
    elif before.get("tz") != after.get("tz"):
        changes.append(f"time zone now {after.get('tz')}")
    if before.get("location") != after.get("location"):
        changes.append("new place" if after.get("location") else "place removed")
    return changes


def _local(iso: str, zone: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        return f"{from_utc_iso(iso).astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"
    except (ValueError, KeyError):
        return iso


def _why_gone(link: MeetingLink, parsed: ParsedCalendar, full_sync: bool) -> str:
    if link.uid in parsed.cancelled_uids:
        return "the whole series was cancelled in the calendar"
    start_text = link.snapshot.get("start")
    if not isinstance(start_text, str) or not start_text:
        return ""
    start = from_utc_iso(start_text)
    if not parsed.window_start <= start < parsed.window_end:
        return ""  # outside what this file covers: we cannot tell
    if parsed.is_cancel_message:
        return ""
    if link.uid in parsed.series_uids:
        return "removed from the series in the calendar"
    if full_sync and link.uid not in parsed.file_uids:
        return "no longer in the calendar"
    return ""
