"""What changed between two versions of a brief: a line diff of their plain text.

Changes are marked with words and signs (+ added, − removed), not colour alone, and
the HTML form escapes every line, since briefs quote research pages.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass

from precall.briefs.render_html import heading, page
from precall.briefs.safety import esc


class Change(str, enum.Enum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"

    @property
    def sign(self) -> str:
        return {"same": " ", "added": "+", "removed": "−"}[self.value]


@dataclass(frozen=True)
class DiffLine:
    change: Change
    text: str


@dataclass(frozen=True)
class BriefDiff:
    lines: tuple[DiffLine, ...]

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.change is Change.ADDED)

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.change is Change.REMOVED)

    @property
    def unchanged(self) -> bool:
        return self.added == 0 and self.removed == 0

    def summary(self) -> str:
        if self.unchanged:
            return "No changes."
        return f"{self.added} line{'s' * (self.added != 1)} added, {self.removed} removed."


def diff_texts(old: str, new: str) -> BriefDiff:
    """Every line of ``new`` in order, with the lines of ``old`` it dropped in place."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [DiffLine(Change.SAME, line) for line in new_lines[j1:j2]]
            continue
        out += [DiffLine(Change.REMOVED, line) for line in old_lines[i1:i2]]
        out += [DiffLine(Change.ADDED, line) for line in new_lines[j1:j2]]
    return BriefDiff(tuple(out))


def render_diff_html(diff: BriefDiff, *, title: str = "What changed", context: int = 2) -> str:
    """The changes with ``context`` unchanged lines around each, as a page."""
    keep = [False] * len(diff.lines)
    for index, line in enumerate(diff.lines):
        if line.change is not Change.SAME:
            for near in range(max(0, index - context), min(len(diff.lines), index + context + 1)):
                keep[near] = True
    rows, skipped = [], False
    for index, line in enumerate(diff.lines):
        if not keep[index]:
            skipped = True
            continue
        if skipped:
            rows.append('<tr><td class="muted">…</td><td class="muted">…</td></tr>')
            skipped = False
        style = {Change.ADDED: ' style="background-color:#e3f4e6"', Change.REMOVED: ' style="background-color:#fbe4e4"',
                 Change.SAME: ""}[line.change]
        label = {Change.ADDED: "added", Change.REMOVED: "removed", Change.SAME: ""}[line.change]
        rows.append(f'<tr{style}><td width="70"><b>{line.change.sign}</b> <span class="small muted">{label}</span></td>'
                    f"<td>{esc(line.text) or '&nbsp;'}</td></tr>")
    body = f"{heading(2, title)}<p class=\"meta\">{esc(diff.summary())}</p>"
    if rows:
        body += f'<table width="100%" cellspacing="0" cellpadding="2">{"".join(rows)}</table>'
    return page(title, body)
