"""extract_page on saved pages: main text without boilerplate, metadata and facts."""

from __future__ import annotations

from datetime import date

import pytest

from precall.research.extract import extract_page
from tests.precall.research.helpers import PAGES

BOILERPLATE = ["We use cookies", "Accept all cookies", "Related articles", "Subscribe to our newsletter",
               "All rights reserved", "Solutions", "Newsroom", "Five ways to prepare", "Follow us", "Share"]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_press_release_main_text_without_boilerplate() -> None:
    result = extract_page(page("press_release.html"), "https://news.northwind.example/2026/10/rotterdam-hub")
    assert result.title == "Northwind Logistics opens automated hub in Rotterdam"
    assert result.published == date(2026, 10, 14)
    assert result.author == "Maria Jansen"
    assert result.text.startswith("Northwind Logistics today opened a fully automated cross-dock hub")
    assert "robotics apprenticeship" in result.text
    assert "Sustainability targets" in result.text
    for noise in BOILERPLATE:
        assert noise not in result.text, noise
    assert result.summary.startswith("Northwind Logistics opened a fully automated")
    assert result.canonical_url == "https://news.northwind.example/2026/10/rotterdam-hub?utm_source=rss"


def test_press_release_organisation_facts() -> None:
    facts = extract_page(page("press_release.html"), "https://news.northwind.example/x").facts
    assert facts["name"] == "Northwind Logistics B.V."
    assert facts["address"] == "Waalhaven Z.z. 42, 3089 JH, Rotterdam, NL"
    assert facts["employee_count"] == "4200"
    assert facts["founded"] == "1998"
    assert "https://www.linkedin.com/company/northwind-logistics" in facts["social_profiles"]
    assert "https://twitter.com/northwindlog" in facts["social_profiles"]
    # The article's description is not the organisation's.
    assert "description" not in facts


def test_windows_1252_declared_by_http_equiv() -> None:
    result = extract_page(page("blog_windows1252.html"), "https://ledger.example/erp")
    assert result.author == "Chloé Dubois"
    assert "€50–500 million" in result.text
    assert "“We cannot see inventory" in result.text
    assert "café-style" in result.text
    assert result.published == date(2026, 9, 3)
    assert "Great post" not in result.text and "Archive" not in result.text


def test_shift_jis_declared_by_meta_charset() -> None:
    result = extract_page(page("about_shift_jis.html"), "https://tokai-seimitsu.example/company")
    assert result.title == "会社概要"
    assert "自動車向けの精密部品" in result.text
    assert "従業員は約八百名" in result.text
    assert result.facts["name"] == "東海精密工業株式会社"
    assert result.facts["description"].startswith("東海精密工業は")


def test_utf8_without_any_declaration_is_not_read_as_latin1() -> None:
    result = extract_page(page("news_no_charset.html"), "https://fintech.example/claims")
    assert result.title == "Zürich insurers bet on claims automation"
    assert "Switzerland’s largest insurers" in result.text
    assert "Ã" not in result.text and "â€" not in result.text


def test_windows_1252_without_declaration_is_detected() -> None:
    body = ("<html><body><article>" + "<p>Le café de la société coûte très cher à Zürich, déjà réglé.</p>" * 12
            + "</article></body></html>")
    result = extract_page(body.encode("cp1252"), "https://x.example/")
    assert "café de la société coûte très cher" in result.text


def test_byte_order_mark_wins_over_a_wrong_meta() -> None:
    body = "<html><head><meta charset='iso-8859-1'><title>Über uns – Größe</title></head><body><p>x</p></body></html>"
    result = extract_page(b"\xef\xbb\xbf" + body.encode("utf-8"), "https://x.example/")
    assert result.title == "Über uns – Größe"


def test_http_charset_is_honoured() -> None:
    body = "<html><head><title>Ñandú</title></head><body><p>x</p></body></html>".encode("iso-8859-15")
    assert extract_page(body, "https://x.example/", charset="iso-8859-15").title == "Ñandú"


def test_text_input_is_accepted_as_is() -> None:
    result = extract_page("<html><head><title>Plain</title></head><body><p>Hello</p></body></html>", "")
    assert result.title == "Plain"


def test_json_ld_article_body_is_used_when_the_markup_has_no_paragraphs() -> None:
    body = " ".join(["Acme signed a five-year supply agreement with Globex for industrial sensors."] * 8)
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Acme signs",'
            f' "articleBody": "{body}", "datePublished": "2026-05-04"}}</script></head>'
            '<body><div id="app"></div><footer>© Acme</footer></body></html>')
    result = extract_page(html, "https://acme.example/n")
    assert result.text.startswith("Acme signed a five-year supply agreement")
    assert result.title == "Acme signs"
    assert result.published == date(2026, 5, 4)


def test_json_ld_author_list_and_missing_fields() -> None:
    html = ('<html><head><script type="application/ld+json">[{"@type": "BlogPosting", "headline": "H",'
            ' "author": [{"name": "Ann Lee"}, {"name": "Bo Chen"}]}, "junk", 3]</script></head><body></body></html>')
    result = extract_page(html, "")
    assert result.author == "Ann Lee, Bo Chen"
    assert result.published is None


@pytest.mark.parametrize("declared, expected", [
    ("/2026/a?utm_medium=x", "https://example.com/2026/a?utm_medium=x"),
    ("https://other.example/steal", "https://other.example/steal"),  # reported as written...
])
def test_canonical_link_is_made_absolute(declared: str, expected: str) -> None:
    html = f'<html><head><link rel="canonical" href="{declared}"></head><body></body></html>'
    assert extract_page(html, "https://example.com/a").canonical_url == expected


def test_canonical_link_to_a_non_web_scheme_is_dropped() -> None:
    html = '<html><head><link rel="canonical" href="javascript:alert(1)"></head><body></body></html>'
    assert extract_page(html, "https://example.com/a").canonical_url == ""


def test_edge_cleanup_keeps_sentences_that_look_like_furniture() -> None:
    from precall.research.main_text import strip_boilerplate

    text = ("By the end of the year, sales at the plant had doubled\n"
            "Copyright reform will change how publishers license their archives.\n"
            "The middle paragraph is long enough to be the article itself, and it is.\n"
            "By 2030 the company expects to run on renewable power")
    assert strip_boilerplate(text) == text
    framed = "By Maria Jansen · 14 October 2026\n" + text + "\nTags: logistics, ports\n© 2026 Northwind. All rights reserved."
    assert strip_boilerplate(framed) == text


def test_json_ld_article_body_with_escaped_html_becomes_plain_paragraphs() -> None:
    import json

    paragraphs = ["Acme signed a five-year supply agreement with Globex for industrial sensors worth 40 million.",
                  "Deliveries start in March from the plant in Lyon, which will add a second shift for it.",
                  "Globex said the sensors will go into its new line of heat pumps for the Iberian market."]
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs) + "&lt;script&gt;track()&lt;/script&gt;"
    data = json.dumps({"@type": "NewsArticle", "headline": "Acme signs", "articleBody": body})
    html = f'<html><head><script type="application/ld+json">{data}</script></head><body><div id="app"></div></body></html>'
    assert extract_page(html, "https://acme.example/n").text == "\n".join(paragraphs)
