"""Where a meeting's checklist comes from: the bundled defaults plus template additions.

Both are turned into ``ChecklistSpec`` rows here; the store only inserts them. A spec's
key is stable, so a template addition is never added twice to the same meeting.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from precall import resources
from precall.checklist.model import Moment, parse_moment

log = logging.getLogger("precall.checklist")

MAX_ITEM_TEXT = 500


@dataclass(frozen=True)
class ChecklistSpec:
    key: str
    text: str
    moment: Moment
    offset_minutes: int
    takes_note: bool = False
    origin: str = "default"


def default_specs() -> list[ChecklistSpec]:
    """The bundled checklist (resources/checklist.json), checked for shape."""
    data = resources.read_json("checklist.json")
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError("resources/checklist.json needs a non-empty 'items' list")
    specs: list[ChecklistSpec] = []
    for index, raw in enumerate(items):
        if not isinstance(raw, dict) or not str(raw.get("key", "")).strip() or not str(raw.get("text", "")).strip():
            raise ValueError(f"resources/checklist.json item {index} needs a key and a text")
        moment = parse_moment(raw.get("moment", ""))
        specs.append(
            ChecklistSpec(
                key=str(raw["key"]).strip(),
                text=str(raw["text"]).strip(),
                moment=moment,
                offset_minutes=int(raw.get("offset_minutes", moment.default_offset_minutes)),
                takes_note=bool(raw.get("takes_note", False)),
            )
        )
    keys = [spec.key for spec in specs]
    if len(set(keys)) != len(keys):
        raise ValueError("resources/checklist.json has duplicate item keys")
    return specs


def addition_specs(additions: Iterable[Mapping[str, Any]], origin: str = "template") -> list[ChecklistSpec]:
    """Checklist additions from assumption templates (``{text, moment}`` each).

    These come from other people's files: an entry without text is dropped, an
    unknown moment falls back to the day before (logged), long text is cut.
    """
    specs: list[ChecklistSpec] = []
    seen: set[str] = set()
    for raw in additions:
        if not isinstance(raw, Mapping):
            log.warning("ignoring a checklist addition that is not an object: %r", raw)
            continue
        text = " ".join(str(raw.get("text") or "").split())[:MAX_ITEM_TEXT]
        if not text:
            continue
        try:
            moment = parse_moment(str(raw.get("moment") or Moment.DAY_BEFORE.value))
        except ValueError:
            log.warning("checklist addition %r has unknown moment %r; using the day before", text, raw.get("moment"))
            moment = Moment.DAY_BEFORE
        digest = hashlib.sha1(f"{moment.value}\n{text.casefold()}".encode()).hexdigest()[:12]
        key = f"add:{digest}"
        if key in seen:
            continue
        seen.add(key)
        specs.append(ChecklistSpec(key, text, moment, moment.default_offset_minutes, origin=origin))
    return specs
