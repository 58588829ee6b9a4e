"""The brief viewer reads nothing from disk and follows only web links, in the browser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from ui.briefs.browser import MAX_SHOWN_CHARS, SafeBriefBrowser


def test_images_and_stylesheets_are_never_loaded(qtbot, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    image = QImage(30, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(secret))
    view = SafeBriefBrowser()
    qtbot.addWidget(view)
    view.show_html(f'<p>text</p><img src="file://{secret}"><img src="{secret}">')
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    # Whatever asks (layout, painting, printing), the document gets a blank stand-in:
    # Qt would read the file itself if loadResource answered nothing.
    for url in (QUrl(f"file://{secret}"), QUrl(str(secret))):
        found = view.document().resource(QTextDocument.ResourceType.ImageResource.value, url)
        assert isinstance(found, QImage) and found.size().width() == 1, found
    assert any("secret.png" in name for name in view.refused)


def test_only_http_links_open_and_only_outside(qtbot) -> None:
    opened: list[str] = []
    view = SafeBriefBrowser(open_external=lambda url: opened.append(url.toString()) or True)
    qtbot.addWidget(view)
    view.show_html('<a href="https://example.com/a">ok</a>')
    for url in ("file:///etc/passwd", "javascript:alert(1)", "https://example.com/a", "data:text/html,x"):
        view.anchorClicked.emit(QUrl(url))
    assert opened == ["https://example.com/a"]
    assert "ok" in view.toPlainText()  # the view itself never navigated away


def test_oversized_html_is_not_laid_out(qtbot) -> None:
    view = SafeBriefBrowser()
    qtbot.addWidget(view)
    view.show_html("<div>" * 10 + "x" * (MAX_SHOWN_CHARS + 1))
    assert "too large to show" in view.toPlainText()
