"""Team feedback on templates: which assumptions held up in real calls.

A rep exports anonymous counts (template id, version, item key, how many times it was
confirmed, how many times refuted) taken from their meeting debriefs
(``debrief_outcomes``) and the matrix statuses they set. No account, person, meeting or free text leaves the machine. Each export
carries a random batch id, so a manager importing the same file twice counts it once.
The manager imports many such files and reads, per assumption, how often it held.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from precall.domain.sharing import FeedbackCount
from precall.errors import NotFoundError, ValidationError
from precall.fileio import atomic_write_text
from precall.templates import format as template_format
from precall.templates.model import parse_origin

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.templates")
FEEDBACK_FORMAT = "precall-template-feedback"
MAX_FEEDBACK_BYTES = 5 * 1024 * 1024
MAX_COUNTS = 20_000  # as the schema says; checked first so a huge file costs no schema walk


@dataclass(frozen=True)
class FeedbackLine:
    """One assumption in the manager's report, summed over every imported file."""

    template_id: str
    item_key: str
    role: str
    row: str
    text: str
    confirmed: int
    refuted: int
    files: int

    @property
    def held_rate(self) -> float | None:
        total = self.confirmed + self.refuted
        return self.confirmed / total if total else None


@dataclass(frozen=True)
class FeedbackImport:
    batch: str
    counts: int
    replaced: bool

    def message(self) -> str:
        again = " (this file had been imported before; its counts were replaced, not added twice)" if self.replaced else ""
        return f"Imported feedback on {self.counts} assumption{'s' if self.counts != 1 else ''}{again}."


def parse_feedback(data: bytes | str) -> tuple[str, list[FeedbackCount]]:
    document = template_format.load_json_document(data, "feedback", MAX_FEEDBACK_BYTES)
    template_format.check_format_version(document, FEEDBACK_FORMAT, "feedback")
    counts_list = document.get("counts")
    if isinstance(counts_list, list) and len(counts_list) > MAX_COUNTS:
        raise ValidationError(f"counts has {len(counts_list):,} entries, at most {MAX_COUNTS:,} are allowed.", "counts")
    template_format.validate_with_schema(document, "template-feedback.schema.json")
    seen: set[tuple[str, int, str]] = set()
    counts = []
    for index, entry in enumerate(document["counts"]):
        ident = (entry["template_id"], entry["version"], entry["item_key"])
        if ident in seen:
            raise ValidationError(f"counts[{index}] repeats {ident[0]} version {ident[1]} item {ident[2]!r}.",
                                  f"counts[{index}]")
        seen.add(ident)
        counts.append(FeedbackCount(*ident, entry["confirmed"], entry["refuted"]))
    return document["batch"], counts


# the rep's side -----------------------------------------------------------------------
def local_counts(store: "Store") -> list[FeedbackCount]:
    """Confirmed/refuted counts of template items, from this database's debriefs.

    Every meeting whose debrief confirmed or refuted an item counts once; an item
    marked confirmed or refuted in the matrix with no debrief behind it counts once.
    An item whose text the rep rewrote is the rep's own assumption, not the
    template's, so it is not counted against the template.
    """
    tally: dict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0, 0])
    for template_id, key, origin, text, status, confirmed, refuted in store.feedback.template_item_outcomes():
        if not confirmed and not refuted:
            if status not in ("confirmed", "refuted"):
                continue
            confirmed, refuted = int(status == "confirmed"), int(status == "refuted")
        parsed = parse_origin(origin)
        if parsed is None or parsed[0] != template_id:
            continue
        version = parsed[1]
        try:
            placed = store.templates.get(template_id, version).items_by_key().get(key)
        except NotFoundError:
            placed = None
        if placed is not None and placed.item.text != text:
            continue
        counts = tally[(template_id, version, key)]
        counts[0] += confirmed
        counts[1] += refuted
    return [FeedbackCount(t, v, k, c, r) for (t, v, k), (c, r) in sorted(tally.items())]


def export_document(store: "Store") -> dict[str, Any]:
    return {
        "format": FEEDBACK_FORMAT,
        "format_version": 1,
        "batch": uuid.uuid4().hex,
        "exported_at": store.now_iso(),
        "counts": [
            {"template_id": c.template_id, "version": c.version, "item_key": c.item_key,
             "confirmed": c.confirmed, "refuted": c.refuted}
            for c in local_counts(store)
        ],
    }


def export_file(store: "Store", path: Path | str) -> int:
    document = export_document(store)
    atomic_write_text(path, json.dumps(document, indent=2) + "\n")
    return len(document["counts"])


# the manager's side -------------------------------------------------------------------
def import_data(store: "Store", data: bytes | str) -> FeedbackImport:
    batch, counts = parse_feedback(data)
    replaced = store.feedback.replace_batch(batch, counts)
    return FeedbackImport(batch, len(counts), replaced)


def import_file(store: "Store", path: Path | str) -> FeedbackImport:
    try:
        return import_data(store, template_format.read_limited(path, "feedback", MAX_FEEDBACK_BYTES))
    except ValidationError as exc:
        raise ValidationError(f"{Path(path).name}: {exc}", exc.field) from exc


def report(store: "Store", template_id: str | None = None) -> list[FeedbackLine]:
    """Per assumption, the team's counts summed over files and versions."""
    lines = []
    for t_id, key, confirmed, refuted, files in store.feedback.totals(template_id):
        role, row, text = _describe(store, t_id, key)
        lines.append(FeedbackLine(t_id, key, role, row, text, confirmed, refuted, files))
    lines.sort(key=lambda line: (line.template_id, -(line.confirmed + line.refuted), line.item_key))
    return lines


def _describe(store: "Store", template_id: str, key: str) -> tuple[str, str, str]:
    """Role, row label and text of an item, from the newest version that has it."""
    templates = store.templates
    for version in reversed(templates.versions(template_id)):
        template = templates.get(template_id, version)
        placed = template.items_by_key().get(key)
        if placed is not None:
            return placed.role, template.row_label(placed.item.row), placed.item.text
    return "", "", f"(item {key} of {template_id}, not in the library)"
