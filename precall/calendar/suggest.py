"""Which account a calendar event is with, guessed from its attendees' email addresses.

In order: an attendee who is already a contact; an email domain matching an account's
website; an account named like the domain; else a new account named from the domain.
The rep's own domain and webmail domains say nothing about the customer and are ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from precall.calendar.model import Attendee, CalendarEvent
from precall.domain.accounts import Account

WEBMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "proton.me", "protonmail.com", "mail.com",
    "yandex.ru", "zoho.com", "orange.fr", "free.fr", "laposte.net", "libero.it", "qq.com", "163.com",
    "fastmail.com", "hey.com",
})
#: Addresses calendars give to rooms, shared calendars and resources, not people.
SYSTEM_DOMAIN_SUFFIXES = ("calendar.google.com", "resource.calendar.google.com")
_SECOND_LEVEL = {"co", "com", "net", "org", "ac", "gov", "edu", "ltd", "plc"}


@dataclass(frozen=True)
class AccountChoice:
    """Where an event's meetings go: an existing account, a new one, or nowhere (skip)."""

    account_id: int | None = None
    account_name: str = ""
    new_domain: str = ""
    reason: str = ""

    @property
    def is_new(self) -> bool:
        return self.account_id is None and bool(self.account_name)

    @property
    def is_skip(self) -> bool:
        return self.account_id is None and not self.account_name

    @property
    def label(self) -> str:
        if self.is_skip:
            return "Skip (no account)"
        return f"New account: {self.account_name}" if self.is_new else self.account_name


SKIP = AccountChoice(reason="no attendee from a customer organisation")


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".")


def website_domain(url: str) -> str:
    host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_customer_domain(domain: str, own_domains: frozenset[str]) -> bool:
    if not domain or domain in WEBMAIL_DOMAINS:
        return False
    if any(domain == s or domain.endswith("." + s) for s in SYSTEM_DOMAIN_SUFFIXES):
        return False
    return not any(domain == own or domain.endswith("." + own) for own in own_domains)


def same_organisation(email_domain_: str, site_domain: str) -> bool:
    if not email_domain_ or not site_domain:
        return False
    return (email_domain_ == site_domain or email_domain_.endswith("." + site_domain)
            or site_domain.endswith("." + email_domain_))


def name_from_domain(domain: str) -> str:
    """``northwind-foods.example`` → ``Northwind Foods``; ``shop.acme.co.uk`` → ``Acme``."""
    labels = [part for part in domain.split(".") if part]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    core = labels[-1] if labels else domain
    words = core.replace("_", "-").split("-")
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or domain


def infer_own_domains(events: list[CalendarEvent]) -> frozenset[str]:
    """The rep's own domain, when one is on every meeting of a calendar with several.

    A calendar export holds the owner on (nearly) every event; customers vary. Only a
    single clear winner is taken: when two domains tie, nothing is guessed.
    """
    per_uid: dict[str, set[str]] = {}
    for event in events:
        domains = {email_domain(a.email) for a in event.attendees}
        if domains:
            per_uid.setdefault(event.uid, set()).update(domains)
    if len(per_uid) < 2:
        return frozenset()
    counts = Counter(d for domains in per_uid.values() for d in domains)
    everywhere = [d for d, n in counts.items() if n == len(per_uid) and d not in WEBMAIL_DOMAINS]
    if len(everywhere) == 1 and len(counts) > 1:
        return frozenset(everywhere)
    return frozenset()


class AccountSuggester:
    """Suggests accounts against a snapshot of the store's accounts and contacts."""

    def __init__(self, accounts: list[Account], contact_accounts: dict[str, int], own_domains: frozenset[str]) -> None:
        self._accounts = accounts
        self._by_id = {a.id: a for a in accounts}
        self._by_name = {a.name.casefold(): a for a in accounts}
        self._contact_accounts = contact_accounts
        self.own_domains = own_domains

    def customer_attendees(self, attendees: tuple[Attendee, ...]) -> list[Attendee]:
        return [a for a in attendees if a.email in self._contact_accounts
                or is_customer_domain(email_domain(a.email), self.own_domains)]

    def suggest(self, attendees: tuple[Attendee, ...]) -> AccountChoice:
        known = Counter(self._contact_accounts[a.email] for a in attendees if a.email in self._contact_accounts)
        if known:
            account = self._by_id[known.most_common(1)[0][0]]
            return AccountChoice(account.id, account.name, reason="an attendee is a contact there")
        domains = Counter(email_domain(a.email) for a in attendees
                          if is_customer_domain(email_domain(a.email), self.own_domains))
        for domain, _ in domains.most_common():
            for account in self._accounts:
                if same_organisation(domain, website_domain(account.website)):
                    return AccountChoice(account.id, account.name, reason=f"{domain} is its website")
        for domain, _ in domains.most_common():
            named = self._by_name.get(name_from_domain(domain).casefold())
            if named is not None:
                return AccountChoice(named.id, named.name, reason=f"named like {domain}")
        if domains:
            domain = domains.most_common(1)[0][0]
            return AccountChoice(None, name_from_domain(domain), new_domain=domain,
                                 reason=f"attendees from {domain}")
        return SKIP

    def domain_of(self, choice: AccountChoice) -> str:
        if choice.account_id is not None:
            return website_domain(self._by_id[choice.account_id].website) if choice.account_id in self._by_id else ""
        return choice.new_domain
