"""What ``store.subscriptions`` keeps: the folders and URLs followed, in order, refused
twice or of an unknown kind, and what each check found (an unreachable one keeps the date
of the last good check)."""

from __future__ import annotations

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.store import Store
from tests.precall.templates.builders import dump_db


def test_subscriptions_are_listed_in_the_order_they_were_added(store: Store) -> None:
    first = store.subscriptions.add("folder", "/team/templates")
    second = store.subscriptions.add("url", "https://example.org/t.json", allow_private=True)
    assert [s.location for s in store.subscriptions.list()] == ["/team/templates", "https://example.org/t.json"]
    assert (first.kind, first.allow_private) == ("folder", False)
    assert (second.kind, second.allow_private) == ("url", True)
    assert store.subscriptions.get(second.id) == second


def test_an_unknown_kind_or_a_second_subscription_is_refused_and_nothing_changes(store: Store) -> None:
    store.subscriptions.add("folder", "/team/templates")
    before = dump_db(store)
    with pytest.raises(ValueError, match="a subscription is a folder or a url, not 'ftp'"):
        store.subscriptions.add("ftp", "ftp://example.org")
    with pytest.raises(ValidationError, match=r"^You already subscribe to /team/templates\.$"):
        store.subscriptions.add("folder", "/team/templates")
    assert dump_db(store) == before


def test_an_unknown_subscription_is_named(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"^There is no template subscription 42\.$"):
        store.subscriptions.get(42)
    with pytest.raises(NotFoundError, match=r"^There is no template subscription 42\.$"):
        store.subscriptions.remove(42)


def test_removing_stops_following(store: Store) -> None:
    kept = store.subscriptions.add("folder", "/a")
    gone = store.subscriptions.add("folder", "/b")
    store.subscriptions.remove(gone.id)
    assert store.subscriptions.list() == [kept]


def test_a_check_records_what_it_found_and_an_unreachable_one_keeps_the_last_good_date(store: Store) -> None:
    sub = store.subscriptions.add("url", "https://example.org/t.json")
    store.subscriptions.record_checked(sub.id, etag='"v1"', last_modified="Sun, 22 Nov 2026 08:00:00 GMT",
                                       error="", summary="1 new")
    checked = store.subscriptions.get(sub.id)
    now = store.now_iso()
    assert (checked.etag, checked.last_modified, checked.last_error, checked.last_summary) == \
        ('"v1"', "Sun, 22 Nov 2026 08:00:00 GMT", "", "1 new")
    assert checked.last_checked_at == checked.last_success_at == now
    store.subscriptions.record_unreachable(sub.id, "the server did not answer")
    failed = store.subscriptions.get(sub.id)
    assert failed.last_error == "the server did not answer" and failed.last_checked_at == now
    assert (failed.last_success_at, failed.etag, failed.last_summary) == (now, '"v1"', "1 new")
