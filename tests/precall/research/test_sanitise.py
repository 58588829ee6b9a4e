"""sanitise_html: what may reach a Qt text widget (bounded, no loads, web links only)."""

from __future__ import annotations

import time

from precall.research.html_limits import max_nesting
from precall.research.sanitise import sanitise_html, text_to_html


def test_scripts_images_styles_and_local_links_are_removed() -> None:
    dirty = ('<p onclick="x()">Hi <img src="file:///etc/passwd"><img src="/etc/hostname">'
             '<a href="/etc/passwd">abs</a> <a href="file:///etc/passwd">file</a> <a href="javascript:alert(1)">js</a>'
             '<a href="https://ok.example/a">web</a></p><script>alert(1)</script><style>p{}</style>'
             '<iframe src="https://evil.example"></iframe><svg><image href="file:///x"/></svg>')
    clean = sanitise_html(dirty)
    assert "<img" not in clean and "<script" not in clean and "alert" not in clean and "<style" not in clean
    assert "iframe" not in clean and "svg" not in clean and "onclick" not in clean
    assert "/etc/" not in clean and "file:" not in clean and "javascript:" not in clean
    assert 'href="https://ok.example/a"' in clean


def test_deep_nesting_is_bounded_before_nh3_and_fast() -> None:
    depth = 100_000
    html = "<div>" * depth + "<p>deep text</p>" + "</div>" * depth
    start = time.perf_counter()
    clean = sanitise_html(html)
    elapsed = time.perf_counter() - start
    assert "deep text" in clean
    assert max_nesting(clean) <= 45
    assert elapsed < 3, f"sanitising 100,000 nested divs took {elapsed:.1f}s"


def test_plain_text_is_escaped_and_web_addresses_linked() -> None:
    html = text_to_html('Line <b>one</b>\n\nSee https://example.com/a?b=1&c=2 or file:///etc/passwd "quoted"')
    assert html.startswith("<p>Line &lt;b&gt;one&lt;/b&gt;</p>")
    assert '<a href="https://example.com/a?b=1&amp;c=2">' in html
    assert 'href="file:' not in html and "&quot;quoted&quot;" in html
