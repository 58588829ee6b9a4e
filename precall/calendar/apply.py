"""Carrying out an import plan: one transaction, all or nothing.

The plan is checked again inside the transaction; if the database changed since the
preview (another import, a deleted meeting) nothing is written and the rep is asked to
preview again. New accounts and contacts are created only for meetings that need them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from precall.calendar.model import Attendee, CalendarError, CalendarEvent
from precall.calendar.plan import Action, ImportPlan, PlanEntry, compute_plan
from precall.calendar.suggest import AccountChoice, email_domain, same_organisation, website_domain
from precall.domain.meetings import MeetingStatus

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.calendar")


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    new_accounts: list[str] = field(default_factory=list)
    new_contacts: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.cancelled)

    def summary(self) -> str:
        parts = [f"{len(self.created)} created", f"{len(self.updated)} updated", f"{len(self.cancelled)} cancelled",
                 f"{self.unchanged} unchanged"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        text = "Meetings: " + ", ".join(parts) + "."
        if self.new_accounts:
            text += f" New accounts: {', '.join(self.new_accounts)}."
        if self.new_contacts:
            text += f" New contacts: {self.new_contacts}."
        return text


def apply_plan(store: "Store", plan: ImportPlan) -> ImportResult:
    """Write ``plan``; raises CalendarError (and writes nothing) if it is out of date."""
    result = ImportResult()
    with store.write():
        fresh = compute_plan(store, plan.parsed, source=plan.source, options=plan.options, full_sync=plan.full_sync)
        if fresh.fingerprint() != plan.fingerprint():
            raise CalendarError("The meetings changed since this import was previewed; nothing was imported. "
                                "Preview the import again.")
        accounts = _AccountResolver(store, result)
        for entry in plan.entries:
            action = plan.effective_action(entry)
            if action is Action.CREATE and entry.event is not None:
                choice = plan.assignments[entry.uid]
                account_id = accounts.resolve(choice)
                result.created.append(_create(store, plan, entry.event, account_id, accounts, result))
            elif action is Action.UPDATE and entry.event is not None and entry.meeting_id is not None:
                _update(store, plan, entry, entry.event, accounts, result)
                result.updated.append(entry.meeting_id)
            elif action is Action.CANCEL and entry.meeting_id is not None:
                _cancel(store, plan, entry)
                result.cancelled.append(entry.meeting_id)
            elif action is Action.SKIP:
                result.skipped += 1
            else:
                result.unchanged += 1
                _refresh_sequence(store, plan, entry)
    log.info("calendar import from %s: %s", plan.source or "a file", result.summary())
    return result


class _AccountResolver:
    """Turns account choices into ids, creating each new account once."""

    def __init__(self, store: "Store", result: ImportResult) -> None:
        self._store = store
        self._result = result
        self._made: dict[str, int] = {}

    def resolve(self, choice: AccountChoice) -> int:
        if choice.account_id is not None:
            return choice.account_id
        key = choice.account_name.casefold()
        if key in self._made:
            return self._made[key]
        existing = self._store.accounts.by_name(choice.account_name)
        if existing is not None:
            account_id = existing.id
        else:
            website = f"https://{choice.new_domain}" if choice.new_domain else ""
            account_id = self._store.accounts.create(choice.account_name, website=website).id
            self._result.new_accounts.append(choice.account_name)
        self._made[key] = account_id
        return account_id

    def domain(self, account_id: int) -> str:
        return website_domain(self._store.accounts.get(account_id).website)


def _contact_ids(store: "Store", event: CalendarEvent, account_id: int, accounts: _AccountResolver,
                 result: ImportResult) -> list[int]:
    """Attendees who work for the meeting's account: known contacts, or new ones whose
    email domain is the account's. People from other organisations are left out,
    because a meeting's attendees belong to its account."""
    domain = accounts.domain(account_id)
    ids: list[int] = []
    for attendee in event.attendees:
        contact = store.accounts.contact_by_email(attendee.email)
        if contact is not None:
            if contact.account_id == account_id:
                ids.append(contact.id)
            continue
        if same_organisation(email_domain(attendee.email), domain):
            ids.append(store.accounts.add_contact(account_id, _display_name(attendee), email=attendee.email).id)
            result.new_contacts += 1
    return ids


def _display_name(attendee: Attendee) -> str:
    if attendee.name:
        return attendee.name
    local = attendee.email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").replace("-", ".").split(".") if part) \
        or attendee.email


def _create(store: "Store", plan: ImportPlan, event: CalendarEvent, account_id: int, accounts: _AccountResolver,
            result: ImportResult) -> int:
    attendee_ids = _contact_ids(store, event, account_id, accounts, result)
    meeting = store.meetings.create(account_id, event.title, event.start, event.end, event.tz,
                                    attendee_ids=attendee_ids, location=event.location)
    store.calendar.set_link(meeting.id, event.uid, event.recurrence_id, event.sequence, plan.source,
                            event.snapshot())
    return meeting.id


def _update(store: "Store", plan: ImportPlan, entry: PlanEntry, event: CalendarEvent, accounts: _AccountResolver,
            result: ImportResult) -> None:
    meeting_id = entry.meeting_id
    if meeting_id is None:
        raise ValueError("an update needs a meeting")
    link = store.calendar.link(meeting_id)
    before = link.snapshot if link is not None else {}
    after = event.snapshot()
    current = store.meetings.get(meeting_id)
    fields: dict[str, object] = {}
    # Only what the calendar changed since the last import; the rep's own edits stay.
    if before.get("title") != after["title"]:
        fields["title"] = event.title
    if (before.get("start"), before.get("end"), before.get("tz")) != (after["start"], after["end"], after["tz"]):
        fields.update(start=event.start, end=event.end, tz=event.tz)
    if before.get("location") != after["location"]:
        fields["location"] = event.location
    if current.status is MeetingStatus.CANCELLED and before.get("cancelled"):
        fields["status"] = MeetingStatus.PLANNED.value
    new_ids = _contact_ids(store, event, current.account_id, accounts, result)
    if set(new_ids) - set(current.attendee_ids):
        fields["attendee_ids"] = [*current.attendee_ids, *new_ids]
    if fields:
        store.meetings.update(meeting_id, **fields)
    store.calendar.set_link(meeting_id, event.uid, event.recurrence_id, max(event.sequence, link.sequence if link else 0),
                            plan.source or (link.source if link else ""), after)


def _cancel(store: "Store", plan: ImportPlan, entry: PlanEntry) -> None:
    meeting_id = entry.meeting_id
    if meeting_id is None:
        raise ValueError("a cancellation needs a meeting")
    store.meetings.update(meeting_id, status=MeetingStatus.CANCELLED.value)
    link = store.calendar.link(meeting_id)
    if link is not None:
        snapshot = entry.event.snapshot() if entry.event is not None else dict(link.snapshot)
        snapshot["cancelled"] = True
        sequence = max(link.sequence, entry.event.sequence if entry.event else 0)
        store.calendar.set_link(meeting_id, link.uid, link.recurrence_id, sequence, link.source, snapshot)


def _refresh_sequence(store: "Store", plan: ImportPlan, entry: PlanEntry) -> None:
    """A newer SEQUENCE with nothing else changed: remember it, so an older copy of the
    invitation read later is recognised as older."""
    if entry.event is None or entry.meeting_id is None:
        return
    link = store.calendar.link(entry.meeting_id)
    if link is not None and entry.event.sequence > link.sequence:
        store.calendar.set_link(entry.meeting_id, link.uid, link.recurrence_id, entry.event.sequence, link.source,
                                link.snapshot)
