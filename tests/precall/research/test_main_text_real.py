"""Main text on real pages (the benchmark's corpus, see tests/benchmarks/data/extract/real):
each test pins a general rule of ``main_text`` to a page where it made the difference."""

from __future__ import annotations

import lzma
from pathlib import Path

import lxml.html

from precall.research import main_text
from precall.research.extract import extract_page

REAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "extract" / "real"


def real_page(source: str, key: str) -> bytes:
    return lzma.decompress((REAL / source / "pages" / f"{key}.html.xz").read_bytes())


def test_reader_comments_are_not_main_text() -> None:
    # trafilatura's balanced mode keeps this site's comment thread (markup it does not
    # know as comments); precision mode, which main_text asks for first, drops it.
    text = extract_page(real_page("newspaper4k", "spanish_article"), "http://ultimahora.es/mallorca/noticia/x.html").text
    assert text.startswith("El fiscal Pedro Horrach está perfilando")
    assert "Hace 28 minutos" not in text
    assert "cocido Madrileño" not in text


def test_newsletter_box_after_the_article_is_dropped() -> None:
    text = extract_page(real_page("newspaper4k", "latvian_article"), "https://www.lsm.lv/raksts/x").text
    assert "Bojāgājušo vidū ir arī kāda Lietuvas pilsone." in text
    assert "Piesakies LSM pasta saņemšanai" not in text
    assert "sīkdatnes" not in text  # the cookie notice


def test_japanese_teaser_is_long_enough_without_the_page_furniture() -> None:
    # 235 characters of Japanese are a whole lead paragraph; counted as Latin letters they
    # looked too short, and the fallback brought in the sign-up and navigation links.
    text = extract_page(real_page("newspaper4k", "japanese_article"), "https://www.nikkei.com/article/x/").text
    assert text.startswith("６月12日の歴史的な米朝首脳会談")
    assert "新規会員登録" not in text
    assert "電子版トップ" not in text


def test_text_weight_counts_han_kana_and_hangul_as_words() -> None:
    assert main_text.text_weight("abc") == 3
    assert main_text.text_weight("会員限定") == 12
    assert main_text.text_weight("한국어") == 9
    assert main_text.text_weight("ภาษาไทย") == 7  # Thai is alphabetic: letters count once


def test_block_of_story_links_after_the_article_is_cut() -> None:
    text = extract_page(real_page("newspaper4k", "time_001"), "https://time.com/6330957/x/").text
    assert "Michael Oppenheimer" in text  # the last paragraph stays
    assert "More Must-Reads From TIME" not in text
    assert "Snooze Button" not in text
    assert "Worth Your Time" not in text


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def test_trailing_links_need_two_links_and_stop_at_sentences() -> None:
    tree = _tree("<p>First paragraph of the story.</p><p>Last paragraph, see <a href=/r>the report</a>.</p>"
                 "<h3>Recent articles</h3><ul><li><a href=/a>Alpha launches</a> - 4 March</li>"
                 "<li><a href=/b>Beta closes a round</a></li></ul><ul><li>Plain point one</li><li>Plain point two</li></ul>")
    text = ("First paragraph of the story.\nLast paragraph, see the report.\nRecent articles\n"
            "- Alpha launches - 4 March\n- Beta closes a round")
    assert main_text.drop_trailing_links(text, tree) == "First paragraph of the story.\nLast paragraph, see the report."
    # One link is not a block, and a list of plain points is the article's own.
    one = "First paragraph of the story.\nRecent articles\n- Beta closes a round"
    assert main_text.drop_trailing_links(one, tree) == one
    plain = "First paragraph of the story.\n- Plain point one\n- Plain point two"
    assert main_text.drop_trailing_links(plain, tree) == plain


def test_benchmark_reads_every_real_page_with_its_truth() -> None:
    from tests.benchmarks import bench_extract

    pages = list(bench_extract.real_pages())
    assert len(pages) >= 50
    assert all(page.truth.strip() and "<html" in page.html[:5000].lower() for page in pages)
    chinese = next(page for page in pages if page.name.endswith("/chinese_article"))
    english = next(page for page in pages if page.name.endswith("/cnn_article"))
    assert bench_extract.unspaced_script(chinese.truth) and not bench_extract.unspaced_script(english.truth)
    # Character shingles: a Chinese page scored on word shingles would be one "word" per clause.
    assert bench_extract.prf(chinese.truth, chinese.truth) == (1.0, 1.0, 1.0)
    half = chinese.truth[: len(chinese.truth) // 2]
    assert 0.4 < bench_extract.prf(half, chinese.truth)[1] < 0.6  # half the text, half the recall
