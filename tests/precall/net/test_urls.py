"""validate_url: the one door check for every URL (command line, templates, calendars,
discovered links, stored sources)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precall.errors import ValidationError
from precall.net.urls import MAX_URL_LENGTH, is_valid_url, validate_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  HTTPS://Example.COM/Path?q=A#Frag ", "https://example.com/Path?q=A#Frag"),
        ("http://localhost:8080/x", "http://localhost:8080/x"),
        ("https://[::1]:8443/a", "https://[::1]:8443/a"),
        ("https://[2001:DB8:0:0::1]/", "https://[2001:db8::1]/"),
        ("https://[fe80::1%25eth0]/", "https://[fe80::1%25eth0]/"),
        ("http://münchen.de/", "http://münchen.de/"),
        ("http://xn--mnchen-3ya.de/", "http://xn--mnchen-3ya.de/"),
        ("https://a_b.example.com", "https://a_b.example.com"),
        ("https://example.com.", "https://example.com."),
        ("https://1.2.3.4:65535/", "https://1.2.3.4:65535/"),
        ("https://example.com:/x", "https://example.com/x"),
        ("https://example.com:080/x", "https://example.com:80/x"),
    ],
)
def test_good_urls_come_back_normalised(text: str, expected: str) -> None:
    assert validate_url(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("example.com", "only http and https"),
        ("ftp://example.com/", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("https:///path", "no host"),
        ("https://example.com:99999/", "port"),
        ("https://example.com:0/", "port"),
        ("https://example.com:65536/", "port"),
        ("https://example.com:-1/", "port"),
        ("https://example.com:8o/", "port"),
        ("https://example.com:\u0668\u0660/", "port"),
        ("https://[::1", "IPv6"),
        ("https://[::1/x", "IPv6"),
        ("https://[::g]/", "IPv6"),
        ("https://[1.2.3.4]/", "usable"),
        ("https://::1/", "brackets"),
        ("https://[::1]x/", "after the IPv6"),
        ("https://exa]mple.com/", "usable"),
        ("https://user:pw@example.com/", "password"),
        ("https://exa mple.com/", "space"),
        ("https://example.com/a b", "space"),
        ("https://example.com/\nx", "control character"),
        ("https://example.com/\x00", "control character"),
        ("https://example.com/\x9b31m", "control character"),
        ("https://example.com/\ud800", "surrogate"),
        ("https://exa\u200bmple.com/", "invisible"),
        ("https://a..b/", "not a valid host name"),
        ("https://-a.com/", "not a valid host name"),
        ("https://a<b.com/", "not a valid host name"),
        ("https://" + "a" * 64 + ".com/", "not a valid host name"),
        ("https://999.1.1.1/", "IPv4"),
        ("https://xn--a.com/", "international"),
        ("https://\u0660\u06f0.com/", "international"),
        ("https://\u2603.com/", "international"),
        ("https://example.com/" + "a" * MAX_URL_LENGTH, "too long"),
    ],
)
def test_bad_urls_are_refused_with_the_url_and_the_problem(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_url(text, field="source")
    message = str(caught.value)
    assert words.lower() in message.lower()
    assert caught.value.field == "source"
    if text.strip():
        assert text[:20].encode("ascii", "backslashreplace").decode() in message or text[:20] in message
    # The message itself is safe to print: no control characters, no lone surrogates.
    assert message.isprintable()
    assert "\n" not in message
    assert not is_valid_url(text)


def test_a_non_string_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        validate_url(b"https://example.com")  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_either_accepted_or_refused_in_words(text: str) -> None:
    try:
        url = validate_url("https://" + text)
    except ValidationError as exc:
        assert str(exc).isprintable()
    else:
        # What is accepted can be split and its port read without ValueError, and is stable.
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.hostname
        assert parts.port is None or 1 <= parts.port <= 65535
        assert validate_url(url) == url
