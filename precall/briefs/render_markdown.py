"""The brief as Markdown (an export) and as plain text (for search and for the diff).

Both come from one walk over ``BriefData``; Markdown escapes every special character
in text that came from research or from the user, and keeps only http(s) links.
"""

from __future__ import annotations

from collections.abc import Callable

from precall.briefs.model import STATUS_SYMBOLS, BriefData, status_badge
from precall.briefs.render_html import format_date, format_when, prepared_stamp
from precall.briefs.safety import md_escape, md_paragraph, one_line, safe_url
from precall.domain.matrix import ItemStatus

Escape = Callable[[str], str]


def render_markdown(data: BriefData) -> str:
    return _render(data, md_escape, md_paragraph, markdown=True)


def render_plain_text(data: BriefData) -> str:
    def paragraph(value: str) -> str:
        return "\n".join(one_line(line) for line in value.splitlines() if line.strip())

    return _render(data, one_line, paragraph, markdown=False)


def _render(data: BriefData, inline: Escape, paragraph: Escape, *, markdown: bool) -> str:
    def heading(level: int, text: str) -> str:
        return f"{'#' * level} {text}" if markdown else (text.upper() if level <= 2 else text)

    def link(text: str, url: str) -> str:
        href = safe_url(url)
        if markdown and href:
            return f"[{inline(text)}]({href})"
        return inline(text) + (f" <{href}>" if href and not markdown else "")

    out: list[str] = [heading(1, inline(data.heading)), ""]
    out += [inline(format_when(data)) + _location(data, inline, link), ""]

    account = data.account
    out += [heading(2, "Account"), ""]
    line = ("**" + inline(account.name) + "**") if markdown else inline(account.name)
    if account.industry:
        line += " · " + inline(account.industry)
    if account.website:
        line += " · " + link(account.website, account.website)
    out += [line, ""]
    if account.notes.strip():
        out += [paragraph(account.notes), ""]

    out += [heading(2, "In the room"), ""]
    if data.attendees:
        for person in data.attendees:
            extra = ", ".join(x for x in (person.title, f"role: {person.role}" if person.role else "") if x)
            out.append("- " + inline(person.name) + (" — " + inline(extra) if extra else ""))
    else:
        out.append("No attendees recorded yet.")
    out.append("")

    out += [heading(2, "Purpose"), ""]
    purpose = data.purpose
    fields = [("For the customer", purpose.customer_benefit), ("Best commitment", purpose.best_commitment),
              ("Minimum commitment", purpose.min_commitment), ("Relationship purpose", purpose.relationship_purpose)]
    shown = [(label, value) for label, value in fields if value.strip()]
    for label, value in shown:
        out.append(f"- {label}: " + inline(value))
    for warning in purpose.warnings:
        out.append("- ⚠ " + inline(warning))
    if not shown and not purpose.warnings:
        out.append("No purpose recorded yet.")
    out.append("")

    if data.risky_gift:
        out += [heading(2, "Risky gift"), "", paragraph(data.risky_gift), ""]
    if data.trust is not None:
        t = data.trust
        out += [heading(2, "Trust self-check"), "",
                f"(credibility {t.credibility} + reliability {t.reliability} + intimacy {t.intimacy})"
                f" / self-orientation {t.self_orientation} = {t.score:.1f}", ""]

    out += [heading(2, "Buyer's Matrix: the roles in the room"), ""]
    if not data.roles:
        out += ["No attendee has a matrix role yet, so there are no assumptions to show.", ""]
    legend = " · ".join(f"{STATUS_SYMBOLS[s]} {s.label}" for s in ItemStatus)
    for column in data.roles:
        who = f" ({', '.join(column.attendees)})" if column.attendees else ""
        out += [heading(3, inline(column.role + who)), ""]
        for row in column.rows:
            out.append(("**" + inline(row.label) + "**") if markdown else inline(row.label) + ":")
            out.append("")
            for item in row.items:
                out.append(f"- {status_badge(item.status)}: " + inline(item.text))
                if item.note.strip():
                    out.append("  - Note: " + inline(item.note))
                for evidence in item.evidence:
                    source = ", ".join(x for x in (evidence.source, format_date(evidence.when)) if x)
                    out.append("  - Evidence: " + link(evidence.title, evidence.url)
                               + (" — " + inline(source) if source else ""))
            out.append("")
    if data.roles:
        out += [f"Status: {legend}", ""]

    out += [heading(2, "Questions to ask"), ""]
    out += [f"- {inline(q.text)}" + (f" ({inline(q.role)})" if q.role else "") for q in data.questions] or ["No questions yet."]
    out.append("")

    if data.followups:
        out += [heading(2, "Open follow-ups"), ""]
        out += [f"- {inline(f.text)}" + (f" (due {format_date(f.due)})" if f.due else "") for f in data.followups]
        out.append("")

    if data.checklist:
        out += [heading(2, "Improvisation checklist"), ""]
        moment = None
        for check in data.checklist:
            if check.moment != moment:
                if moment is not None:
                    out.append("")
                moment = check.moment
                out += [("*" + inline(moment) + "*") if markdown else inline(moment) + ":", ""]
            out.append(f"- [{'x' if check.done else ' '}] " + inline(check.text)
                       + (" — " + inline(check.note) if check.note.strip() else ""))
        out.append("")

    out += [heading(2, "Research"), ""]
    for found in data.research:
        source = " · ".join(x for x in (found.source, format_date(found.when)) if x)
        out.append("- " + link(found.title, found.url) + (" — " + inline(source) if source else ""))
    if not data.research:
        out.append("No research stored for this account yet.")
    out.append("")
    # The plain text leaves the time out: it feeds the diff, where it would always differ.
    if markdown and data.generated_at is not None:
        out.append(f"{prepared_stamp(data.generated_at)} by Precall.")
    return "\n".join(out).rstrip() + "\n"


def _location(data: BriefData, inline: Escape, link: Callable[[str, str], str]) -> str:
    if not data.location.strip():
        return ""
    return " · " + (link(data.location, data.location) if safe_url(data.location) else inline(data.location))
