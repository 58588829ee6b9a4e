"""Subscribing to a team folder and to a URL on a real local web server."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from precall.errors import ValidationError
from precall.net import make_session
from precall.templates.subscriptions import check, subscribe
from tests.precall.templates.builders import dump_db, template_doc, write_doc


def _v2_doc() -> dict:
    """Version 2 of template_doc: 3 new assumptions, 1 changed, 1 removed."""
    doc = template_doc(version=2)
    items = doc["roles"][0]["items"]
    items[0]["text"] = "Reworded by the manager"
    del items[1]
    items += [{"key": f"n{n}", "row": "objectives", "text": f"New idea {n}"} for n in range(3)]
    return doc


def test_team_folder_brings_new_templates_and_updates(store, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "cfo.json", template_doc())
    subscription = subscribe(store, str(folder))
    report = check(store, subscription.id)
    assert report.changed == ("team-cfo",)
    assert "new template 'Team CFO' (6 assumptions)" in report.message()

    assert check(store, subscription.id).message().endswith("no changes.")
    write_doc(folder / "cfo.json", _v2_doc())
    report = check(store, subscription.id)
    assert "'Team CFO' version 2: 3 new assumptions, 1 changed, 1 removed" in report.message()
    assert store.templates.get("team-cfo").version == 2
    assert store.templates.versions("team-cfo") == [1, 2]
    assert store.templates.list()[0].subscription == str(folder.resolve())


def test_folder_skips_bad_files_and_links_but_takes_the_good_ones(store, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "good.json", template_doc())
    bad = template_doc(template_id="bad-one")
    bad["research_sources"][0]["url"] = "javascript:alert(1)"
    write_doc(folder / "bad.json", bad)
    outside = write_doc(tmp_path / "secret.json", template_doc(template_id="outside"))
    os.symlink(outside, folder / "link.json")
    (folder / "notes.txt").write_text("not a template")
    report = check(store, subscribe(store, str(folder)).id)
    assert [t.id for t in store.templates.list()] == ["team-cfo"]
    assert any("bad.json" in e and "research_sources[0].url" in e for e in report.errors)
    assert any("link.json is not a plain file" in e for e in report.errors)


def test_missing_folder_works_from_the_last_copy(store, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "cfo.json", template_doc())
    subscription = subscribe(store, str(folder))
    check(store, subscription.id)
    (folder / "cfo.json").unlink()
    folder.rmdir()  # the synced drive is not mounted
    report = check(store, subscription.id)
    assert report.offline
    assert "working from the last copy (fetched 2026-11-22T09:00:00+00:00)" in report.message()
    assert store.templates.get("team-cfo").item_count == 6
    assert "cannot read" in store.subscriptions.get(subscription.id).last_error


def test_subscribe_refuses_other_schemes_and_non_folders(store, tmp_path: Path) -> None:
    for bad in ("javascript:alert(1)", "file:///etc", "ftp://example.org/t.json", str(tmp_path / "nope")):
        with pytest.raises(ValidationError):
            subscribe(store, bad)
    assert store.subscriptions.list() == []


def _serve(httpserver: HTTPServer, body: dict, etag: str, seen: list[dict]) -> None:
    data = json.dumps(body)

    def handler(request: Request) -> Response:
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(data, status=200, headers={"ETag": etag, "Last-Modified": "Sun, 01 Nov 2026 09:00:00 GMT"},
                        content_type="application/json")

    httpserver.clear()
    httpserver.expect_request("/templates/cfo.json").respond_with_handler(handler)


def test_url_subscription_with_conditional_get_and_304(store, httpserver: HTTPServer) -> None:
    seen: list[dict] = []
    _serve(httpserver, template_doc(), '"v1"', seen)
    url = httpserver.url_for("/templates/cfo.json")
    subscription = subscribe(store, url, allow_private=True)
    session = make_session()
    report = check(store, subscription.id, session)
    assert report.changed == ("team-cfo",)
    assert store.subscriptions.get(subscription.id).etag == '"v1"'

    report = check(store, subscription.id, session)
    assert seen[-1].get("If-None-Match") == '"v1"'
    assert report.not_modified and report.message().endswith("no changes since the last check.")

    _serve(httpserver, _v2_doc(), '"v2"', seen)
    report = check(store, subscription.id, session)
    assert "3 new assumptions, 1 changed, 1 removed" in report.message()
    assert store.templates.get("team-cfo").version == 2


def test_url_offline_uses_the_last_copy(store) -> None:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/cfo.json").respond_with_json(template_doc())
    server.start()
    try:
        subscription = subscribe(store, server.url_for("/cfo.json"), allow_private=True)
        check(store, subscription.id, make_session())
    finally:
        server.stop()
    report = check(store, subscription.id, make_session())
    assert report.offline and "working from the last copy" in report.message()
    assert store.templates.get("team-cfo").version == 1


def test_loopback_url_is_refused_without_allow_private(store, httpserver: HTTPServer) -> None:
    _serve(httpserver, template_doc(), '"v1"', [])
    subscription = subscribe(store, httpserver.url_for("/templates/cfo.json"))
    report = check(store, subscription.id, make_session())
    assert report.offline
    assert store.templates.list() == []


def test_hostile_template_from_url_is_refused_and_nothing_written(store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/deep.json").respond_with_data("[" * 10_000 + "]" * 10_000,
                                                              content_type="application/json")
    subscription = subscribe(store, httpserver.url_for("/deep.json"), allow_private=True)
    report = check(store, subscription.id, make_session())
    assert "nested more than 32 levels" in report.message()
    assert store.templates.list() == []


def test_oversized_template_from_url_is_cut_off_and_nothing_written(store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big.json").respond_with_data(b'{"pad": "' + b"x" * (6 * 1024 * 1024) + b'"}',
                                                             content_type="application/json")
    subscription = subscribe(store, httpserver.url_for("/big.json"), allow_private=True)
    before = dump_db(store)
    report = check(store, subscription.id, make_session())
    assert report.offline  # the download itself was refused at the cap
    assert "over the 5,242,880-byte limit); there is no copy yet, so nothing was imported." in report.message()
    assert store.templates.list() == []
    after = dump_db(store)
    assert [line for line in after if "template_subscriptions" not in line] == \
        [line for line in before if "template_subscriptions" not in line]


def _hostile_texts() -> dict[str, str]:
    """One file per kind of value that used to crash the whole check, each a different id."""
    def text(template_id: str, old: str, new: str) -> str:
        body = json.dumps(template_doc(template_id=template_id))
        assert old in body
        return body.replace(old, new)

    return {
        "a-surrogate.json": text("surrogate", "Assumption number 0", "\\ud800"),
        "b-ipv6.json": text("ipv6", "https://www.example.org/association", "https://[::1"),
        "c-digits.json": text("digits", '"version": 1', '"version": ' + "9" * 5000),
        "d-port.json": text("port", "https://www.example.org/association", "https://example.org:99999/"),
        "e-nan.json": text("nan", '"version": 1', '"version": NaN'),
    }


def test_one_malformed_template_in_a_folder_does_not_stop_the_valid_ones(store, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    for name, body in _hostile_texts().items():
        (folder / name).write_text(body, encoding="utf-8", errors="surrogatepass")
    write_doc(folder / "m-good.json", template_doc())
    write_doc(folder / "z-good.json", template_doc(template_id="later-one"))
    report = check(store, subscribe(store, str(folder)).id)
    assert sorted(t.id for t in store.templates.list()) == ["later-one", "team-cfo"]
    assert sorted(report.changed) == ["later-one", "team-cfo"]
    for name, path in [("a-surrogate.json", "roles[0].items[0].text"), ("b-ipv6.json", "research_sources[0].url"),
                       ("c-digits.json", "version"), ("d-port.json", "research_sources[0].url"),
                       ("e-nan.json", "version")]:
        assert any(e.startswith(name) and path in e for e in report.errors), (name, report.errors)
    report.message().encode("utf-8")
    stored = store.subscriptions.get(report.subscription.id)
    assert "c-digits.json" in stored.last_error
    stored.last_error.encode("utf-8")


@pytest.mark.parametrize("name", sorted(_hostile_texts()))
def test_malformed_template_at_a_url_is_reported_and_changes_nothing(store, httpserver: HTTPServer,
                                                                     name: str) -> None:
    body = _hostile_texts()[name].encode("utf-8", errors="surrogatepass")
    httpserver.expect_request(f"/{name}").respond_with_data(body, content_type="application/json")
    subscription = subscribe(store, httpserver.url_for(f"/{name}"), allow_private=True)
    report = check(store, subscription.id, make_session())
    assert store.templates.list() == []
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{name}: ")
    report.message().encode("utf-8")


@pytest.mark.parametrize("location, words", [("https://[::1", "Invalid IPv6"),
                                             ("https://example.org:99999/t.json", "port '99999'"),
                                             ("http://[::1]:0/t.json", "port")])
def test_subscribing_to_an_unusable_url_is_refused_in_words(store, location: str, words: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(words)):
        subscribe(store, location)
    assert store.subscriptions.list() == []
