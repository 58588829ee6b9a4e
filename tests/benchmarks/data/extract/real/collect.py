"""Rebuild ``real/`` from the unpacked sdists that ship real pages with their true text.

    python tests/benchmarks/data/extract/real/collect.py NEWSPAPER4K_DIR ARTICLE_EXTRACTOR_DIR

NEWSPAPER4K_DIR is newspaper4k-0.9.6 unpacked (``pip download --no-deps --no-binary :all:
newspaper4k==0.9.6``), ARTICLE_EXTRACTOR_DIR is article_extractor-0.5.9 unpacked. Pages
are stored xz-compressed (gzip left two CNN pages at 0.8 MB each), byte for byte as shipped; true texts as UTF-8 text. What was
left out, and why, is in README.md beside this file.
"""

from __future__ import annotations

import lzma
import re
import json
import shutil
import sys
from pathlib import Path

import lxml.html

HERE = Path(__file__).resolve().parent
# Same bytes as cleveland.com1.html (a copy in the source), so it would count one page twice.
NEWSPAPER_SKIP = {"video_article_01"}
# Not text: their content never reaches a reader. The <h1> is the headline, which the other
# sources' true texts (and scrapinghub's) leave out; every extractor here returns it apart.
DROP_FROM_EXPECTED = ".//script|.//style|.//noscript|.//template|.//h1"
_SPACES = re.compile(r"\s+")
BLOCKS = ".//p|.//div|.//li|.//h2|.//h3|.//h4|.//h5|.//h6|.//blockquote|.//pre|.//tr|.//br|.//figcaption|.//dt|.//dd"


def _write_page(folder: Path, key: str, html: bytes, truth: str, url: str, manifest: dict) -> None:
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "pages" / f"{key}.html.xz").write_bytes(lzma.compress(html, preset=9 | lzma.PRESET_EXTREME))
    (folder / "pages" / f"{key}.txt").write_text(truth.strip() + "\n", encoding="utf-8")
    manifest[key] = {"url": url}


def newspaper4k(root: Path) -> None:
    data, out, manifest = root / "tests" / "data", HERE / "newspaper4k", {}
    for html_file in sorted((data / "html").glob("*.html")):
        key = html_file.stem
        truth_file = data / "txt" / f"{key}.txt"
        if key in NEWSPAPER_SKIP or not truth_file.exists():  # index pages etc. have no true text
            continue
        meta_file = data / "metadata" / f"{key}.json"
        url = json.loads(meta_file.read_text(encoding="utf-8")).get("url", "") if meta_file.exists() else ""
        _write_page(out, key, html_file.read_bytes(), truth_file.read_text(encoding="utf-8"), url, manifest)
    shutil.copy(root / "LICENSE", out / "LICENSE")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def expected_text(expected_html: bytes) -> str:
    tree = lxml.html.document_fromstring(expected_html.decode("utf-8"))
    for element in tree.xpath(DROP_FROM_EXPECTED):
        element.drop_tree()
    for element in tree.iter():  # the fixtures are pretty-printed: a newline there is only a space
        element.text = _SPACES.sub(" ", element.text) if element.text else element.text
        element.tail = _SPACES.sub(" ", element.tail) if element.tail else element.tail
    for block in tree.xpath(BLOCKS):
        block.tail = "\n" + (block.tail or "")
        block.text = "\n" + (block.text or "") if block.tag != "br" else block.text
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def article_extractor(root: Path) -> None:
    fixtures, out, manifest = root / "tests" / "fixtures" / "fullpage_to_article_html", HERE / "article-extractor", {}
    for raw in sorted(fixtures.glob("*/*/raw.html")):
        case = raw.parent
        key = f"{case.parent.name}__{case.name}"
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        _write_page(out, key, raw.read_bytes(), expected_text((case / "expected.html").read_bytes()),
                    meta.get("url", ""), manifest)
    shutil.copy(root / "LICENSE", out / "LICENSE")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    newspaper4k(Path(sys.argv[1]))
    article_extractor(Path(sys.argv[2]))
