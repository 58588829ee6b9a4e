"""The template file: versioned JSON, read defensively and written atomically.

A template comes from someone else's machine, so reading one checks everything before
anything is written: the size (before reading it all), the nesting depth (before the
JSON parser recurses, which raises ``RecursionError`` near 1,000 levels), duplicate
fields, values Python's JSON reader turns into crashes or into something else (lone
surrogates such as ``"\\ud800"``, which cannot be stored or printed; numbers with thousands
of digits, which raise ``ValueError`` past 4,300 digits; ``NaN`` and ``Infinity``, which
are not JSON), the JSON Schema in ``resources/template.schema.json`` (unknown fields, wrong
types; ``2.0`` is not a whole number here), and what a schema cannot say: duplicate ids,
rows that do not exist, URLs that cannot be fetched (``precall.net.urls.validate_url``).
Every failure is a ``ValidationError`` whose ``field`` is a JSON path
such as ``roles[2].items[0].text``.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema

from precall import resources
from precall.checklist.model import Moment, parse_moment
from precall.errors import ValidationError
from precall.fileio import atomic_write_text
from precall.net.urls import validate_url
from precall.templates.model import (
    ChecklistAddition, ResearchSourceSpec, SourceKind, SourceScope, Template, TemplateItem,
    TemplateRole, TemplateRow,
)
from precall.userfiles import read_user_file

FORMAT = "precall-template"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_VERSION = 1_000_000_000  # as template.schema.json says
# Far above any real persona (the starters have 34); keeps validation of a hostile file
# to about a second instead of tens of seconds.
MAX_ITEMS = 5000
MAX_SCHEMA_ERRORS = 50
# No number in a template or feedback file needs more digits than always fit SQLite's
# 64-bit integers;
# longer ones are refused by path instead of overflowing SQLite or Python's int parser.
MAX_NUMBER_DIGITS = 18

# The characters that matter for nesting: quotes, brackets, and escapes (an escaped
# quote does not end a string). One pass, no backtracking, so hostile text stays linear.
_TOKEN = re.compile(r'\\.|["\[\]{}]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "an object", type(None): "null"}
_SCHEMA_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                 "array": "a list", "object": "an object", "null": "null"}
#: Template files (format version 1) spell the checklist's MEETING moment "at_meeting";
#: files already shared must keep reading in older Precall, so the spelling stays.
_MOMENT_SPELLING_IN_FILE = {Moment.MEETING: "at_meeting"}


def moment_in_file(moment: Moment) -> str:
    """How a checklist moment is written in a template file (the schema's spelling)."""
    return _MOMENT_SPELLING_IN_FILE.get(moment, moment.value)


# reading raw files ------------------------------------------------------------------
def read_limited(path: Path | str, what: str = "template", limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing special files and a file over ``limit`` before reading it."""
    return read_user_file(path, what=what, limit=limit)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def load_json_document(data: bytes | str, what: str = "template", limit: int = MAX_FILE_BYTES,
                       max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON from an untrusted source, with size and depth checked first."""
    if isinstance(data, bytes):
        if len(data) > limit:
            raise ValidationError(f"The {what} is {_megabytes(len(data))}; it may be at most {_megabytes(limit)}.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"The {what} file is not UTF-8 text (bad byte at offset {exc.start}).") from exc
    else:
        text = data
        if len(text) > limit:
            raise ValidationError(f"The {what} is {_megabytes(len(text))}; it may be at most {_megabytes(limit)}.")
    if not text.strip():
        raise ValidationError(f"The {what} file is empty.")
    check_depth(text, what, max_depth)
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_fields, parse_int=_parse_int,
                              parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        # Some of the parser's messages end in "at" ("Invalid control character at").
        raise ValidationError(f"The {what} file is not valid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, "
                              f"column {exc.colno}.") from exc
    except RecursionError as exc:  # check_depth should make this unreachable; never let it escape
        raise ValidationError(f"The {what} file is nested too deeply to read.") from exc
    check_values(document)
    return document


class Unusable:
    """A JSON value the reader kept aside instead of crashing on it; ``check_values``
    then names its path. ``why`` completes "<path> is ...". """

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


def _parse_int(text: str) -> int | Unusable:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:  # int() would raise ValueError past 4,300 digits, or overflow SQLite
        return Unusable(f"a number with {digits:,} digits; no number here needs more than {MAX_NUMBER_DIGITS}")
    return int(text)


def _parse_float(text: str) -> float | Unusable:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        return Unusable("a number too large to use")
    return value


def _parse_constant(name: str) -> Unusable:
    return Unusable(f"{name}, which is not a JSON value (JSON has no NaN or Infinity)")


def check_values(document: Any) -> None:
    """Refuse, by JSON path, values no field may hold: numbers kept aside by the reader
    and text with lone surrogates (broken UTF-16 escapes, which SQLite, the terminal and
    every encoder refuse). The depth is bounded by ``check_depth``, so recursion is safe."""
    _check_value(document, [])


def _check_value(node: Any, parts: list[str | int]) -> None:
    if isinstance(node, Unusable):
        path = json_path(parts) or "The file"
        raise ValidationError(f"{path} is {node.why}.", json_path(parts))
    if isinstance(node, str):
        if _SURROGATE.search(node):
            path = json_path(parts) or "The file"
            raise ValidationError(f"{path} holds broken text (a lone UTF-16 surrogate such as \\ud800).",
                                  json_path(parts))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_value(value, [*parts, index])
    elif isinstance(node, dict):
        for key, value in node.items():
            if _SURROGATE.search(key):
                where = json_path(parts) or "The file"
                raise ValidationError(f"{where} has a field name with broken text (a lone UTF-16 surrogate).",
                                      json_path(parts))
            _check_value(value, [*parts, key])


def check_depth(text: str, what: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` with a linear scan that never recurses."""
    depth = 0
    in_string = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if in_string:
            in_string = token != '"'
        elif token == '"':
            in_string = True
        elif token in "[{":
            depth += 1
            if depth > max_depth:
                raise ValidationError(f"The {what} file is nested more than {max_depth} levels deep; "
                                      f"a {what} file never needs that. Nothing was imported.")
        elif token in "]}":
            depth -= 1


def _no_duplicate_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            shown = ascii(key) if _SURROGATE.search(key) else repr(key)
            raise ValidationError(f"The field {shown} appears twice in the same object; "
                                  "which one is meant is ambiguous.", shown)
        result[key] = value
    return result


# JSON paths and schema messages ------------------------------------------------------
def json_path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = resources.read_json(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # JSON Schema counts 2.0 as an integer; a version or a count of 2.0 would then be stored
    # as a float (and 1.9999999999999999 reads as 2.0). Whole numbers are ints here.
    cls = jsonschema.validators.extend(cls, type_checker=cls.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)))
    # Local "$ref"s inlined: the same rules, about twice as fast to check per item.
    defs = schema.get("$defs", {})
    validator: jsonschema.protocols.Validator = cls(_inline_refs({k: v for k, v in schema.items() if k != "$defs"}, defs))
    return validator


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            return {**target, **{k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def validate_with_schema(document: Any, schema_name: str) -> None:
    # The first errors are enough to name the first field at fault; a file that is wrong
    # everywhere must not cost a walk through every error.
    errors = list(itertools.islice(_validator(schema_name).iter_errors(document), MAX_SCHEMA_ERRORS))
    if not errors:
        return
    first = min(errors, key=lambda e: [(0, p) if isinstance(p, int) else (1, p) for p in e.absolute_path])
    raise schema_error(first)


def schema_error(error: jsonschema.ValidationError) -> ValidationError:
    parts = list(error.absolute_path)
    path = json_path(parts)
    where = path or "The file"
    # iter_errors fills in every field below; the stubs also allow jsonschema's "unset"
    # marker, which only a ValidationError built by hand carries.
    value: Any = error.instance
    kind: Any = error.validator
    bound_value: Any = error.validator_value
    schema: Any = error.schema
    if kind == "type":
        expected: list[str] = bound_value if isinstance(bound_value, list) else [bound_value]
        names = [_SCHEMA_TYPES.get(t, t) for t in expected]
        return ValidationError(f"{where} should be {' or '.join(names)}, not {_JSON_TYPES.get(type(value), 'that')}"
                               f" ({_short(value)}).", path)
    if kind == "required" and isinstance(value, dict):
        missing = next((name for name in bound_value if name not in value), "?")
        field = json_path([*parts, missing])
        return ValidationError(f"{field} is missing; it is required.", field)
    if kind == "additionalProperties" and isinstance(value, dict):
        known = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(known))[0]
        field = json_path([*parts, extra])
        return ValidationError(f"{field} is an unknown field (known here: {', '.join(known)}).", field)
    if kind == "enum":
        allowed = ", ".join(str(v) for v in bound_value)
        return ValidationError(f"{where} is {_short(value)}; use one of {allowed}.", path)
    if kind == "const":
        return ValidationError(f"{where} is {_short(value)}, expected {bound_value!r}: "
                               "this is not a Precall file of the expected kind.", path)
    if kind == "pattern":
        return ValidationError(f"{where} is {_short(value)}: ids use lower-case letters, digits, '.', '_' and '-' "
                               "(1 to 64 characters, starting with a letter or digit).", path)
    if kind == "minLength":
        return ValidationError(f"{where} is empty; please fill it in.", path)
    if kind == "maxLength":
        return ValidationError(f"{where} is too long ({len(value)} characters, at most {bound_value}).", path)
    if kind == "minItems":
        return ValidationError(f"{where} needs at least {bound_value} entries.", path)
    if kind == "maxItems":
        return ValidationError(f"{where} has {len(value)} entries, at most {bound_value} are allowed.", path)
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return ValidationError(f"{where} is {value}; it must be {bound} {bound_value}.", path)
    return ValidationError(f"{where}: {error.message}", path)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else (
        "an object" if isinstance(value, dict) else "a list")
    return text if len(text) <= 60 else text[:57] + "…"


def check_format_version(document: Any, marker: str, what: str) -> None:
    if not isinstance(document, dict):
        raise ValidationError(f"A {what} file holds one JSON object at the top, not {_JSON_TYPES.get(type(document), 'that')}.")
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION \
            and document.get("format") == marker:
        raise ValidationError(
            f"This {what} was written by a newer Precall (format version {version}; this Precall reads version "
            f"{FORMAT_VERSION} and older). Update Precall to import it. Nothing was imported.", "format_version")


def check_text(value: str, path: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError(f"{path} is blank; please fill it in.", path)
    return text


def check_web_url(value: str, path: str) -> str:
    """``value`` stripped, if it is a URL Precall can fetch; else a ValidationError naming
    ``path``. The one URL check (``validate_url``) decides; the URL is kept as written so
    that re-importing a file stored before gives the same stored version."""
    url = value.strip()
    try:
        validate_url(url, field=path)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}", path) from exc
    return url


# template ⇄ document -----------------------------------------------------------------
def parse_template(data: bytes | str) -> Template:
    """A validated ``Template`` from file content, or a ValidationError naming the field."""
    document = load_json_document(data, "template")
    check_format_version(document, FORMAT, "template")
    check_item_count(document)
    validate_with_schema(document, "template.schema.json")
    return template_from_document(document)


def check_item_count(document: dict[str, Any]) -> None:
    """Refuse an absurd number of assumptions before the (slower) schema walk."""
    roles = document.get("roles")
    if not isinstance(roles, list):
        return  # the schema says what is wrong with it
    total = sum(len(role["items"]) for role in roles if isinstance(role, dict) and isinstance(role.get("items"), list))
    if total > MAX_ITEMS:
        raise ValidationError(f"roles holds {total:,} assumptions; a template may have at most {MAX_ITEMS:,}.", "roles")


def template_from_document(doc: dict[str, Any]) -> Template:
    rows = []
    seen_rows: set[str] = set()
    for index, row in enumerate(doc["rows"]):
        path = f"rows[{index}]"
        if row["key"] in seen_rows:
            raise ValidationError(f"{path}.key {row['key']!r} is used by an earlier row; row keys must be unique.",
                                  f"{path}.key")
        seen_rows.add(row["key"])
        rows.append(TemplateRow(row["key"], check_text(row["label"], f"{path}.label")))
    roles = []
    seen_roles: set[str] = set()
    seen_items: set[str] = set()
    for r_index, role in enumerate(doc["roles"]):
        path = f"roles[{r_index}]"
        name = check_text(role["name"], f"{path}.name")
        if name.casefold() in seen_roles:
            raise ValidationError(f"{path}.name {name!r} appears twice; each role has one column.", f"{path}.name")
        seen_roles.add(name.casefold())
        items = []
        for i_index, item in enumerate(role["items"]):
            item_path = f"{path}.items[{i_index}]"
            if item["key"] in seen_items:
                raise ValidationError(f"{item_path}.key {item['key']!r} is a duplicate id: item keys must be unique "
                                      "across the whole template.", f"{item_path}.key")
            seen_items.add(item["key"])
            if item["row"] not in seen_rows:
                raise ValidationError(f"{item_path}.row {item['row']!r} is not one of the template's rows "
                                      f"({', '.join(sorted(seen_rows))}).", f"{item_path}.row")
            keywords = _keywords(item.get("keywords", []), f"{item_path}.keywords")
            items.append(TemplateItem(item["key"], item["row"], check_text(item["text"], f"{item_path}.text"),
                                      keywords, item.get("note", "").strip()))
        roles.append(TemplateRole(name, tuple(items)))
    sources = []
    seen_urls: set[str] = set()
    for index, source in enumerate(doc.get("research_sources", [])):
        path = f"research_sources[{index}].url"
        url = check_web_url(source["url"], path)
        if url in seen_urls:
            raise ValidationError(f"{path} {url!r} is listed twice.", path)
        seen_urls.add(url)
        sources.append(ResearchSourceSpec(url, SourceScope(source.get("scope", "industry")),
                                          SourceKind(source.get("kind", "page")), source.get("title", "").strip()))
    checklist = tuple(
        ChecklistAddition(check_text(entry["text"], f"checklist[{index}].text"), parse_moment(entry["moment"]))
        for index, entry in enumerate(doc.get("checklist", []))
    )
    updated_at = doc.get("updated_at", "").strip()
    if updated_at:
        try:
            datetime.fromisoformat(updated_at)
        except ValueError as exc:
            raise ValidationError(f"updated_at is {updated_at!r}, not an ISO 8601 date-time "
                                  "such as 2026-11-01T09:00:00+00:00.", "updated_at") from exc
    return Template(
        id=doc["id"], version=doc["version"], name=check_text(doc["name"], "name"),
        description=doc.get("description", "").strip(), author=doc.get("author", "").strip(), updated_at=updated_at,
        industry=doc.get("industry", "").strip(), rows=tuple(rows), roles=tuple(roles),
        research_sources=tuple(sources), checklist=checklist,
    )


def _keywords(values: Sequence[str], path: str) -> tuple[str, ...]:
    result: list[str] = []
    for index, value in enumerate(values):
        word = check_text(value, f"{path}[{index}]")
        if word.casefold() not in (w.casefold() for w in result):
            result.append(word)
    return tuple(result)


def template_to_document(template: Template) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": template.id,
        "version": template.version,
        "name": template.name,
        "description": template.description,
        "author": template.author,
        "updated_at": template.updated_at,
        "industry": template.industry,
        "rows": [{"key": row.key, "label": row.label} for row in template.rows],
        "roles": [
            {"name": role.name, "items": [_item_document(item) for item in role.items]} for role in template.roles
        ],
        "research_sources": [
            {"url": s.url, "scope": s.scope.value, "kind": s.kind.value, "title": s.title}
            for s in template.research_sources
        ],
        "checklist": [{"text": c.text, "moment": moment_in_file(c.moment)} for c in template.checklist],
    }


def _item_document(item: TemplateItem) -> dict[str, Any]:
    document: dict[str, Any] = {"key": item.key, "row": item.row, "text": item.text, "keywords": list(item.keywords)}
    if item.note:
        document["note"] = item.note
    return document


def dump_template(template: Template) -> str:
    return json.dumps(template_to_document(template), indent=2, ensure_ascii=False) + "\n"


def write_template_file(template: Template, path: Path | str) -> Path:
    return atomic_write_text(path, dump_template(template))


def read_template_file(path: Path | str) -> Template:
    try:
        return parse_template(read_limited(path))
    except ValidationError as exc:
        field = f" (field {exc.field})" if exc.field and exc.field not in str(exc) else ""
        raise ValidationError(f"{Path(path).name}: {exc}{field}", exc.field) from exc
