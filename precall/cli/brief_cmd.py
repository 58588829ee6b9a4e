"""``precall brief MEETING_ID --format html|md|pdf -o FILE``: write one meeting's brief.

The brief is generated fresh and kept as a snapshot, like one generated in the app.
PDF needs Qt, which the core never imports: the renderer arrives as
``ctx.services["pdf"]`` from ``ui/entry.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from precall.cli.argtypes import record_id
from precall.cli.context import CliContext
from precall.errors import PrecallError, ValidationError
from precall.fileio import atomic_write_text, check_output_path

FORMATS = {"html": "html", "md": "md", "markdown": "md", "pdf": "pdf"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "brief", help="write a meeting's one-page brief (HTML, Markdown or PDF)",
        description="Generate the brief for one meeting, keep it as a dated snapshot and write it to FILE.",
    )
    parser.add_argument("meeting_id", type=record_id, metavar="MEETING_ID", help="the meeting's id (see 'precall meeting list')")
    parser.add_argument("--format", dest="fmt", default=None, metavar="html|md|pdf",
                        help="output format (default: from FILE's extension)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="where to write the brief")
    parser.set_defaults(func=run)


def output_format(fmt: str | None, output: Path) -> str:
    wanted = fmt if fmt is not None else output.suffix.lstrip(".")
    found = FORMATS.get((wanted or "").strip().lower())
    if found is None:
        if fmt is None:
            raise ValidationError(f"Cannot tell the format from {output.name!r}; add --format html, md or pdf.", "format")
        raise ValidationError(f"Unknown format {fmt!r}; use html, md or pdf.", "format")
    return found


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from precall.briefs.generate import generate_brief

    meeting_id: int = args.meeting_id
    fmt = output_format(args.fmt, args.output)
    render_pdf = ctx.services.get("pdf")
    if fmt == "pdf" and render_pdf is None:
        raise PrecallError("PDF output needs Precall's desktop components (Qt); use --format html or md.")
    # Before the brief is generated: a refused output must leave the database unchanged.
    check_output_path(args.output)
    with ctx.open_store() as store:
        generated = generate_brief(store, meeting_id)
    snapshot = generated.snapshot
    if fmt == "html":
        atomic_write_text(args.output, snapshot.html)
    elif fmt == "md":
        atomic_write_text(args.output, snapshot.markdown)
    elif render_pdf is not None:  # "pdf": a missing renderer was refused above
        render_pdf(snapshot.html, args.output, title=snapshot.title)
    state = "new snapshot" if generated.created else "unchanged since the last snapshot"
    ctx.print(f"Wrote the brief for meeting {meeting_id} to {args.output} ({state}, {snapshot.created_at:%Y-%m-%d %H:%M} UTC).")
    return 0
