"""The brief as HTML, the canonical form: one self-contained page, stylesheet inlined.

Every piece of text is escaped; links are kept only for http(s) URLs; the page loads
nothing (no scripts, images, fonts or remote styles), and a Content-Security-Policy
says so to any browser that opens an exported file. The markup stays within what Qt's
QTextDocument renders, so the PDF export looks like the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from precall import resources
from precall.briefs.model import (
    STATUS_SYMBOLS,
    BriefData,
    BriefItem,
    BriefResearch,
    status_badge,
)
from precall.briefs.safety import esc, one_line, safe_url
from precall.domain.matrix import ItemStatus

#: Given a cited research item, where a link to it should point (None: no link).
ResearchHref = Callable[[BriefResearch], "str | None"]
#: Given a web address from the account or meeting, the link to use (None: plain text).
ExternalHref = Callable[[str], "str | None"]

CSP = "default-src 'none'; style-src 'unsafe-inline'"
SUMMARY_CHARS = 220
_STYLESHEET: str | None = None


def stylesheet() -> str:
    global _STYLESHEET
    if _STYLESHEET is None:
        _STYLESHEET = resources.read_text("brief.css")
    return _STYLESHEET


def format_when(data: BriefData) -> str:
    start, end = data.start, data.end
    day = f"{start:%a} {start.day} {start:%b %Y}"
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M} ({data.tz})"
    return f"{day}, {start:%H:%M} – {end.day} {end:%b %Y} {end:%H:%M} ({data.tz})"


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def prepared_stamp(when: datetime) -> str:
    """The one place a brief says when it was made (left out of its content hash)."""
    return f"Prepared {format_date(when)} {when:%H:%M} UTC"


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page around ``body`` (already escaped)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="generator" content="Precall">'
        f"<title>{esc(title)}</title><style>{stylesheet()}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def heading(level: int, text: str) -> str:
    """A heading Qt renders at the stylesheet's size (its <hN> adds its own scaling)."""
    return f'<p class="h{level}" role="heading" aria-level="{level}">{esc(text)}</p>'


def link(text: str, href: str | None) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


def default_research_href(item: BriefResearch) -> str | None:
    return safe_url(item.url)


def render_html(data: BriefData, *, research_href: ResearchHref = default_research_href,
                external_href: ExternalHref = safe_url) -> str:
    return page(data.heading, render_body(data, research_href=research_href, external_href=external_href))


def render_body(data: BriefData, *, research_href: ResearchHref = default_research_href,
                external_href: ExternalHref = safe_url, page_break: bool = False) -> str:
    """The brief without the page around it (the brief pack joins several in one PDF,
    each starting on a new page)."""
    # The page's own heading is the meeting; the account leads the line below it.
    title = heading(1, data.title)
    if page_break:
        title = title.replace('<p class="h1"', '<p class="h1" style="page-break-before: always"', 1)
    parts = [title, f'<p class="meta"><b>{esc(data.account.name)}</b> · {_meta(data, external_href)}</p>']
    left = _account(data, external_href) + _attendees(data)
    right = _purpose(data) + _gift_and_trust(data)
    parts.append(_two_columns(left, right))
    parts.append(_matrix(data, research_href))
    parts.append(_two_columns(_questions(data) + _followups(data), _checklist(data)))
    parts.append(_research(data, research_href))
    generated = f"{prepared_stamp(data.generated_at)} · " if data.generated_at else ""
    parts.append(f'<p class="footer">{generated}Precall brief for meeting {data.meeting_id}. '
                 "Assumptions are hypotheses: check them in the conversation.</p>")
    return "\n".join(p for p in parts if p)


def _two_columns(left: str, right: str) -> str:
    if not right:
        return left
    if not left:
        return right
    return (f'<table class="layout" width="100%" cellspacing="0"><tr><td width="50%">{left}</td>'
            f'<td width="50%">{right}</td></tr></table>')


def _meta(data: BriefData, external_href: ExternalHref) -> str:
    pieces = [esc(format_when(data))]
    if data.location.strip():
        href = external_href(data.location)
        pieces.append(link(one_line(data.location), href))
    return " · ".join(pieces)


def _account(data: BriefData, external_href: ExternalHref) -> str:
    account = data.account
    lines = [f'<p><span class="label">{esc(account.name)}</span>'
             + (f' <span class="muted">· {esc(account.industry)}</span>' if account.industry else "")
             + (f" · {link(account.website, external_href(account.website))}" if account.website else "") + "</p>"]
    if account.notes.strip():
        lines.append(f"<p>{_multiline(account.notes)}</p>")
    return heading(2, "Account") + "".join(lines)


def _attendees(data: BriefData) -> str:
    if not data.attendees:
        return heading(2, "In the room") + '<p class="muted">No attendees recorded yet.</p>'
    rows = []
    for person in data.attendees:
        extra = ", ".join(esc(x) for x in (person.title, f"role: {person.role}" if person.role else "") if x)
        rows.append(f'<li><span class="label">{esc(person.name)}</span>'
                    + (f' <span class="muted">— {extra}</span>' if extra else "") + "</li>")
    return heading(2, "In the room") + f"<ul>{''.join(rows)}</ul>"


