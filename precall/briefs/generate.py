"""Generating a brief: compose, render every form, and keep it as a dated snapshot.

The content hash leaves out the generation time, so generating an unchanged brief
again reuses the latest snapshot instead of piling up identical copies.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from precall.briefs.compose import compose_brief
from precall.briefs.model import BriefData
from precall.briefs.render_html import prepared_stamp, render_html
from precall.briefs.render_markdown import render_markdown, render_plain_text

if TYPE_CHECKING:
    from precall.store.briefs import BriefSnapshot
    from precall.store.facade import Store

log = logging.getLogger("precall.briefs")


@dataclass(frozen=True)
class RenderedBrief:
    html: str
    markdown: str
    plain_text: str
    content_hash: str


@dataclass(frozen=True)
class GeneratedBrief:
    data: BriefData
    snapshot: "BriefSnapshot"
    #: False when the brief had not changed and the latest snapshot was reused.
    created: bool


def content_hash(data: BriefData, html: str, markdown: str) -> str:
    """Over the HTML as well as the text (a new stylesheet is a new version too), with
    the generation time taken out, so an unchanged brief hashes the same."""
    stamp = prepared_stamp(data.generated_at) if data.generated_at is not None else None
    digest = hashlib.sha256()
    for text in (html, markdown):
        digest.update((text.replace(stamp, "") if stamp else text).encode("utf-8"))
    return digest.hexdigest()


def render_brief(data: BriefData) -> RenderedBrief:
    html, markdown = render_html(data), render_markdown(data)
    return RenderedBrief(html, markdown, render_plain_text(data), content_hash(data, html, markdown))


def generate_brief(store: "Store", meeting_id: int) -> GeneratedBrief:
    """Compose and render the brief for ``meeting_id`` and store it as a snapshot."""
    data = compose_brief(store, meeting_id)
    rendered = render_brief(data)
    snapshot, created = store.briefs.save(
        meeting_id, data.heading, rendered.html, rendered.markdown, rendered.plain_text, rendered.content_hash
    )
    log.info("brief for meeting %s: snapshot %s (%s)", meeting_id, snapshot.id, "new" if created else "unchanged")
    return GeneratedBrief(data, snapshot, created)
