"""Every adversarial case: each command of README's command-line block against database
states, hostile files, special files, hostile URLs and servers, numbers and escapes.

``all_cases()`` is the full run; ``sample()`` a deterministic slice for CI."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from tests.adversarial.corpus.files import CALENDARS, ESCAPES, FEEDBACK, PAGES, TEMPLATES
from tests.adversarial.corpus.servers import NON_TEXT_CHARSETS, ROBOTS, ROUTES
from tests.adversarial.harness import Case

ACCOUNT = "Northwind Foods"
REFRESH = ("research", "refresh", "--account", ACCOUNT, "--allow-private", "--delay", "0")

# (group, argv, input files, preparation, mutating)
COMMANDS: list[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...], bool]] = [
    ("meeting", ("meeting", "list"), (), (), False),
    ("meeting", ("meeting", "list", "--json"), (), (), False),
    ("demo", ("demo",), (), (), False),
    ("demo", ("demo", "--force"), (), (), True),
    ("brief", ("brief", "1", "-o", "{work}/out.html"), (), (), False),
    ("brief", ("brief", "1", "--format", "md", "-o", "{work}/out.md"), (), (), False),
    ("brief", ("brief", "2", "-o", "{work}/out.pdf"), (), (), False),
    ("search", ("search", "northwind"), (), (), False),
    ("search", ("search", "capital", "--json", "--limit", "5"), (), (), False),
    ("extract", ("extract", "{work}/page.html", "--json"), (("page.html", "page:rtl"),), (), False),
    ("research", ("research", "add", "{srv:plain}/ok", "--account", ACCOUNT), (), (), False),
    ("research", ("research", "list", "--json"), (), (), False),
    ("research", ("research", "remove", "1"), (), ("source=page|{srv:plain}/ok",), True),
    ("research refresh", REFRESH, (), ("source=page|{srv:plain}/ok",), False),
    ("template", ("template", "list"), (), (), False),
    ("template", ("template", "export", "cfo-manufacturing", "-o", "{work}/out.json"), (), (), False),
    ("template", ("template", "import", "{work}/t.json"), (("t.json", "template:valid"),), (), False),
    ("template", ("template", "diff", "cfo-manufacturing"), (), (), False),
    ("template", ("template", "apply", "cfo-manufacturing", "--account", ACCOUNT, "--dry-run"), (), (), False),
    ("template", ("template", "apply", "cfo-manufacturing", "--account", ACCOUNT), (), (), False),
    ("template share", ("template", "subscribe", "{work}/team"), (("team", "template-folder:valid"),), (), False),
    ("template share", ("template", "unsubscribe", "{work}/team"), (("team", "template-folder:valid"),),
     ("sub=team",), True),
    ("template share", ("template", "check"), (("team", "template-folder:valid"),), ("sub=team",), False),
    ("template feedback", ("template", "feedback", "export", "-o", "{work}/fb.json"), (), (), False),
    ("template feedback", ("template", "feedback", "import", "{work}/in.json"), (("in.json", "feedback:valid"),), (), False),
    ("template feedback", ("template", "feedback", "report", "--json"), (), (), False),
    ("calendar import", ("calendar", "import", "{work}/c.ics", "--tz", "Europe/Berlin"), (("c.ics", "ics:valid"),), (), False),
    ("calendar import", ("calendar", "import", "{work}/c.ics", "--dry-run", "--json"), (("c.ics", "ics:valid"),), (), False),
    ("calendar export", ("calendar", "export", "1", "-o", "{work}/out.ics"), (), (), False),
    ("calendar export", ("calendar", "export", "--upcoming", "-o", "{work}/out.ics", "--reminder", "5"), (), (), False),
    ("calendar watch", ("calendar", "watch", "add", "{work}/c.ics"), (("c.ics", "ics:valid"),), (), False),
    ("calendar watch", ("calendar", "watch", "list", "--json"), (), (), False),
    ("calendar watch", ("calendar", "watch", "remove", "1"), (("c.ics", "ics:valid"),), ("feed=c.ics",), True),
    ("calendar watch", ("calendar", "watch", "check", "--tz", "Europe/Berlin"), (("c.ics", "ics:valid"),),
     ("feed=c.ics",), False),
    ("backup", ("backup", "now"), (), (), False),
    ("backup", ("backup", "list", "--json", "--verify"), (), (), False),
    ("check", ("check",), (), (), False),
    ("check", ("check", "--repair"), (), (), True),
    ("check", ("check", "--repair", "--from", "{dbdir}/backups/precall-manual-20261120T000000Z.db"), (), (), True),
]

# Commands that only read: they must work on a read-only or full database.
READ_ONLY = {"meeting list", "meeting list --json", "search northwind", "research list --json",
             "template feedback report --json", "calendar watch list --json", "backup list --json --verify", "check"}

# What the one error line must mention when a state is refused.
STATE_MESSAGES = {
    "zero-backups": r"backup", "trunc-100": r"backup|damaged|not a", "flip-header": r"backup|damaged|not a",
    "foreign": r"precall|another|not a",
    # "--from" a backup that is not there is named first: that is what the rep asked for.
    "newer-migration": r"newer|there is no backup", "directory": r"folder|directory",
    "root": r"folder|directory", "long-name": r"long|name",
}
STATES = ("demo", "new", "zero", "zero-backups", "trunc-100", "trunc-4096", "trunc-half", "trunc-last-page",
          "flip-header", "flip-page-size", "flip-middle", "flip-schema", "foreign", "newer-migration",
          "newer-user-version", "wal-only", "directory", "root", "long-name", "missing-folder",
          "ro-file", "ro-folder", "full-disk")
_NO_PREP = {"new", "zero", "zero-backups", "trunc-100", "trunc-4096", "trunc-half", "trunc-last-page",
            "flip-header", "flip-page-size", "flip-middle", "flip-schema", "foreign", "wal-only", "directory",
            "root", "long-name", "missing-folder", "ro-file", "ro-folder", "full-disk"}


def _slug(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-." else "-" for c in text.lower())
    return "-".join(p for p in keep.split("-") if p)[:60]


# Every command runs against these states; the damaged ones get the commands below
# (one of each kind of door: read, write, file in, file out, network, backup, repair),
# which keeps the full run near ten minutes of CPU.
ALL_COMMANDS_STATES = {"demo", "new", "ro-folder", "full-disk"}
DAMAGE_COMMANDS = {"meeting list", "brief 1 -o {work}/out.html", "search northwind",
                   "research add {srv:plain}/ok --account Northwind Foods",
                   "research refresh --account Northwind Foods --allow-private --delay 0", "template list",
                   "template export cfo-manufacturing -o {work}/out.json", "template import {work}/t.json",
                   "template subscribe {work}/team", "template check", "template feedback export -o {work}/fb.json",
                   "calendar import {work}/c.ics --tz Europe/Berlin", "calendar export 1 -o {work}/out.ics",
                   "backup now", "check", "check --repair",
                   "check --repair --from {dbdir}/backups/precall-manual-20261120T000000Z.db"}


def database_cases() -> list[Case]:
    cases = []
    for state in STATES:
        for group, argv, files, prep, mutating in COMMANDS:
            key = " ".join(argv)
            if state not in ALL_COMMANDS_STATES and key not in DAMAGE_COMMANDS:
                continue
            if prep and state in _NO_PREP:
                prep = ()  # the step writes SQL into a good database; here the state is the point
                if "watch remove" in key or "unsubscribe" in key or "research remove" in key:
                    continue
            expect = "any"
            if state in ("demo", "ro-file", "ro-folder", "full-disk") and key in READ_ONLY:
                expect = "ok"
            needs = ("mount",) if state in ("ro-file", "ro-folder", "full-disk") else ()
            cases.append(Case(id=f"db/{state}/{_slug(key)}", group=group, argv=argv, db=state, files=files,
                              prep=prep, expect=expect, message=STATE_MESSAGES.get(state), mutating=mutating,
                              needs=needs, timeout=30 if group == "research refresh" else 20))
    return cases


SPECIAL_INPUTS = {"fifo": "fifo", "zero": "zero-device", "urandom": "urandom-device", "folder": "folder",
                  "dangling": "dangling", "unreadable": "unreadable", "the-db": None}


def input_cases() -> list[Case]:
    doors = [("template", ("template", "import"), "template", TEMPLATES),
             ("template feedback", ("template", "feedback", "import"), "feedback", FEEDBACK),
             ("calendar import", ("calendar", "import", "--tz", "Europe/Berlin"), "ics", CALENDARS),
             ("extract", ("extract", "--json"), "page", PAGES)]
    cases = []
    for group, argv, kind, corpus in doors:
        for name in corpus:
            post = "meeting-length" if name in ("dst-gap", "end-before-start") else None
            cases.append(Case(id=f"input/{kind}/{name}", group=group, argv=(*argv, "{work}/in"),
                              files=(("in", f"{kind}:{name}"),), post=post))
            if kind == "ics" and ("escape" in name or name in ("secondly", "many-events", "dst-gap")):
                cases.append(Case(id=f"input/ics-dry/{name}", group=group, argv=(*argv, "{work}/in", "--dry-run", "--json"),
                                  files=(("in", f"{kind}:{name}"),)))
            if kind == "ics":
                cases.append(Case(id=f"input/watch-check/{name}", group="calendar watch",
                                  argv=("calendar", "watch", "check", "--tz", "Europe/Berlin"),
                                  files=(("in.ics", f"ics:{name}"),), prep=("feed=in.ics",), post=post))
        for special, generator in SPECIAL_INPUTS.items():
            files = ((("in", generator),) if generator else ())
            target = "{work}/in" if generator else "{db}"
            # Root reads a mode-000 file anyway, and any regular file is a page to extract.
            lenient = special == "unreadable" or (kind == "page" and special == "the-db")
            cases.append(Case(id=f"input/{kind}/special-{special}", group=group, argv=(*argv, target),
                              files=files, expect="any" if lenient else "fail",
                              message=None if lenient else r"/|file|folder", timeout=15))
    for name in TEMPLATES:
        cases.append(Case(id=f"input/subscribe-folder/{name}", group="template share",
                          argv=("template", "subscribe", "{work}/team"), files=(("team", f"template-folder:{name}"),),
                          post="good-template-imported"))
        if name in ("lone-surrogate", "url-v6-open", "huge-number", "url-port-99999", "deep", "bad-utf8", "nul-in-text"):
            cases.append(Case(id=f"input/check-folder/{name}", group="template share", argv=("template", "check"),
                              files=(("team", f"template-folder:{name}"),), prep=("sub=team",),
                              post="good-template-imported"))
    cases.append(Case(id="input/subscribe-folder/fifo-and-zero-link", group="template share",
                      argv=("template", "subscribe", "{work}/team"), files=(("team", "folder-fifo"),),
                      post="good-template-imported", timeout=15))
    cases.append(Case(id="input/feedback/two-files-one-fifo", group="template feedback",
                      argv=("template", "feedback", "import", "{work}/a.json", "{work}/p"),
                      files=(("a.json", "feedback:valid"), ("p", "fifo")), expect="fail", timeout=15))
    return cases


OUTPUT_TARGETS = {
    "the-db": ("{db}", (), None), "dotdot-db": ("{dbdir}/../db/precall.db", (), None),
    "symlink-db": ("{work}/link.out", (("link.out", "symlink-db"),), "link.out"),
    "hardlink-db": ("{work}/hard.out", (("hard.out", "hardlink-db"),), None),
    "null-device": ("{work}/null", (("null", "null-device"),), "null"),
    "fifo": ("{work}/pipe", (("pipe", "fifo"),), "pipe"),
    "folder": ("{work}/dir", (("dir", "folder"),), "dir"),
    "dangling": ("{work}/dangling", (("dangling", "dangling"),), "dangling"),
    "missing-parent": ("{work}/no/such/dir/out", (), None),
    "long-name": ("{work}/" + "n" * 300, (), None),
    "wal-file": ("{db}-wal", (), None),
    "backup-file": ("{dbdir}/backups/precall-manual-20261120T000000Z.db", (), None),
}


def output_cases() -> list[Case]:
    writers = [("brief", ("brief", "1", "--format", "html", "-o")), ("brief", ("brief", "1", "--format", "pdf", "-o")),
               ("template", ("template", "export", "cfo-manufacturing", "-o")),
               ("calendar export", ("calendar", "export", "1", "-o")),
               ("calendar export", ("calendar", "export", "--upcoming", "-o")),
               ("template feedback", ("template", "feedback", "export", "-o"))]
    cases = []
    for group, argv in writers:
        for name, (target, files, keep) in OUTPUT_TARGETS.items():
            expect = "any" if name in ("missing-parent", "wal-file") else "fail"
            db = "demo-with-backup" if name == "backup-file" else "demo"
            cases.append(Case(id=f"output/{_slug(' '.join(argv[:3]))}/{name}", group=group, argv=(*argv, target),
                              db=db, files=files, expect=expect, keep_type=(keep,) if keep else (),
                              message=None if expect == "any" else r"/|precall", timeout=15))
    return cases


URLS: dict[str, str | bytes] = {
    "port-99999": "http://127.0.0.1:99999/", "v6-unclosed": "https://[::1", "v6-port-0": "http://[::1]:0/",
    "port-65536": "http://[::1]:65536/", "surrogate": b"http://\xff\xfe.example/\xed\xa0\x80",
    "long": "https://example.org/" + "a" * 5000, "file": "file:///etc/passwd", "javascript": "javascript:alert(1)",
    "6to4-loopback": "http://[2002:7f00::1]/", "site-local": "http://[fec0::1]/",
    "mapped-v4": "http://[::ffff:127.0.0.1]/", "hex-ip": "http://0x7f000001/", "short-ip": "http://127.1/",
    "empty": "", "space": " ", "scheme-only": "http://", "space-host": "http://a b/", "ftp": "ftp://127.0.0.1/",
    "userinfo": "http://user:pass@127.0.0.1:1/", "idn": "http://ex\u00e4mple.test/",
    "zero-width": "http://ex\u200bample.test/", "escapes": "http://x.test/\x1b[2J\x07", "nul": "http://x.test/%00",
    "data": "data:text/html,<b>x</b>", "webcal-bad": "webcal://[::1", "numeric-30": "http://" + "9" * 30 + "/",
}
PRIVATE = {"6to4-loopback", "site-local", "mapped-v4", "hex-ip", "short-ip"}
# Not a usable http(s) address at all: every door must refuse these when they come in.
INVALID = {"port-99999", "v6-unclosed", "v6-port-0", "port-65536", "surrogate", "file", "javascript", "empty",
           "space", "scheme-only", "space-host", "ftp", "data", "webcal-bad"}


def url_cases() -> list[Case]:
    cases = []
    for name, url in URLS.items():
        message = r"private|local|loopback|refus|not allowed|reserved" if name in PRIVATE else None
        refuse = "fail" if name in INVALID else "any"
        doors = [
            ("research", ("research", "add", url, "--account", ACCOUNT), (), None, refuse),
            # extract reads files as well as pages: file:///etc/passwd is the rep's own file.
            ("extract", ("extract", url), (), None, "any" if name == "file" else "fail"),
            ("template share", ("template", "subscribe", url), (), None, "fail" if name in INVALID | PRIVATE else "any"),
            ("calendar watch", ("calendar", "watch", "add", url), (), None, refuse),
        ]
        if isinstance(url, str) and url.startswith("http"):  # what the table's CHECK lets be stored
            doors += [
                ("research refresh", REFRESH, (f"source=page|{url}", "source=page|{srv:plain}/ok"), "good-page-fetched", "any"),
                ("template share", ("template", "check"), (f"sub={url}",), None, "any"),
                ("calendar watch", ("calendar", "watch", "check", "--allow-private", "--tz", "Europe/Berlin"),
                 (f"feed={url}",), None, "any"),
            ]
        for group, argv, prep, post, expect in doors:
            cases.append(Case(id=f"url/{name}/{_slug(' '.join(a for a in argv[:3] if isinstance(a, str)))}",
                              group=group, argv=argv, prep=prep, post=post, expect=expect,
                              message=message if argv[0] in ("extract", "template") and argv[1] != "check" else None,
                              timeout=40))
    return cases


SLOW_ROUTES = {"/drip", "/stall", "/huge", "/ics-huge"}


def server_cases() -> list[Case]:
    cases = []
    routes = sorted(ROUTES)
    for route in routes:
        slow = route in SLOW_ROUTES
        timeout = 45 if slow else 30
        cases.append(Case(id=f"server/extract{route}", group="extract",
                          argv=("extract", f"{{srv:plain}}{route}", "--allow-private", "--json"), slow=slow, timeout=timeout))
        kind = "feed" if "feed" in route or route == "/laughs" else "page"
        good = "/ok2" if route == "/ok" else "/ok"
        cases.append(Case(id=f"server/refresh{route}", group="research refresh", argv=REFRESH,
                          prep=(f"source={kind}|{{srv:plain}}{route}", f"source=page|{{srv:plain}}{good}"),
                          post="good-page-fetched", slow=slow, timeout=timeout))
        if route.startswith(("/ok", "/status", "/reset", "/redirect", "/feed", "/garbage", "/gzip", "/charset/base64")):
            cases.append(Case(id=f"server/refresh-site{route}", group="research refresh", argv=REFRESH,
                              prep=(f"source=site|{{srv:plain}}{route}",), slow=slow, timeout=timeout))
            cases.append(Case(id=f"server/subscribe{route}", group="template share",
                              argv=("template", "subscribe", f"{{srv:plain}}{route}", "--allow-private"),
                              slow=slow, timeout=timeout))
            cases.append(Case(id=f"server/watch{route}", group="calendar watch",
                              argv=("calendar", "watch", "check", "--allow-private", "--tz", "Europe/Berlin"),
                              prep=(f"feed={{srv:plain}}{route}",), slow=slow, timeout=timeout))
    for server in ROBOTS:
        slow = server == "robots-drip"
        cases.append(Case(id=f"server/robots/{server}", group="research refresh", argv=REFRESH,
                          prep=(f"source=site|{{srv:{server}}}/ok", f"source=page|{{srv:{server}}}/ok2"),
                          slow=slow, timeout=45))
    cases.append(Case(id="server/refresh/escape-title-then-search", group="search",
                      argv=("search", "Quarterly"), prep=("item-title=Quarterly " + ESCAPES,)))
    return cases


NUMBERS = {"30-digits": "9" * 30, "2**63": str(2**63), "negative": "-1", "zero": "0", "fullwidth": "\uff11",
           "float": "1.5", "exp": "1e3", "hex": "0x1", "space": " 1", "nan": "nan", "inf": "inf"}


def number_cases() -> list[Case]:
    cases = []
    for name, n in NUMBERS.items():
        shapes = [
            ("brief", ("brief", n, "-o", "{work}/out.html")),
            ("calendar export", ("calendar", "export", n, "-o", "{work}/out.ics")),
            ("research", ("research", "remove", n)),
            ("calendar watch", ("calendar", "watch", "remove", n)),
            ("template", ("template", "export", "cfo-manufacturing", "-o", "{work}/out.json", "--version", n)),
            ("template", ("template", "diff", "cfo-manufacturing", "--from", n)),
            ("search", ("search", "northwind", "--limit", n)),
            ("calendar import", ("calendar", "import", "{work}/c.ics", "--days-ahead", n)),
            ("calendar import", ("calendar", "import", "{work}/c.ics", "--days-back", n)),
            ("calendar export", ("calendar", "export", "--upcoming", "-o", "{work}/out.ics", "--reminder", n)),
            ("research refresh", (*REFRESH[:-1], n)),
        ]
        for group, argv in shapes:
            files = (("c.ics", "ics:valid"),) if "import" in argv else ()
            cases.append(Case(id=f"number/{name}/{_slug(' '.join(argv[:2]))}-{_slug(argv[-2])}", group=group,
                              argv=argv, files=files, timeout=30))
    for big in ("10" + "0" * 8, "1" + "0" * 12):
        cases.append(Case(id=f"number/days-ahead-{len(big)}", group="calendar import",
                          argv=("calendar", "import", "{work}/c.ics", "--days-ahead", big), files=(("c.ics", "ics:valid"),)))
        cases.append(Case(id=f"number/reminder-{len(big)}", group="calendar export",
                          argv=("calendar", "export", "--upcoming", "-o", "{work}/out.ics", "--reminder", big)))
    cases.append(Case(id="number/template-export-version-1-writes", group="template",
                      argv=("template", "export", "cfo-manufacturing", "-o", "{work}/out.json", "--version", "1"),
                      expect="ok", post="output-written"))
    return cases


def text_cases() -> list[Case]:
    esc = ESCAPES
    cases = [
        Case(id="text/meeting-title/list", group="meeting", argv=("meeting", "list"), prep=(f"meeting-title=Call {esc}",)),
        Case(id="text/meeting-title/json", group="meeting", argv=("meeting", "list", "--json"),
             prep=(f"meeting-title=Call {esc}",)),
        Case(id="text/meeting-title/search", group="search", argv=("search", "Call"), prep=(f"meeting-title=Call {esc}",)),
        Case(id="text/meeting-title/brief", group="brief", argv=("brief", "1", "-o", "{work}/b.md"),
             prep=(f"meeting-title=Call {esc}",)),
        Case(id="text/account-name/brief", group="brief", argv=("brief", "1", "-o", "{work}/b.html"),
             prep=(f"account-name={esc}",)),
        Case(id="text/account-name/list", group="meeting", argv=("meeting", "list"), prep=(f"account-name={esc}",)),
        Case(id="text/item-title/search-json", group="search", argv=("search", "capital", "--json"),
             prep=(f"item-title=capital {esc}",)),
        Case(id="text/template-name/list", group="template", argv=("template", "list"),
             files=(("t.json", "template:escapes-name"),), prep=("template=t.json",)),
        Case(id="text/template-name/import", group="template", argv=("template", "import", "{work}/t.json"),
             files=(("t.json", "template:escapes-name"),)),
        Case(id="text/template-item/apply", group="template", argv=("template", "apply", "adv-team", "--account", ACCOUNT),
             files=(("t.json", "template:escapes-item"),), prep=("template=t.json",)),
        Case(id="text/template-item/diff", group="template", argv=("template", "diff", "adv-team"),
             files=(("t.json", "template:escapes-item"),), prep=("template=t.json",)),
        Case(id="text/research-label", group="research", argv=("research", "add", "{srv:plain}/ok", "--account", ACCOUNT,
                                                                  "--label", esc)),
        Case(id="text/arg-template-name", group="template", argv=("template", "export", esc, "-o", "{work}/o.json"),
             expect="fail"),
        Case(id="text/arg-account", group="template", argv=("template", "apply", "cfo-manufacturing", "--account", esc),
             expect="fail"),
        Case(id="text/arg-search", group="search", argv=("search", esc)),
        Case(id="text/arg-tz", group="calendar import", argv=("calendar", "import", "{work}/c.ics", "--tz", esc),
             files=(("c.ics", "ics:valid"),), expect="fail"),
        Case(id="text/arg-surrogate-path", group="template", argv=("template", "import", b"/tmp/\xff\xfe-nonexistent.json"),
             expect="fail"),
        Case(id="text/arg-surrogate-search", group="search", argv=("search", b"north\xffwind")),
        Case(id="text/arg-rtl-account", group="research",
             argv=("research", "add", "{srv:plain}/ok", "--account", "\u202eNorthwind\u200b"), expect="fail"),
        Case(id="text/arg-industry-empty", group="research", argv=("research", "add", "{srv:plain}/ok", "--industry", " "),
             expect="fail"),
        Case(id="text/arg-nul-file", group="extract", argv=("extract", "{work}/in"), files=(("in", "page:nul"),)),
        Case(id="text/research-list-after-escape-error", group="research", argv=("research", "list"),
             prep=("source=page|http://x.test/\x1b[2J",)),
    ]
    usage = [("brief",), ("template",), ("calendar", "export", "-o"), ("nonsense-command",), ("search",),
             ("brief", "1", "-o", "x", "--format"), ("calendar", "watch", "remove", "x"), ("research", "refresh", "--delay", "x"),
             ("template", "feedback"), ("check", "--from")]
    for argv in usage:
        cases.append(Case(id=f"usage/{_slug(' '.join(argv))}", group="usage", argv=argv, expect="usage"))
    return cases


def all_cases() -> list[Case]:
    cases = database_cases() + input_cases() + output_cases() + url_cases() + server_cases() + number_cases() + text_cases()
    seen: dict[str, int] = {}
    unique = []
    for case in cases:
        n = seen.get(case.id, 0)
        seen[case.id] = n + 1
        unique.append(case if n == 0 else replace(case, id=f"{case.id}#{n}"))
    return unique


def sample(cases: list[Case], size: int = 100) -> list[Case]:
    """A fixed slice that still touches every group: the cases whose id hashes lowest,
    slow ones left out, at least three per group."""
    def rank(case: Case) -> str:
        return hashlib.sha256(case.id.encode()).hexdigest()
    quick = sorted((c for c in cases if not c.slow and c.timeout < 40), key=rank)
    chosen: dict[str, Case] = {}
    per_group: dict[str, int] = {}
    for case in quick:
        if per_group.get(case.group, 0) < 3:
            chosen[case.id] = case
            per_group[case.group] = per_group.get(case.group, 0) + 1
    for case in quick:
        if len(chosen) >= size:
            break
        chosen.setdefault(case.id, case)
    return sorted(chosen.values(), key=lambda c: c.id)
