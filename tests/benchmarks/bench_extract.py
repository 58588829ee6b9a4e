"""Main-text extraction quality and speed: Precall against trafilatura and
readability-lxml, all three in the same run on the same pages.

Quality is F1 over 4-gram shingles (multisets, as in scrapinghub's
article-extraction-benchmark) between the extracted main text and the true main
text, averaged over pages; speed is pages per second, single-threaded (each page's
fastest of three runs, the extractors taking turns). Shingles are
word 4-grams, except on pages whose true text is mostly in a script written without
spaces between words (Chinese, Japanese, Thai, Burmese; Korean too, to keep every
CJK page on one rule): there a "word" would be a whole clause, so those pages use
character 4-grams over the text without whitespace.

Corpora, each reported on its own lines:

* ``real``: real article pages with their true main text, shipped by other projects'
  packages (``data/extract/real/<source>/``, see the README there), plus any pages in
  the scrapinghub layout (``data/extract/ground-truth.json`` + ``html/<id>.html[.gz]``).
  These are the figures that count ("extract_f1_real").
* ``generated``: ``extract_corpus.py``, pages we wrote ourselves; a secondary check of
  boilerplate handling, not evidence of quality on the open web.
"""

from __future__ import annotations

import gzip
import json
import lzma
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from readability import Document

from precall.research.extract import extract_page
from tests.benchmarks.common import result
from tests.benchmarks.extract_corpus import CorpusPage, generated_pages

DATA = Path(__file__).parent / "data" / "extract"
_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


# Scripts written without spaces between words (plus Hangul, see the docstring).
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def unspaced_script(text: str) -> bool:
    """True when most letters of ``text`` are in a script without word spaces."""
    letters = len(_LETTER.findall(text[:20000]))
    return bool(letters) and len(_UNSPACED.findall(text[:20000])) > letters * 0.3


def shingles(text: str, *, characters: bool = False) -> Counter[tuple[str, ...]]:
    if characters:
        tokens = [c.lower() for c in "".join(_TOKEN.findall(text or ""))]
    else:
        tokens = [t.lower() for t in _TOKEN.findall(text or "")]
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def prf(extracted: str, truth: str) -> tuple[float, float, float]:
    characters = unspaced_script(truth)
    got, want = shingles(extracted, characters=characters), shingles(truth, characters=characters)
    if not got and not want:
        return 1.0, 1.0, 1.0
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _scrapinghub_pages() -> Iterator[CorpusPage]:
    truth_file = DATA / "ground-truth.json"
    if not truth_file.exists():
        return
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        for path in (DATA / "html" / f"{key}.html.gz", DATA / "html" / f"{key}.html"):
            if path.exists():
                raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
                yield CorpusPage(f"scrapinghub/{key}", entry.get("url", ""), raw.decode("utf-8", errors="replace"),
                                 entry.get("articleBody", ""))
                break


def _shipped_pages() -> Iterator[CorpusPage]:
    for manifest in sorted((DATA / "real").glob("*/manifest.json")):
        source = manifest.parent
        for key, entry in sorted(json.loads(manifest.read_text(encoding="utf-8")).items()):
            raw = lzma.decompress((source / "pages" / f"{key}.html.xz").read_bytes())
            truth = (source / "pages" / f"{key}.txt").read_text(encoding="utf-8")
            yield CorpusPage(f"{source.name}/{key}", entry.get("url", ""), raw.decode("utf-8", errors="replace"), truth)


def real_pages() -> Iterator[CorpusPage]:
    yield from _shipped_pages()
    yield from _scrapinghub_pages()


def run_precall(page: CorpusPage) -> str:
    return extract_page(page.html.encode("utf-8"), page.url).text


def run_trafilatura(page: CorpusPage) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def run_readability(page: CorpusPage) -> str:
    summary = Document(page.html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


EXTRACTORS: dict[str, Callable[[CorpusPage], str]] = {
    "precall": run_precall, "trafilatura": run_trafilatura, "readability-lxml": run_readability,
}


TIMED_ROUNDS = 3


def _timed(extractor: Callable[[CorpusPage], str], page: CorpusPage) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        text = extractor(page)
    except Exception:  # a crash on a page scores zero for that page, as it would for a user
        text = ""
    return text, time.perf_counter() - start


def evaluate(pages: list[CorpusPage]) -> dict[str, dict[str, Any]]:
    """Scores per extractor. Timing takes each page's fastest of ``TIMED_ROUNDS`` runs,
    the extractors taking turns page by page, so a burst of load from other processes
    on a shared machine cannot land on one extractor only."""
    for extractor in EXTRACTORS.values():  # warm-up: imports, lazily built stop lists, caches
        for page in pages:
            _timed(extractor, page)
    texts: dict[str, list[str]] = {name: [] for name in EXTRACTORS}
    fastest: dict[str, list[float]] = {name: [float("inf")] * len(pages) for name in EXTRACTORS}
    for round_number in range(TIMED_ROUNDS):
        for index, page in enumerate(pages):
            for name, extractor in EXTRACTORS.items():
                text, seconds = _timed(extractor, page)
                fastest[name][index] = min(fastest[name][index], seconds)
                if round_number == 0:
                    texts[name].append(text)
    scores: dict[str, dict[str, Any]] = {}
    for name in EXTRACTORS:
        rows = [prf(text, page.truth) for text, page in zip(texts[name], pages)]
        elapsed = sum(fastest[name])
        by_source: dict[str, list[float]] = {}
        for page, row in zip(pages, rows):
            by_source.setdefault(page.name.split("/", 1)[0] if "/" in page.name else "", []).append(row[2])
        scores[name] = {
            "precision": statistics.mean(r[0] for r in rows), "recall": statistics.mean(r[1] for r in rows),
            "f1": statistics.mean(r[2] for r in rows), "pages_per_second": len(pages) / elapsed if elapsed else 0.0,
            "f1_by_source": {source: round(statistics.mean(f1s), 3) for source, f1s in by_source.items() if source},
        }
    return scores


def report(corpus: str, pages: list[CorpusPage]) -> Iterator[dict[str, Any]]:
    scores = evaluate(pages)
    ours, traf, read = scores["precall"], scores["trafilatura"], scores["readability-lxml"]
    extra: dict[str, Any] = {"corpus": corpus, "pages": len(pages)}
    by_source = {source: {name: scores[name]["f1_by_source"][source] for name in EXTRACTORS}
                 for source in ours["f1_by_source"]}
    yield result(f"extract_f1_{corpus}", ours["f1"], "F1", traf["f1"], baseline_name="trafilatura",
                 readability_lxml_f1=round(read["f1"], 3), precision=round(ours["precision"], 3),
                 recall=round(ours["recall"], 3), trafilatura_precision=round(traf["precision"], 3),
                 trafilatura_recall=round(traf["recall"], 3), **extra, **({"f1_by_source": by_source} if by_source else {}))
    yield result(f"extract_f1_{corpus}_vs_readability", ours["f1"], "F1", read["f1"],
                 baseline_name="readability-lxml", **extra)
    yield result(f"extract_pages_per_second_{corpus}", ours["pages_per_second"], "pages/s",
                 traf["pages_per_second"], baseline_name="trafilatura",
                 readability_lxml_pages_per_second=round(read["pages_per_second"], 1), **extra)


def run() -> Iterator[dict[str, Any]]:
    real = list(real_pages())
    if real:
        yield from report("real", real)
    yield from report("generated", list(generated_pages()))