def _purpose(data: BriefData) -> str:
    purpose = data.purpose
    fields = [("For the customer", purpose.customer_benefit), ("Best commitment", purpose.best_commitment),
              ("Minimum commitment", purpose.min_commitment), ("Relationship purpose", purpose.relationship_purpose)]
    lines = [f'<p><span class="label">{label}:</span> {_multiline(value)}</p>' for label, value in fields if value.strip()]
    lines += [f'<p class="warning">⚠ {esc(warning)}</p>' for warning in purpose.warnings]
    if not lines:
        lines.append('<p class="muted">No purpose recorded yet.</p>')
    return heading(2, "Purpose") + "".join(lines)


def _gift_and_trust(data: BriefData) -> str:
    out = ""
    if data.risky_gift:
        out += heading(2, "Risky gift") + f"<p>{_multiline(data.risky_gift)}</p>"
    if data.trust is not None:
        t = data.trust
        out += (heading(2, "Trust self-check") +
                f"<p>(credibility {t.credibility} + reliability {t.reliability} + intimacy {t.intimacy})"
                f" / self-orientation {t.self_orientation} = <b>{t.score:.1f}</b></p>")
    return out


def _matrix(data: BriefData, research_href: ResearchHref) -> str:
    if not data.roles:
        return (heading(2, "Buyer's Matrix") + '<p class="muted">No attendee has a matrix role yet, '
                "so there are no assumptions to show.</p>")
    labels: list[str] = []
    for column in data.roles:
        for row in column.rows:
            if row.label not in labels:
                labels.append(row.label)
    head = "".join(
        f"<th>{esc(c.role)}" + (f'<br><span class="small muted">{esc(", ".join(c.attendees))}</span>' if c.attendees else "")
        + "</th>"
        for c in data.roles
    )
    body = []
    for label in labels:
        cells = []
        for column in data.roles:
            match = next((r for r in column.rows if r.label == label), None)
            cells.append("<td>" + ("".join(_item(i, research_href) for i in match.items) if match else "") + "</td>")
        body.append(f'<tr><td class="rowlabel" width="14%">{esc(label)}</td>{"".join(cells)}</tr>')
    if not labels:
        body.append(f'<tr><td></td><td colspan="{len(data.roles)}" class="muted">No assumptions for these roles yet.</td></tr>')
    legend = " · ".join(f"{STATUS_SYMBOLS[s]} {s.label}" for s in ItemStatus)
    return (heading(2, "Buyer's Matrix: the roles in the room") +
            f'<table class="matrix" width="100%" cellspacing="0" cellpadding="3"><tr><th></th>{head}</tr>'
            f'{"".join(body)}</table><p class="small muted">Status: {legend}</p>')


def _item(item: BriefItem, research_href: ResearchHref) -> str:
    text_class = ' class="text-refuted"' if item.status is ItemStatus.REFUTED else ""
    out = (f'<p class="item"><span class="st st-{item.status.value}">{esc(status_badge(item.status))}</span> '
           f"<span{text_class}>{esc(one_line(item.text))}</span>")
    if item.note.strip():
        out += f'<br><span class="note">Note: {esc(one_line(item.note))}</span>'
    for evidence in item.evidence:
        source = ", ".join(x for x in (evidence.source, format_date(evidence.when)) if x)
        out += (f'<br><span class="evidence">↳ {link(evidence.title, research_href(evidence))}'
                + (f" — {esc(source)}" if source else "") + "</span>")
    return out + "</p>"


def _questions(data: BriefData) -> str:
    if not data.questions:
        return heading(2, "Questions to ask") + '<p class="muted">No questions yet.</p>'
    rows = "".join(
        f"<li>{esc(one_line(q.text))}" + (f' <span class="muted small">({esc(q.role)})</span>' if q.role else "") + "</li>"
        for q in data.questions
    )
    return heading(2, "Questions to ask") + f"<ul>{rows}</ul>"


def _followups(data: BriefData) -> str:
    if not data.followups:
        return ""
    rows = "".join(
        f"<li>{esc(one_line(f.text))}" + (f' <span class="muted small">(due {format_date(f.due)})</span>' if f.due else "")
        + "</li>"
        for f in data.followups
    )
    return heading(2, "Open follow-ups") + f"<ul>{rows}</ul>"


def _checklist(data: BriefData) -> str:
    if not data.checklist:
        return ""
    out, moment = [heading(2, "Improvisation checklist")], None
    for item in data.checklist:
        if item.moment != moment:
            moment = item.moment
            out.append(heading(3, moment))
        mark = "☑" if item.done else "☐"
        note = f'<br><span class="note">{esc(one_line(item.note))}</span>' if item.note.strip() else ""
        out.append(f'<p class="item">{mark} {esc(one_line(item.text))}{note}</p>')
    return "".join(out)


def _research(data: BriefData, research_href: ResearchHref) -> str:
    if not data.research:
        return heading(2, "Research") + '<p class="muted">No research stored for this account yet.</p>'
    rows = []
    for item in data.research:
        source = " · ".join(x for x in (item.source, format_date(item.when)) if x)
        summary = one_line(item.summary)
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
        rows.append(f'<li><span class="label">{link(item.title, research_href(item))}</span>'
                    + (f' <span class="muted small">— {esc(source)}</span>' if source else "")
                    + (f'<br><span class="small">{esc(summary)}</span>' if summary else "") + "</li>")
    return heading(2, "Research") + f"<ul>{''.join(rows)}</ul>"


def _multiline(value: str) -> str:
    return "<br>".join(esc(line.strip()) for line in value.strip().splitlines() if line.strip())
