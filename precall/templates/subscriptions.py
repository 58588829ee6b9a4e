"""Sharing templates with no server of our own: a team folder or a static URL.

A subscription is either a folder (any shared or synced directory; every ``*.json``
file directly inside is a template) or a URL of one template file on any static web
server, fetched with a conditional GET through ``precall.net.safe_get``. Fetching
(``fetch``) does file and network I/O only and runs off the database thread; ``record``
imports what it brought through the store. When the folder or server cannot
be reached, the templates already in the library stay usable: Precall works from the
last copy and says so.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from precall.domain.sharing import Subscription
from precall.errors import NotFoundError, PrecallError, ValidationError
from precall.net.urls import literal_address_refusal
from precall.templates import format as template_format
from precall.templates.model import Template

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.templates")
MAX_FOLDER_FILES = 500
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class FetchedFile:
    name: str
    template: Template | None = None
    error: str = ""


@dataclass(frozen=True)
class FetchResult:
    subscription_id: int
    files: tuple[FetchedFile, ...] = ()
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    # Set when the folder or server could not be read at all (offline, gone).
    error: str = ""


@dataclass(frozen=True)
class CheckReport:
    subscription: Subscription
    lines: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    offline: bool = False
    not_modified: bool = False
    changed: tuple[str, ...] = field(default_factory=tuple)  # ids of templates new or updated

    def message(self) -> str:
        head = f"{self.subscription.label}: "
        if self.offline:
            problem = self.errors[0].rstrip(".")
            if not self.subscription.last_success_at:
                return head + f"could not check ({problem}); there is no copy yet, so nothing was imported."
            return head + (f"could not check ({problem}); working from the last copy "
                           f"(fetched {self.subscription.last_success_at}).")
        if self.not_modified:
            return head + "no changes since the last check."
        body = "; ".join(self.lines) if self.lines else "no changes."
        if self.errors:
            body += " Problems: " + "; ".join(error.rstrip(".") for error in self.errors) + "."
        return head + body


def classify_location(location: str) -> tuple[str, str]:
    """("url", url) for an http(s) address, ("folder", absolute path) for a directory."""
    text = location.strip()
    if not text:
        raise ValidationError("Enter a folder or a web address to subscribe to.", "location")
    # Not urlsplit: it raises ValueError on "https://[::1" before the URL check can name it.
    scheme_match = _SCHEME.match(text)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in ("http", "https"):
        return "url", template_format.check_web_url(text, "location")
    if "://" in text or scheme in ("javascript", "file", "data", "ftp"):
        raise ValidationError(f"{text!r}: only http and https addresses or a folder can be subscribed to.", "location")
    path = Path(text).expanduser().resolve()
    if not path.is_dir():
        raise ValidationError(f"{path} is not a folder.", "location")
    return "folder", str(path)


# fetching (no database) --------------------------------------------------------------
def fetch(subscription: Subscription, session: requests.Session | None = None) -> FetchResult:
    if subscription.kind == "folder":
        return fetch_folder(subscription)
    if session is None:
        raise ValueError("fetching a URL subscription needs an HTTP session")
    return fetch_url(subscription, session)


def fetch_folder(subscription: Subscription) -> FetchResult:
    folder = Path(subscription.location)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        return FetchResult(subscription.id, error=f"cannot read {folder}: {exc.strerror or exc}")
    files = []
    for entry in entries:
        if not entry.name.endswith(".json") or entry.name.startswith("."):
            continue
        # A link could point anywhere on disk; a team folder holds plain files only.
        if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
            files.append(FetchedFile(entry.name, error=f"{entry.name} is not a plain file; skipped"))
            continue
        if len(files) >= MAX_FOLDER_FILES:
            files.append(FetchedFile(entry.name, error=f"more than {MAX_FOLDER_FILES} files; the rest were skipped"))
            break
        try:
            files.append(FetchedFile(entry.name, template_format.read_template_file(folder / entry.name)))
        except PrecallError as exc:
            files.append(FetchedFile(entry.name, error=str(exc)))
    return FetchResult(subscription.id, tuple(files))


def fetch_url(subscription: Subscription, session: requests.Session) -> FetchResult:
    from precall.net import FetchError, safe_get

    try:
        result = safe_get(
            session, subscription.location, allow_private=subscription.allow_private,
            etag=subscription.etag or None, last_modified=subscription.last_modified or None,
            max_bytes=template_format.MAX_FILE_BYTES, accept_types=None,
        )
    except FetchError as exc:
        return FetchResult(subscription.id, error=str(exc))
    etag, modified = result.etag or "", result.last_modified or ""
    if result.not_modified:
        return FetchResult(subscription.id, not_modified=True, etag=etag or subscription.etag,
                           last_modified=modified or subscription.last_modified)
    name = Path(urlsplit(result.final_url).path).name or result.final_url
    try:
        fetched = FetchedFile(name, template_format.parse_template(result.body))
    except ValidationError as exc:
        fetched = FetchedFile(name, error=f"{name}: {exc}")
    return FetchResult(subscription.id, (fetched,), etag=etag, last_modified=modified)


# storing ----------------------------------------------------------------------------
def subscribe(store: "Store", location: str, *, allow_private: bool = False) -> Subscription:
    """Follow a team folder or a template URL (checked here, stored by ``store.subscriptions``)."""
    kind, where = classify_location(location)
    refusal = literal_address_refusal(where) if kind == "url" and not allow_private else None
    if refusal:
        raise ValidationError(f"{where} is refused: {refusal}; subscribe with --allow-private to a local network "
                              "address.", "location")
    return store.subscriptions.add(kind, where, allow_private=allow_private)


def record(store: "Store", result: FetchResult) -> CheckReport:
    """Store what a fetch brought (each template validated already) in one transaction."""
    subscriptions, templates = store.subscriptions, store.templates
    subscription = subscriptions.get(result.subscription_id)
    lines: list[str] = []
    errors = [f.error for f in result.files if f.error]
    changed: list[str] = []
    with store.write():
        if result.error:
            subscriptions.record_unreachable(subscription.id, result.error)
            return CheckReport(subscription, errors=(result.error,), offline=True)
        for fetched in result.files:
            if fetched.template is None:
                continue
            template = fetched.template
            try:
                current = templates.get(template.id)
            except NotFoundError:
                current = None
            if current is not None and current.version > template.version:
                continue  # the library is ahead (e.g. a local edit); an old copy changes nothing
            try:
                with store.write():
                    outcome = templates.add(template, source="subscription", subscription_id=subscription.id)
            except ValidationError as exc:
                errors.append(f"{fetched.name}: {exc}")
                continue
            if outcome.status == "new":
                lines.append(f"new template {template.name!r} ({template.item_count} assumptions)")
                changed.append(template.id)
            elif outcome.status == "updated" and outcome.diff is not None:
                lines.append(f"{template.name!r} version {template.version}: {outcome.diff.summary()}")
                changed.append(template.id)
        summary = "; ".join(lines) if lines else ("not modified" if result.not_modified else "no changes")
        subscriptions.record_checked(
            subscription.id, etag=result.etag or subscription.etag,
            last_modified=result.last_modified or subscription.last_modified, error="; ".join(errors),
            summary=summary)
    return CheckReport(subscriptions.get(subscription.id), tuple(lines), tuple(errors),
                       not_modified=result.not_modified, changed=tuple(changed))


def check(store: "Store", subscription_id: int, session: requests.Session | None = None) -> CheckReport:
    """Fetch and record in one go (the command line; the app splits the two across threads)."""
    return record(store, fetch(store.subscriptions.get(subscription_id), session))


def check_all(store: "Store", session: requests.Session | None = None) -> list[CheckReport]:
    return [check(store, s.id, session) for s in store.subscriptions.list()]
