"""``precall template ...`` end to end against a real database file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from precall.cli.context import CliContext
from precall.cli.main import build_parser, main
from tests.precall.templates.builders import template_doc, write_doc


def _run(db: Path, clock, *argv: str) -> tuple[int, str, str]:
    ctx = CliContext(db_path=db, out=io.StringIO(), err=io.StringIO(), clock=clock)
    code = main(["--db", str(db), *argv], ctx=ctx)
    return code, ctx.out.getvalue(), ctx.err.getvalue()


def test_export_import_round_trip_and_list(db_path: Path, tmp_path: Path, clock) -> None:
    code, out, _ = _run(db_path, clock, "template", "list", "--json")
    assert code == 0
    assert {t["id"] for t in json.loads(out)} == {"vp-marketing-saas", "cfo-manufacturing", "it-director-healthcare"}
    target = tmp_path / "shared" / "cfo.json"
    code, out, _ = _run(db_path, clock, "template", "export", "CFO in manufacturing", "-o", str(target))
    assert code == 0 and target.exists()
    other = tmp_path / "other.db"
    code, out, _ = _run(other, clock, "template", "import", str(target))
    assert code == 0 and "Imported 'CFO in manufacturing' version 1 (34 assumptions)" in out
    assert json.loads(_run(other, clock, "template", "list", "--json")[1])[0]["items"] == 34


def test_import_of_a_bad_file_is_one_line_on_stderr(db_path: Path, tmp_path: Path, clock) -> None:
    doc = template_doc()
    doc["roles"][0]["items"][0]["keywords"] = "not a list"
    code, out, err = _run(db_path, clock, "template", "import", str(write_doc(tmp_path / "bad.json", doc)))
    assert code == 1 and out == ""
    assert err.startswith("precall: error: bad.json: roles[0].items[0].keywords should be a list")
    assert "Traceback" not in err


def test_apply_dry_run_then_apply_then_diff(db_path: Path, tmp_path: Path, clock) -> None:
    from precall.store import Store

    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Acme Tools")
    _run(db_path, clock, "template", "import", str(write_doc(tmp_path / "v1.json", template_doc())))
    code, out, _ = _run(db_path, clock, "template", "apply", "Team CFO", "--account", "acme tools", "--dry-run")
    assert code == 0 and out.startswith("Would apply 'Team CFO' version 1 to Acme Tools: 6 new assumptions.")
    code, out, _ = _run(db_path, clock, "template", "apply", "team-cfo", "--account", "Acme Tools")
    assert "+ CFO / Objectives: Assumption number 0" in out
    v2 = template_doc(version=2)
    v2["roles"][0]["items"][0]["text"] = "Sharper"
    _run(db_path, clock, "template", "import", str(write_doc(tmp_path / "v2.json", v2)))
    code, out, _ = _run(db_path, clock, "template", "diff", "team-cfo")
    assert "version 1 → 2: 1 changed" in out and "was: Assumption number 0" in out
    code, out, _ = _run(db_path, clock, "template", "apply", "team-cfo", "--account", "Acme Tools")
    assert "1 changed" in out


def test_subscribe_check_and_feedback_commands(db_path: Path, tmp_path: Path, clock) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "cfo.json", template_doc())
    code, out, _ = _run(db_path, clock, "template", "subscribe", str(folder))
    assert code == 0 and "new template 'Team CFO'" in out
    code, out, _ = _run(db_path, clock, "template", "check")
    assert "no changes" in out
    feedback = tmp_path / "fb.json"
    code, out, _ = _run(db_path, clock, "template", "feedback", "export", "-o", str(feedback))
    assert code == 0 and feedback.exists()
    code, out, _ = _run(db_path, clock, "template", "feedback", "import", str(feedback))
    assert code == 0 and "Imported feedback on 0 assumptions" in out
    code, out, _ = _run(db_path, clock, "template", "unsubscribe", str(folder))
    assert code == 0 and "Unsubscribed" in out


def test_every_template_command_has_help() -> None:
    parser = build_parser()
    template = parser._subparsers._group_actions[0].choices["template"]  # type: ignore[union-attr]
    actions = template._subparsers._group_actions[0]  # type: ignore[union-attr]
    assert set(actions.choices) == {"list", "export", "import", "diff", "apply", "subscribe", "unsubscribe",
                                    "check", "feedback"}
    for choice in actions._choices_actions:
        assert choice.help, choice.dest
    with pytest.raises(SystemExit):
        parser.parse_args(["template", "export", "--help"])
