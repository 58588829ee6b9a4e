"""Values that crash Python's JSON reader or our storage are refused by JSON path.

A lone surrogate (``"\\ud800"``), a number with 5,000 digits (``ValueError`` from
``json.loads`` past 4,300 digits), ``NaN``, ``2.0`` for a whole number, and URLs that
``urllib`` only fails on later (``https://[::1``, port 99999): each used to end a command
in "internal error" or store a wrong value; each is now a ``ValidationError`` naming
where it is, in templates and in feedback files alike.
"""

from __future__ import annotations

import json

import pytest

from precall.errors import ValidationError
from precall.templates.feedback import parse_feedback
from precall.templates.format import parse_template
from tests.precall.templates.builders import template_doc

# (case, how to make the file text from a valid one, the JSON path named, words in the message)
TEMPLATE_CASES = {
    "lone surrogate in an item": (lambda t: t.replace("Assumption number 0", "\\ud800"),
                                  "roles[0].items[0].text", "lone UTF-16 surrogate"),
    "lone low surrogate in the name": (lambda t: t.replace('"Team CFO"', '"\\udfff x"'), "name", "broken text"),
    "surrogate in a field name": (lambda t: t.replace('"industry"', '"\\ud800"'), "", "field name with broken text"),
    "5,000-digit version": (lambda t: t.replace('"version": 1', '"version": ' + "9" * 5000),
                            "version", "5,000 digits"),
    "5,000-digit negative number": (lambda t: t.replace('"version": 1', '"version": -' + "1" * 5000),
                                    "version", "5,000 digits"),
    "19-digit version overflowing SQLite": (lambda t: t.replace('"version": 1', '"version": ' + "9" * 19),
                                            "version", "19 digits"),
    "float that rounds to 2": (lambda t: t.replace('"version": 1', '"version": 1.' + "9" * 5000),
                               "version", "should be a whole number"),
    "2.0 as a version": (lambda t: t.replace('"version": 1', '"version": 2.0'), "version", "whole number"),
    "NaN": (lambda t: t.replace('"version": 1', '"version": NaN'), "version", "NaN, which is not a JSON value"),
    "Infinity in a list": (lambda t: t.replace('"kw0"', "-Infinity"), "roles[0].items[0].keywords[0]",
                           "not a JSON value"),
    "1e999": (lambda t: t.replace('"version": 1', '"version": 1e999'), "version", "too large"),
    "unclosed IPv6 source": (lambda t: t.replace("https://www.example.org/association", "https://[::1"),
                             "research_sources[0].url", "https://[::1"),
    "port 99999": (lambda t: t.replace("https://www.example.org/association", "https://example.org:99999/x"),
                   "research_sources[0].url", "port '99999'"),
    "port 0": (lambda t: t.replace("https://www.example.org/association", "https://example.org:0/x"),
               "research_sources[0].url", "port"),
    "surrogate in a URL": (lambda t: t.replace("https://www.example.org/association", "https://\\ud800.org/"),
                           "research_sources[0].url", "broken text"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES))
def test_hostile_value_is_refused_by_path_with_a_printable_message(case: str) -> None:
    make, path, words = TEMPLATE_CASES[case]
    text = make(json.dumps(template_doc()))
    with pytest.raises(ValidationError) as caught:
        parse_template(text.encode("utf-8"))
    message = str(caught.value)
    assert caught.value.field == path
    assert path in message and words in message
    message.encode("utf-8")  # no lone surrogate reaches the terminal
    (caught.value.field or "").encode("utf-8")


def test_the_guards_are_needed_python_itself_crashes_or_accepts() -> None:
    with pytest.raises(ValueError, match="Exceeds the limit"):
        json.loads("9" * 5000)
    with pytest.raises(UnicodeEncodeError):
        json.loads('"\\ud800"').encode("utf-8")
    assert json.loads("1." + "9" * 30) == 2.0


def test_ordinary_numbers_and_text_still_read() -> None:
    doc = template_doc(version=123456789)
    doc["description"] = "Emoji \U0001F600 written as a surrogate pair, and 'é'"
    text = json.dumps(doc)  # ensure_ascii: the emoji is the pair \ud83d\ude00, which is fine
    assert "\\ud83d\\ude00" in text
    template = parse_template(text)
    assert template.version == 123456789 and "\U0001F600" in template.description


def _feedback(**count: object) -> dict:
    entry = {"template_id": "team-cfo", "version": 1, "item_key": "i0", "confirmed": 2, "refuted": 1, **count}
    return {"format": "precall-template-feedback", "format_version": 1, "batch": "a" * 32, "counts": [entry]}


@pytest.mark.parametrize("raw, words", [
    ('"version": ' + "7" * 5000, "5,000 digits"),
    ('"version": 9223372036854775808', "number with 19 digits"),
    ('"version": 99999999999', "at most 1000000000"),
    ('"confirmed": 2.0', "whole number"),
    ('"item_key": "\\ud800"', "broken text"),
])
def test_hostile_feedback_values_are_refused_by_path(raw: str, words: str) -> None:
    text = json.dumps(_feedback())
    key = raw.split(":")[0]
    start = text.index(key)
    end = text.index(",", start)
    text = text[:start] + raw + text[end:]
    with pytest.raises(ValidationError) as caught:
        parse_feedback(text)
    assert words in str(caught.value)
    assert str(caught.value).startswith("counts[0].")
