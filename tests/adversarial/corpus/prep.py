"""Preparation steps run in the test process before a case's command (``step`` strings
like ``source=page|URL``), and extra checks run after it (``POSTS``).

Steps write hostile values straight into the database with SQL, as an older Precall, a
shared template or another tool could have left them: the command under test must cope
with what is stored, whatever the door it came through."""

from __future__ import annotations

import sqlite3
from typing import Callable

from tests.adversarial.harness import Env, Verdict

NOW = "2026-11-20T09:00:00+00:00"


def _conn(env: Env) -> sqlite3.Connection:
    conn = sqlite3.connect(env.db)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def prep(step: str, env: Env) -> None:
    name, _, arg = step.partition("=")
    arg = str(env.expand(arg))
    if name == "template":
        from precall.errors import PrecallError
        from precall.store import Store

        with Store.open(env.db) as store:
            try:
                store.templates.import_file(env.work / arg)
            except PrecallError:
                pass  # a fixed Precall may refuse it; the case then checks the refusal
        return
    conn = _conn(env)
    try:
        with conn:
            if name == "source":
                kind, _, url = arg.partition("|")
                conn.execute("INSERT INTO research_sources(url, kind, account_id, created_at) VALUES (?, ?, 1, ?)",
                             [url, kind, NOW])
            elif name == "feed":
                kind = "url" if "://" in arg else "file"
                location = arg if kind == "url" else str(env.work / arg)
                conn.execute("INSERT INTO calendar_feeds(kind, location, created_at) VALUES (?, ?, ?)",
                             [kind, location, NOW])
            elif name == "sub":
                kind = "url" if "://" in arg else "folder"
                location = arg if kind == "url" else str(env.work / arg)
                conn.execute("INSERT INTO template_subscriptions(kind, location, allow_private, created_at) "
                             "VALUES (?, ?, 1, ?)", [kind, location, NOW])
            elif name == "meeting-title":
                conn.execute("UPDATE meetings SET title = ?, location = ?", [arg, arg])
            elif name == "item-title":
                conn.execute("UPDATE research_items SET title = ?, summary = ?", [arg, arg])
            elif name == "account-name":
                conn.execute("UPDATE accounts SET name = ? || id", [arg])
            else:
                raise ValueError(f"unknown preparation step {step!r}")
    finally:
        conn.close()


def _statuses(env: Env) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{env.db}?mode=ro", uri=True)
    try:
        return {url: status for url, status in conn.execute("SELECT url, last_status FROM research_sources")}
    finally:
        conn.close()


def good_page_fetched(v: Verdict, env: Env) -> str | None:
    """Issue 10 item 6: one bad URL must not mark its whole host down."""
    bad = {url: s for url, s in _statuses(env).items() if url.endswith(("/ok", "/ok2")) and s not in ("ok", "not_modified")}
    if bad:
        return f"a good page on the same host as a failing one was not fetched: {bad}"
    return None


def good_template_imported(v: Verdict, env: Env) -> str | None:
    """Issue 10 item 5: one malformed template must not stop the valid one beside it."""
    conn = sqlite3.connect(f"file:{env.db}?mode=ro", uri=True)
    try:
        found = conn.execute("SELECT 1 FROM templates WHERE id = 'adv-good'").fetchone()
    except sqlite3.Error as exc:
        return f"cannot read the templates: {exc}"
    finally:
        conn.close()
    return None if found else "the valid template beside a malformed one was not imported"


def output_written(v: Verdict, env: Env) -> str | None:
    """Issue 10 item 10: a command that says it wrote a file must have written it."""
    if v.returncode == 0 and not (env.work / "out.json").is_file():
        return "reported success but wrote no file"
    return None


def meeting_minutes(minimum: int) -> Callable[[Verdict, Env], str | None]:
    """Issue 10 item 11: a DST-gap start or an end before the start must not make a
    0-minute or a 24-hour meeting."""
    def check(v: Verdict, env: Env) -> str | None:
        if v.returncode != 0:
            return None
        conn = sqlite3.connect(f"file:{env.db}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT title, (julianday(end_utc) - julianday(start_utc)) * 1440 FROM meetings "
                                "WHERE title LIKE 'Call%'").fetchall()
        finally:
            conn.close()
        odd = [(t, round(m)) for t, m in rows if m is not None and not minimum <= m <= 12 * 60]
        return f"imported meetings with odd lengths (minutes): {odd}" if odd else None
    return check


POSTS: dict[str, Callable[[Verdict, Env], str | None]] = {
    "good-page-fetched": good_page_fetched,
    "good-template-imported": good_template_imported,
    "output-written": output_written,
    "meeting-length": meeting_minutes(1),
}
