"""PDFs read back from the file: real selectable text, embedded fonts, no local files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from precall.cli.context import CliContext
from precall.cli.main import main
from precall.store import Store
from tests.precall.briefs.factory import make_brief_scenario
from ui.entry import services
from ui.pdf import render_pdf, render_pdf_bytes

ROOT = Path(__file__).resolve().parents[2]


def fonts_embedded(reader: PdfReader) -> list[str]:
    """Names of fonts that carry their font program (/FontFile, /FontFile2, /FontFile3)."""
    embedded = []
    for page in reader.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.append(str(font["/BaseFont"]))
    return embedded


def test_pdf_from_the_cli_has_selectable_text_and_embedded_fonts(db_path: Path, clock, tmp_path: Path, qapp) -> None:
    with Store.open(db_path, clock=clock) as store:
        meeting_id = make_brief_scenario(store).meeting_id
    target = tmp_path / "brief.pdf"
    err = io.StringIO()
    ctx = CliContext(db_path=db_path, out=io.StringIO(), err=err, clock=clock, services=services())
    assert main(["--db", str(db_path), "brief", str(meeting_id), "--format", "pdf", "-o", str(target)], ctx=ctx) == 0, err.getvalue()
    reader = PdfReader(target)
    # Qt places words one by one; pypdf reports the gaps as tabs or spaces.
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for needle in ("Working-capital review", "Dana Whitfield", "Protect gross margin", "Refuted",
                   "Q3 results: margin under pressure", "go clear your head"):
        assert needle in text, needle
    assert "\ufb01" not in text  # no "ﬁ" ligature: copied text is what was typed
    assert len(reader.pages) == 1  # a typical meeting fits one page
    assert fonts_embedded(reader), "fonts must be embedded"
    assert b"/FontFile2" in target.read_bytes()
    assert reader.metadata.title == "Northwind Foods: Working-capital review"


def test_the_precall_command_writes_a_pdf_without_a_display(db_path: Path, clock, tmp_path: Path) -> None:
    """The real command in a fresh process: it starts an offscreen QGuiApplication itself."""
    with Store.open(db_path, clock=clock) as store:
        meeting_id = make_brief_scenario(store).meeting_id
    target = tmp_path / "cli.pdf"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "ui", "--db", str(db_path), "brief", str(meeting_id), "--format", "pdf",
                           "-o", str(target)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Dana Whitfield" in " ".join(PdfReader(target).pages[0].extract_text().split())


def test_pdf_never_embeds_a_local_file(tmp_path: Path, qapp) -> None:
    from PySide6.QtGui import QColor, QImage

    secret = tmp_path / "secret.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(secret))
    html = (f'<p>before</p><img src="file://{secret}"><img src="{secret}">'
            f'<p style="background-image: url({secret})">after</p>')
    data = render_pdf_bytes(html)
    reader = PdfReader(io.BytesIO(data))
    images = [(x.get_object()["/Width"], x.get_object()["/Height"])
              for page in reader.pages
              for x in ((page["/Resources"].get("/XObject") or {}).get_object() or {}).values()]
    # Qt reads an image path straight from disk unless a stand-in is returned: only
    # the 1×1 blank stand-ins may be in the file, never the 40×40 local picture.
    assert all(size == (1, 1) for size in images), images
    assert "before" in reader.pages[0].extract_text()
    assert str(secret).encode() not in data


def test_render_pdf_writes_atomically(tmp_path: Path, qapp) -> None:
    target = tmp_path / "x.pdf"
    render_pdf("<p>hello <b>world</b></p>", target, title="t")
    assert PdfReader(target).pages[0].extract_text().split() == ["hello", "world"]
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_qt_applies_the_brief_stylesheet(store: Store, qapp) -> None:
    """QTextDocument silently drops a whole stylesheet it cannot parse: check it took."""
    from precall.briefs.compose import compose_brief
    from precall.briefs.render_html import render_html
    from ui.pdf import make_document

    document = make_document(render_html(compose_brief(store, make_brief_scenario(store).meeting_id)))
    block = document.firstBlock()
    assert block.text() == "Working-capital review"
    assert block.begin().fragment().charFormat().font().pointSizeF() == 15.0  # .h1
    assert block.begin().fragment().charFormat().font().bold()
