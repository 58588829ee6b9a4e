"""Reading template files: a round trip, and hostile files refused in words with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from precall.errors import ValidationError
from precall.templates import format as template_format
from precall.templates.format import parse_template, read_template_file, write_template_file
from tests.precall.templates.builders import dump_db, template_doc, write_doc


def test_export_then_import_gives_the_same_template(store, tmp_path: Path, clock) -> None:
    from precall.store import Store

    store.templates.ensure_starters()
    for info in store.templates.list():
        original = store.templates.get(info.id)
        path = write_template_file(original, tmp_path / f"{info.id}.json")
        with Store.open(tmp_path / "other.db", clock=clock) as other:
            outcome = other.templates.import_file(path)
            assert outcome.status == "new"
            assert other.templates.get(info.id) == original
        (tmp_path / "other.db").unlink()


def test_parse_keeps_every_field(tmp_path: Path) -> None:
    doc = template_doc()
    doc["roles"][0]["items"][0]["note"] = "Seen at three clients"
    template = read_template_file(write_doc(tmp_path / "t.json", doc))
    assert template.id == "team-cfo" and template.version == 1 and template.author == "Manager M"
    assert template.roles[0].items[0].note == "Seen at three clients"
    assert template.research_sources[0].url == "https://www.example.org/association"
    assert template.checklist[0].moment.value == "day_before"
    assert parse_template(template_format.dump_template(template)) == template


def _deep(levels: int) -> str:
    return '{"format": "precall-template", "id": ' + "[" * levels + "]" * levels + "}"


HOSTILE = {
    "wrong type": (lambda d: d["roles"][0]["items"][2].__setitem__("text", 42),
                   "roles[0].items[2].text", "should be text, not a whole number"),
    "javascript url": (lambda d: d["research_sources"][0].__setitem__("url", "javascript:alert(1)"),
                       "research_sources[0].url", "only http and https"),
    "file url": (lambda d: d["research_sources"][0].__setitem__("url", "file:///etc/passwd"),
                 "research_sources[0].url", "'file:'"),
    "duplicate item ids": (lambda d: d["roles"][0]["items"][3].__setitem__("key", "i1"),
                           "roles[0].items[3].key", "duplicate id"),
    "newer format": (lambda d: d.__setitem__("format_version", 2), "format_version", "newer Precall"),
    "unknown field": (lambda d: d["roles"][0]["items"][0].__setitem__("colour", "red"),
                      "roles[0].items[0].colour", "unknown field"),
    "missing field": (lambda d: d["roles"][0].pop("items"), "roles[0].items", "is missing"),
    "unknown row": (lambda d: d["roles"][0]["items"][0].__setitem__("row", "nowhere"),
                    "roles[0].items[0].row", "not one of the template's rows"),
    "blank text": (lambda d: d["roles"][0]["items"][1].__setitem__("text", "   "),
                   "roles[0].items[1].text", "blank"),
    "bad id": (lambda d: d.__setitem__("id", "../../etc"), "id", "ids use lower-case"),
    "version as text": (lambda d: d.__setitem__("version", "2"), "version", "whole number"),
    "bad moment": (lambda d: d["checklist"][0].__setitem__("moment", "someday"), "checklist[0].moment", "use one of"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_by_field_and_writes_nothing(store, tmp_path: Path, case: str) -> None:
    store.templates.import_data(json.dumps(template_doc(template_id="already-here")))
    before = dump_db(store)
    doc = template_doc()
    mutate, field, words = HOSTILE[case]
    mutate(doc)
    with pytest.raises(ValidationError) as caught:
        store.templates.import_file(write_doc(tmp_path / "hostile.json", doc))
    assert caught.value.field == field
    assert field in str(caught.value) and words in str(caught.value)
    assert dump_db(store) == before


def test_fifty_megabyte_file_is_refused_before_reading(store, tmp_path: Path) -> None:
    before = dump_db(store)
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.write(b'{"pad": "')
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b'"}')
    with pytest.raises(ValidationError, match=r"huge.json is 50.0 MB, too large: a template file may be at most 5.0 MB"):
        store.templates.import_file(path)
    assert dump_db(store) == before


@pytest.mark.parametrize("levels", [10_000, 100_000])
def test_deep_nesting_gives_a_message_not_a_recursion_error(store, tmp_path: Path, levels: int) -> None:
    text = _deep(levels)
    # The guard matters: the standard parser itself gives up with RecursionError here.
    with pytest.raises(RecursionError):
        json.loads(text)
    before = dump_db(store)
    with pytest.raises(ValidationError, match="nested more than 32 levels deep"):
        path = tmp_path / "deep.json"
        path.write_text(text)
        store.templates.import_file(path)
    assert dump_db(store) == before


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    doc = template_doc()
    doc["description"] = "[" * 3000 + '{"\\"' + "}" * 10
    assert parse_template(json.dumps(doc)).description.startswith("[[[")


def test_duplicate_field_in_one_object_is_refused() -> None:
    text = json.dumps(template_doc()).replace('"version": 1,', '"version": 1, "version": 7,')
    with pytest.raises(ValidationError, match="'version' appears twice"):
        parse_template(text)


def test_not_utf8_and_not_json_are_named() -> None:
    with pytest.raises(ValidationError, match="not UTF-8"):
        parse_template(b'{"name": "\xff\xfe"}')
    with pytest.raises(ValidationError, match="not valid JSON"):
        parse_template("{'single': 'quotes'}")
    with pytest.raises(ValidationError, match="not a Precall file"):
        parse_template(json.dumps({**template_doc(), "format": "something-else"}))


def test_same_version_with_different_content_is_refused(store) -> None:
    store.templates.import_data(json.dumps(template_doc()))
    before = dump_db(store)
    changed = template_doc()
    changed["name"] = "Quietly changed"
    with pytest.raises(ValidationError, match="raise the version number"):
        store.templates.import_data(json.dumps(changed))
    assert dump_db(store) == before
    store.templates.import_data(json.dumps(template_doc(version=3)))
    before = dump_db(store)
    with pytest.raises(ValidationError, match="older than version 3"):
        store.templates.import_data(json.dumps(template_doc(version=2)))
    assert dump_db(store) == before
    assert store.templates.get("team-cfo").version == 3


def test_import_is_one_transaction(store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the first insert leaves no trace of the template."""
    before = dump_db(store)
    repo = store.templates

    def boom(*args: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(repo, "_insert_version", boom)
    with pytest.raises(RuntimeError):
        repo.import_data(json.dumps(template_doc()))
    assert dump_db(store) == before


def test_written_file_is_atomic_and_readable(tmp_path: Path) -> None:
    template = parse_template(json.dumps(template_doc()))
    target = tmp_path / "out.json"
    target.write_text("old content")
    write_template_file(template, target)
    assert read_template_file(target) == template
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.timeout(60)
def test_escaped_quotes_cannot_make_the_depth_scan_quadratic(store, tmp_path: Path) -> None:
    # An unterminated string of escaped quotes, just under the size limit: a backtracking
    # string pattern needs hours on this; the scan must stay linear.
    path = tmp_path / "quotes.json"
    path.write_text('{"name": "' + '\\"' * (2 * 1024 * 1024))
    before = dump_db(store)
    with pytest.raises(ValidationError, match="not valid JSON"):
        store.templates.import_file(path)
    assert dump_db(store) == before


@pytest.mark.timeout(60)
def test_too_many_assumptions_are_refused_before_the_schema_walk(store) -> None:
    doc = template_doc()
    doc["roles"] = [{"name": f"Role {r}", "items": [{"key": f"r{r}-{n}", "row": "objectives", "text": 5}
                                                     for n in range(4000)]} for r in range(12)]
    before = dump_db(store)
    with pytest.raises(ValidationError, match="roles holds 48,000 assumptions; a template may have at most 5,000"):
        store.templates.import_data(json.dumps(doc))
    assert dump_db(store) == before
