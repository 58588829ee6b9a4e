"""Hypothesis strategies for hostile documents: markup soup, nesting bombs, attack
payloads, odd encodings. Shared by the fuzz targets."""

from __future__ import annotations

from hypothesis import strategies as st

TAGS = ["div", "p", "span", "a", "b", "i", "article", "main", "section", "h1", "h2", "title", "meta", "script",
        "style", "img", "iframe", "object", "embed", "svg", "math", "table", "tr", "td", "ul", "li", "form",
        "input", "template", "noscript", "link", "base", "br", "time", "html", "head", "body", "!--", "![CDATA["]
ATTRS = ["href", "src", "srcset", "style", "onload", "onerror", "onclick", "class", "id", "content", "name",
         "property", "charset", "http-equiv", "datetime", "rel", "background", "poster", "xmlns", "xlink:href"]
PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<img src='http://tracker.example/p.gif'>",
    "<img src='file:///etc/passwd'>", "<img src='/etc/passwd'>", "<a href='javascript:alert(1)'>x</a>",
    "<a href='file:///etc/shadow'>f</a>", "<iframe src='http://evil.example'></iframe>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>", "<style>body{background:url(http://evil.example/x)}</style>",
    "<link rel=stylesheet href='http://evil.example/s.css'>", "<meta http-equiv=refresh content='0;url=http://x'>",
    "<object data='http://evil.example/x.swf'></object>", "<base href='http://evil.example/'>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>", "<div style='background:url(//evil.example/b)'>",
    "<<script>script>alert(1)<</script>/script>", "<scr<script>ipt>alert(1)</script>", "&lt;script&gt;",
    "<a href=' JaVaScRiPt:alert(1)'>x</a>", "<a href='data:text/html,<script>alert(1)</script>'>d</a>",
    "<form action='http://evil.example'><input name=q></form>", "<video poster='http://evil.example/p.png'>",
    "<table background='http://evil.example/t.png'>", "\u202eevil", "\x00", "<!-- unclosed comment",
    "<![CDATA[ <script>alert(1)</script> ]]>", "<img srcset='http://evil.example/1x.png 1x'>",
]

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@st.composite
def markup(draw: st.DrawFn, max_nodes: int = 25) -> str:
    """Random tag soup with attributes, payloads and text, often unbalanced."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, max_nodes))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            tag = draw(st.sampled_from(TAGS))
            attrs = " ".join(f'{draw(st.sampled_from(ATTRS))}="{draw(texts)[:80]}"'
                             for _ in range(draw(st.integers(0, 3))))
            parts.append(f"<{tag} {attrs}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(PAYLOADS)))
        elif kind == 3:
            parts.append(draw(texts))
        elif kind == 4:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "&bogus;", "&#", "&lt;"])))
        else:
            tag = draw(st.sampled_from(["div", "b", "span", "ul", "blockquote"]))
            depth = draw(st.sampled_from([5, 100, 2000]))
            parts.append(f"<{tag}>" * depth + draw(texts) + f"</{tag}>" * draw(st.integers(0, depth)))
    return "".join(parts)


@st.composite
def html_documents(draw: st.DrawFn) -> str | bytes:
    """A whole page, as text or as bytes in some (possibly lying) encoding."""
    charset = draw(st.sampled_from(["utf-8", "windows-1252", "shift_jis", "utf-16", "bogus-charset", ""]))
    head = f"<meta charset='{charset}'>" if charset else ""
    title = draw(st.one_of(texts, st.sampled_from(PAYLOADS)))
    doc = f"<!doctype html><html><head>{head}<title>{title}</title></head><body>{draw(markup())}</body></html>"
    if draw(st.booleans()):
        return doc
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "shift_jis", "cp1252"]))
    raw = doc.encode(encoding, errors="replace")
    if draw(st.booleans()):
        raw = draw(st.binary(max_size=64)) + raw  # garbage in front of the markup
    return raw
