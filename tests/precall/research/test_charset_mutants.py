"""charset.py's decisions one by one: the byte-order mark, the truncated-UTF-8 rule, the
detector's sample and the language hint (the mutation run found these unchecked)."""

from __future__ import annotations

import codecs

from precall.research.charset import (
    DETECT_SAMPLE_BYTES,
    bom_encoding,
    decode_html,
    detect_encoding,
    guess_encoding,
    normalise_encoding,
)

PROSE = ("Le prix est de 5 euros. " * 20).encode("ascii")
RUSSIAN = "<html><body>Привет мир, как дела? Всё хорошо, спасибо. Москва. </body></html>".encode("cp1251")


def test_no_label_is_no_encoding() -> None:
    assert normalise_encoding(None) is None
    assert normalise_encoding("") is None
    assert normalise_encoding(' "UTF8" ') == "utf-8"


def test_boms_are_recognised_with_their_length() -> None:
    assert bom_encoding(codecs.BOM_UTF8 + b"x") == ("utf-8", 3)
    assert bom_encoding(codecs.BOM_UTF16_LE + "x".encode("utf-16-le")) == ("utf-16-le", 2)
    assert bom_encoding(b"<html>") is None


def test_a_bom_decides_and_is_not_part_of_the_text() -> None:
    data = codecs.BOM_UTF8 + "Köln".encode("utf-8")
    assert detect_encoding(data, "iso-8859-1") == "utf-8"
    assert decode_html(data, "iso-8859-1") == "Köln"
    utf16 = codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be")
    assert detect_encoding(utf16) == "utf-16-be"
    assert decode_html(utf16) == "Grüße"


def test_declared_then_markup_then_xml() -> None:
    page = b'<html><head><meta charset="koi8-r"></head><body>x</body></html>'
    assert detect_encoding(page) == "koi8-r"
    assert detect_encoding(page, "windows-1251") == "cp1251"
    assert detect_encoding(page, "no-such-charset") == "koi8-r"
    xml = b'<?xml version="1.0" encoding="iso-8859-2"?><rss/>'
    assert detect_encoding(xml) == "iso8859-2"
    assert decode_html("Zażółć".encode("cp1250"), "cp1250") == "Zażółć"


def test_valid_utf8_is_utf8_without_asking_the_detector() -> None:
    assert detect_encoding("Grüße aus Köln".encode("utf-8")) == "utf-8"
    assert detect_encoding(b"plain ascii") == "utf-8"


def test_utf8_cut_in_a_multibyte_character_is_still_utf8() -> None:
    cut = PROSE + "€".encode("utf-8")[:2]
    assert detect_encoding(cut) == "utf-8"
    assert decode_html(cut).startswith("Le prix")


def test_a_bad_byte_at_the_end_is_not_taken_for_a_cut() -> None:
    # 0x80 cannot start a UTF-8 character: the page is some legacy code page, even though
    # the bad byte sits within the last three.
    assert detect_encoding(PROSE + b"\x80") != "utf-8"


def test_no_guess_for_noise_or_nothing() -> None:
    assert guess_encoding(b"") is None
    assert guess_encoding(bytes(range(256)) * 4) is None
    assert detect_encoding(bytes(range(128, 256)) * 4) == "utf-8"  # undecidable: the last resort


def test_a_detector_failure_is_no_guess() -> None:
    # The detector refuses input it cannot read (here: text instead of bytes); that must be
    # "no guess", never an exception that costs the page.
    assert guess_encoding("already text") is None  # type: ignore[arg-type]


def test_the_best_guess_wins_over_windows_1252_when_it_is_clearly_better() -> None:
    assert guess_encoding(RUSSIAN) == "cp1251"
    assert decode_html(RUSSIAN).startswith("<html><body>Привет мир")


def test_the_page_language_picks_its_legacy_code_page() -> None:
    polish = '<html lang="pl"><body>Zażółć gęślą jaźń. Łódź. </body></html>'.encode("cp1250")
    assert guess_encoding(polish) == "cp1250"


def test_only_a_sample_goes_to_the_detector() -> None:
    # Past the sample, nothing counts: ASCII for the whole sample reads as windows-1252.
    tail = ("Привет мир, как дела? Всё хорошо. " * 300).encode("cp1251")
    assert DETECT_SAMPLE_BYTES == 64 * 1024
    assert guess_encoding(b"a" * DETECT_SAMPLE_BYTES + tail) == "cp1252"
