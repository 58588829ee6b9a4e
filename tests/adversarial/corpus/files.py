"""Generators of hostile input files (templates, calendars, feedback, pages) and special
files. Each takes the path to create and the run's ``Env``; bytes are built here, so the
corpus is readable code instead of binary blobs."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path
from typing import Any, Callable

from tests.adversarial.harness import Env

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u200b"


def template_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "precall-template", "format_version": 1, "id": "adv-team", "version": 1,
        "name": "Adversarial team", "description": "", "author": "M", "updated_at": "2026-11-01T09:00:00+00:00",
        "industry": "Manufacturing",
        "rows": [{"key": "objectives", "label": "Objectives"}, {"key": "questions", "label": "Questions to ask"}],
        "roles": [{"name": "CFO", "items": [{"key": "i1", "row": "objectives", "text": "Protect margin",
                                             "keywords": ["margin"]}]}],
        "research_sources": [{"url": "https://www.example.org/a", "scope": "industry", "kind": "site", "title": "A"}],
        "checklist": [{"text": "Read the report", "moment": "day_before"}],
    }
    doc.update(changes)
    return doc


def _json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _source(url: str) -> dict[str, Any]:
    return {"research_sources": [{"url": url, "scope": "industry", "kind": "page", "title": "S"}]}


TEMPLATES: dict[str, Callable[[], bytes]] = {
    "valid": lambda: _json(template_doc()),
    "lone-surrogate": lambda: _json(template_doc(name="bad \udcff name")),
    "surrogate-escape": lambda: b'{"format": "precall-template", "name": "\\ud800"}',
    "bad-utf8": lambda: _json(template_doc()).replace(b"Protect", b"Pro\xff\xfetect"),
    "url-v6-open": lambda: _json(template_doc(**_source("https://[::1"))),
    "url-port-99999": lambda: _json(template_doc(**_source("http://127.0.0.1:99999/"))),
    "url-port-0": lambda: _json(template_doc(**_source("http://[::1]:0/"))),
    "url-javascript": lambda: _json(template_doc(**_source("javascript:alert(1)"))),
    "url-file": lambda: _json(template_doc(**_source("file:///etc/passwd"))),
    "url-long": lambda: _json(template_doc(**_source("https://example.org/" + "a" * 5000))),
    "huge-number": lambda: _json(template_doc()).replace(b'"version": 1', b'"version": ' + b"9" * 5000),
    "version-30-digits": lambda: _json(template_doc()).replace(b'"version": 1', b'"version": ' + b"9" * 30),
    "negative-version": lambda: _json(template_doc(version=-1)),
    "float-version": lambda: _json(template_doc()).replace(b'"version": 1', b'"version": 1e400'),
    "nan": lambda: _json(template_doc()).replace(b'"version": 1', b'"version": NaN'),
    "deep": lambda: _json(template_doc()).replace(b'"description": ""', b'"description": ' + b"[" * 5000 + b"]" * 5000),
    "escapes-name": lambda: _json(template_doc(name="Team " + ESCAPES, id="adv-esc")),
    "escapes-item": lambda: _json(template_doc(roles=[{"name": "CFO" + ESCAPES, "items": [
        {"key": "i1", "row": "objectives", "text": "x" + ESCAPES, "keywords": []}]}])),
    "nul-in-text": lambda: _json(template_doc(name="a\x00b")),
    "rtl-zero-width": lambda: _json(template_doc(name="\u202e\u200b\u2066Team\ufeff", id="adv-rtl")),
    "duplicate-key": lambda: b'{"format": "precall-template", "format": "x"}',
    "newer-format": lambda: _json(template_doc(format_version=99)),
    "not-json": lambda: b"\x00\x01\x02garbage",
    "bom-utf16": lambda: _json(template_doc()).decode().encode("utf-16"),
    "empty": lambda: b"",
    "array": lambda: b"[]",
    "big-string": lambda: _json(template_doc(description="x" * 4_000_000)),
    "many-items": lambda: _json(template_doc(roles=[{"name": "CFO", "items": [
        {"key": f"k{n}", "row": "objectives", "text": f"t{n}", "keywords": []} for n in range(6000)]}])),
}


def feedback_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": "precall-template-feedback", "format_version": 1, "batch": "a" * 32,
                           "exported_at": "2026-11-01T00:00:00Z",
                           "counts": [{"template_id": "cfo-manufacturing", "version": 1, "item_key": "x",
                                       "confirmed": 1, "refuted": 0}]}
    doc.update(changes)
    return doc


def _count(**changes: Any) -> dict[str, Any]:
    row = dict(feedback_doc()["counts"][0])
    row.update(changes)
    return {"counts": [row]}


FEEDBACK: dict[str, Callable[[], bytes]] = {
    "valid": lambda: _json(feedback_doc()),
    "huge-count": lambda: _json(feedback_doc(**_count(confirmed=10**30))),
    "negative": lambda: _json(feedback_doc(**_count(refuted=-5))),
    "version-30-digits": lambda: _json(feedback_doc(**_count(version=10**30))),
    "escapes": lambda: _json(feedback_doc(**_count(item_key="x" + ESCAPES))),
    "surrogate": lambda: b'{"format": "precall-template-feedback", "format_version": 1, "batch": "\\udcff"}',
    "deep": lambda: b"[" * 5000 + b"]" * 5000,
    "newer": lambda: _json(feedback_doc(format_version=99)),
    "garbage": lambda: b"\xff\xfe\x00garbage",
    "float-nan": lambda: _json(feedback_doc()).replace(b'"confirmed": 1', b'"confirmed": NaN'),
}


def ics(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//adv//EN\r\n{head}{body}END:VCALENDAR\r\n"
            ).encode("utf-8", "surrogatepass")


def event(summary: str = "Call", start: str = "DTSTART:20261201T100000Z", end: str = "DTEND:20261201T110000Z",
          extra: str = "", uid: str = "adv-1@example") -> str:
    return (f"UID:{uid}\r\n{start}\r\n{end}\r\nSUMMARY:{summary}\r\n{extra}"
            "ATTENDEE;CN=Dana:mailto:dana@northwind-foods.example\r\n")


CALENDARS: dict[str, Callable[[], bytes]] = {
    "valid": lambda: ics(event()),
    "escapes-title": lambda: ics(event(summary="Call " + ESCAPES)),
    "escapes-location": lambda: ics(event(extra="LOCATION:\x1b[2Jroom\x07\r\n")),
    "nul-title": lambda: ics(event(summary="a\x00b")),
    "surrogate-title": lambda: ics(event(summary="a\udcffb")),
    "bad-utf8": lambda: ics(event()).replace(b"Call", b"C\xff\xfe"),
    "dst-gap": lambda: ics(event(start="DTSTART;TZID=Europe/Berlin:20270328T023000",
                                 end="DTEND;TZID=Europe/Berlin:20270328T033000")),
    "end-before-start": lambda: ics(event(end="DTEND:20261201T080000Z")),
    "secondly": lambda: ics(event(extra="RRULE:FREQ=SECONDLY\r\n")),
    "year-99999": lambda: ics(event(start="DTSTART:99991231T230000Z", end="DTEND:99991231T235900Z")),
    "year-0": lambda: ics(event(start="DTSTART:00000101T000000Z", end="DTEND:00000101T010000Z")),
    "unknown-tz": lambda: ics(event(start="DTSTART;TZID=Mars/Olympus:20261201T100000",
                                    end="DTEND;TZID=Mars/Olympus:20261201T110000")),
    "tz-traversal": lambda: ics(event(start="DTSTART;TZID=../../../../etc/passwd:20261201T100000",
                                      end="DTEND;TZID=../../../../etc/passwd:20261201T110000")),
    "no-start": lambda: ics("UID:x\r\nSUMMARY:no start\r\n"),
    "huge-sequence": lambda: ics(event(extra="SEQUENCE:" + "9" * 30 + "\r\n")),
    "url-javascript": lambda: ics(event(extra="URL:javascript:alert(1)\r\nLOCATION:javascript:alert(1)\r\n")),
    "long-uid": lambda: ics(event(uid="u" * 100_000)),
    "many-events": lambda: ics(*[event(uid=f"e{n}@x", summary=f"Call {n}") for n in range(6000)]),
    "not-ics": lambda: b"\x00\x01garbage\xff",
    "empty": lambda: b"",
    "deep-nesting": lambda: b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 5000 + b"END:X\r\n" * 5000 + b"END:VCALENDAR\r\n",
    "rtl-zero-width": lambda: ics(event(summary="\u202e\u200bCall\u2066")),
    "valarm-huge": lambda: ics(event(extra="BEGIN:VALARM\r\nTRIGGER:-PT" + "9" * 30 + "M\r\nACTION:DISPLAY\r\nEND:VALARM\r\n")),
}

PAGES: dict[str, Callable[[], bytes]] = {
    "escapes-title": lambda: b"<html><head><title>T \x1b]0;pwned\x07\x1b[2J\xc2\x9b2J</title></head><body><p>x</p></body></html>",
    "nul": lambda: b"<html>\x00\x00<title>a\x00</title>",
    "bad-utf8": lambda: b"<html><meta charset='utf-8'><title>\xff\xfe\xc3</title>",
    "charset-base64": lambda: b"<html><head><meta charset='base64'><title>t</title></head><body>aGk=</body></html>",
    "charset-rot13": lambda: b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=rot13'></head></html>",
    "deep": lambda: b"<div>" * 200_000,
    "feed-doctype": lambda: b"<?xml version='1.0'?><!DOCTYPE rss><rss version='2.0'><channel><title>F</title></channel></rss>",
    "billion-laughs": lambda: (b"<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaaaaaaaa'>"
                               + b"".join(b"<!ENTITY %c '%s'>" % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8))
                               + b"]><rss><channel><title>&i;</title></channel></rss>"),
    "jsonld-deep": lambda: b"<html><script type='application/ld+json'>" + b"[" * 3000 + b"]" * 3000 + b"</script></html>",
    "rtl": lambda: "<html><title>\u202egnp.exe\u200b</title></html>".encode(),
    "empty": lambda: b"",
}


def _writer(kind: dict[str, Callable[[], bytes]], name: str) -> Callable[[Path, Env], None]:
    def write(path: Path, _env: Env) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(kind[name]())
    return write


def _fifo(path: Path, _env: Env) -> None:
    os.mkfifo(path)


def _device(major: int, minor: int) -> Callable[[Path, Env], None]:
    """A copy of a device node inside the run's folder: the real /dev/null must never be
    the target of a write under test (a blind rename as root turns it into a file)."""
    def make(path: Path, _env: Env) -> None:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return make


def _symlink_to_db(path: Path, env: Env) -> None:
    os.symlink(env.db, path)


def _hardlink_to_db(path: Path, env: Env) -> None:
    os.link(env.db, path)


def _folder(path: Path, _env: Env) -> None:
    path.mkdir(parents=True)


def _folder_of_templates(bad: str) -> Callable[[Path, Env], None]:
    def make(path: Path, env: Env) -> None:
        path.mkdir(parents=True)
        (path / "good.json").write_bytes(_json(template_doc(id="adv-good", name="Good one")))
        (path / "bad.json").write_bytes(TEMPLATES[bad]())
    return make


def _folder_with_fifo(path: Path, env: Env) -> None:
    path.mkdir(parents=True)
    (path / "good.json").write_bytes(_json(template_doc(id="adv-good", name="Good one")))
    os.mkfifo(path / "pipe.json")
    os.symlink("/dev/zero", path / "zero.json")


def _dangling(path: Path, _env: Env) -> None:
    os.symlink(path.parent / "nowhere" / "x", path)


def _unreadable(path: Path, _env: Env) -> None:
    path.write_bytes(_json(template_doc()))
    os.chmod(path, 0)


GENERATORS: dict[str, Callable[[Path, Env], None]] = {
    "fifo": _fifo, "null-device": _device(1, 3), "zero-device": _device(1, 5), "urandom-device": _device(1, 9),
    "symlink-db": _symlink_to_db, "hardlink-db": _hardlink_to_db, "folder": _folder, "dangling": _dangling,
    "unreadable": _unreadable, "folder-fifo": _folder_with_fifo,
}
for _name in TEMPLATES:
    GENERATORS[f"template:{_name}"] = _writer(TEMPLATES, _name)
    GENERATORS[f"template-folder:{_name}"] = _folder_of_templates(_name)
for _name in FEEDBACK:
    GENERATORS[f"feedback:{_name}"] = _writer(FEEDBACK, _name)
for _name in CALENDARS:
    GENERATORS[f"ics:{_name}"] = _writer(CALENDARS, _name)
for _name in PAGES:
    GENERATORS[f"page:{_name}"] = _writer(PAGES, _name)
