"""The brief pack: every upcoming brief with the research it cites, for another device.

A folder of self-contained HTML files (``index.html``, ``briefs/meeting-N.html`` and
``research/item-N.html`` with each cited item's clean text), linked to each other by
relative links only and loading nothing, plus one combined PDF. Building reads the
store (on the database worker); writing goes to a temporary folder that is renamed
into place at the end, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from precall.briefs.generate import generate_brief
from precall.briefs.model import BriefData, BriefResearch
from precall.briefs.render_html import format_date, format_when, heading, page, render_body, render_html
from precall.briefs.safety import esc, one_line
from precall.domain.meetings import MeetingStatus
from precall.errors import NotFoundError, PrecallError
from precall.fileio import atomic_write_bytes, atomic_write_text
from precall.progress import Progress

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.briefs")

PDF_NAME = "briefs.pdf"
#: Research pages are for reading, not archiving: very long texts are cut here.
MAX_RESEARCH_CHARS = 200_000


@dataclass(frozen=True)
class BriefPack:
    """Everything to write, already rendered: relative path -> HTML text."""

    files: dict[str, str]
    combined_html: str
    briefs: int
    research: int
    generated_at: datetime
    titles: list[str] = field(default_factory=list)


def brief_path(meeting_id: int) -> str:
    return f"briefs/meeting-{meeting_id}.html"


def research_path(item_id: int) -> str:
    return f"research/item-{item_id}.html"


def _no_external_link(_url: str) -> None:
    # Inside the pack every link stays in the pack; web addresses show as text.
    return None


def build_pack(store: "Store", progress: Progress | None = None, now: datetime | None = None) -> BriefPack:
    """Generate (and snapshot) the brief of every upcoming planned meeting."""
    progress = progress or Progress()
    now = now or store.now()
    upcoming = [m for m in store.meetings.summaries(now) if m.end >= now and m.status is MeetingStatus.PLANNED]
    files: dict[str, str] = {}
    bodies: list[str] = []
    briefs: list[BriefData] = []
    cited: dict[int, BriefResearch] = {}
    total = len(upcoming) + 1
    for index, summary in enumerate(upcoming):
        progress.check()
        progress.report(index, total, f"Brief {index + 1} of {len(upcoming)}: {summary.title}")
        data = generate_brief(store, summary.id).data
        briefs.append(data)
        for item in data.cited_research():
            cited.setdefault(item.id, item)
        files[brief_path(data.meeting_id)] = render_html(
            data, research_href=lambda r: "../" + research_path(r.id), external_href=_no_external_link)
        bodies.append(render_body(data, research_href=lambda r: None, external_href=_no_external_link,
                                  page_break=bool(bodies)))
    progress.check()
    progress.report(len(upcoming), total, "Research pages")
    for item in cited.values():
        try:
            text = store.research.item(item.id).text
        except NotFoundError:
            continue
        files[research_path(item.id)] = _research_page(item, text)
    files["index.html"] = _index(briefs, cited, now)
    combined = page("Precall brief pack", "\n".join(bodies) if bodies else "<p>No upcoming meetings.</p>")
    progress.report(total, total, "Ready to write")
    return BriefPack(files, combined, len(briefs), len(cited), now, [b.heading for b in briefs])


def write_pack(pack: BriefPack, parent: Path | str, pdf: bytes | None = None,
               progress: Progress | None = None) -> Path:
    """Write the pack as a new folder inside ``parent``; returns the folder."""
    progress = progress or Progress()
    parent = Path(parent).expanduser()
    target = _free_name(parent, f"Precall briefs {pack.generated_at:%Y-%m-%d %H%M}")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".precall-pack-", dir=parent))
    except OSError as exc:
        raise PrecallError(f"Cannot write the brief pack in {parent}: {exc.strerror or exc}.") from exc
    try:
        for index, (relative, text) in enumerate(sorted(pack.files.items())):
            progress.check()
            progress.report(index, len(pack.files), f"Writing {relative}")
            atomic_write_text(staging / relative, text)
        if pdf is not None:
            atomic_write_bytes(staging / PDF_NAME, pdf)
        staging.chmod(0o755)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("brief pack with %s briefs and %s research pages written to %s", pack.briefs, pack.research, target)
    return target


def _free_name(parent: Path, name: str) -> Path:
    candidate, number = parent / name, 2
    while candidate.exists():
        candidate = parent / f"{name} ({number})"
        number += 1
    return candidate


def _index(briefs: list[BriefData], cited: dict[int, BriefResearch], now: datetime) -> str:
    rows = "".join(
        f'<li><a href="{esc(brief_path(b.meeting_id))}">{esc(b.heading)}</a>'
        f' <span class="muted">— {esc(format_when(b))}</span></li>'
        for b in briefs
    ) or '<li class="muted">No upcoming meetings.</li>'
    research = "".join(
        f'<li><a href="{esc(research_path(r.id))}">{esc(r.title)}</a>'
        f' <span class="muted small">— {esc(", ".join(x for x in (r.source, format_date(r.when)) if x))}</span></li>'
        for r in cited.values()
    )
    body = (heading(1, "Precall brief pack")
            + f'<p class="meta">Prepared {format_date(now)} {now:%H:%M} UTC · {len(briefs)} upcoming '
            f'meeting{"s" * (len(briefs) != 1)} · the combined PDF is <a href="{PDF_NAME}">{PDF_NAME}</a></p>'
            + heading(2, "Briefs") + f"<ul>{rows}</ul>"
            + (heading(2, "Research the briefs cite") + f"<ul>{research}</ul>" if research else ""))
    return page("Precall brief pack", body)


def _research_page(item: BriefResearch, text: str) -> str:
    text = text[:MAX_RESEARCH_CHARS]
    paragraphs = [one_line(p) for p in text.split("\n\n") if p.strip()] or [one_line(item.summary)]
    source = ", ".join(x for x in (item.source, format_date(item.when)) if x)
    body = (f'<p class="small"><a href="../index.html">← All briefs</a></p>' + heading(1, item.title)
            + (f'<p class="meta">{esc(source)}</p>' if source else "")
            + (f'<p class="meta">From {esc(one_line(item.url))} (stored copy, readable offline)</p>' if item.url else "")
            + "".join(f"<p>{esc(p)}</p>" for p in paragraphs if p))
    return page(item.title, body)

