"""What ``net.urls`` promises, where the mutation run found nothing watching: how a refused
URL is shown (escaped, shortened at both ends), a stray bracket named as such, an
internationalised name checked again once encoded, and ``is_valid_url`` answering True."""

from __future__ import annotations

import pytest

from precall.errors import ValidationError
from precall.net.urls import is_valid_url, validate_url


def refusal(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_url(text)
    return str(caught.value)


def test_a_long_refused_url_is_shown_by_its_start_and_its_end() -> None:
    url = "https://example.com/" + "a" * 5000 + "/the-end"
    shown = repr(url)
    assert refusal(url) == (f"{shown[:100]}…{shown[-15:]} is too long for a web address "
                            f"({len(url)} characters, at most 4096).")


def test_a_url_with_a_control_character_is_shown_all_escaped() -> None:
    assert refusal("https://münchen.de/\x07").startswith("'https://m\\xfcnchen.de/\\x07' is not a usable web address")
    # Without one it is shown as it was typed.
    assert refusal("https://münchen.de:0/").startswith("'https://münchen.de:0/' has the port")


def test_a_stray_bracket_in_a_host_is_named() -> None:
    for url in ("https://a[::1]/", "https://a[::1]b/"):
        assert refusal(url).endswith("is not a usable web address: misplaced '[' or ']' in the host.")


def test_an_international_name_is_checked_again_once_encoded() -> None:
    # "ü.123" encodes to "xn--tda.123": a numeric last label, as refused in ASCII.
    assert "a numeric address in a form that is not a dotted IPv4 address" in refusal("http://ü.123/")
    assert validate_url("http://bücher.example/") == "http://bücher.example/"


def test_is_valid_url_says_true_for_a_good_url() -> None:
    assert is_valid_url("https://example.com/") is True
    assert is_valid_url("https://example.com:0/") is False
