"""The one check every URL passes before Precall stores or fetches it.

URLs come from the command line, the app, shared templates, calendars and links on
scraped pages. ``urllib.parse`` accepts far more than can be fetched: it raises
``ValueError`` on ``https://[::1`` only when split, and on port 99999 only when
``.port`` is read, so a bad URL stored today used to kill a whole refresh later.
``validate_url`` refuses such URLs at the door, with a message naming the URL and what
is wrong with it, and returns the URL in one normal form:

    url = validate_url(text)            # raises ValidationError

Normal form: surrounding whitespace removed, scheme and ASCII host in lower case, an
explicit port written as plain digits. Path, query and fragment are kept as given
(canonical.py decides which URLs count as the same page).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

import idna

from precall.errors import ValidationError
from precall.net.addresses import non_public_reason

#: Longer URLs are refused: browsers and servers commonly stop at 2-8 KB, and a
#: longer one in a template or on a page is an attack or an accident, not a source.
MAX_URL_LENGTH = 4096

_SCHEMES = ("http", "https")
# Host names as they are registered and used on the web: letters, digits, hyphen, and
# underscore (seen in real sub-domains). Anything else in an ASCII host is refused.
_ASCII_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def _shown(text: str) -> str:
    """The URL as it may be shown in a message: escaped (no control characters or lone
    surrogates reach the terminal) and shortened."""
    shown = ascii(text) if _has_unprintable(text) else repr(text)
    return shown if len(shown) <= 120 else shown[:100] + "…" + shown[-15:]


def _has_unprintable(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Cf", "Zl", "Zp") for ch in text)


def _bad_character(text: str) -> str | None:
    """Why ``text`` cannot be a URL because of one of its characters, or None."""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            return "contains a lone surrogate (broken text encoding)"
        if category == "Cc":
            return f"contains the control character U+{ord(ch):04X}"
        if ch.isspace() or category in ("Zs", "Zl", "Zp"):
            return "contains a space or line break"
        if category == "Cf":
            return f"contains the invisible formatting character U+{ord(ch):04X}"
    return None


def _check_ipv6(inner: str, url: str, field: str) -> str:
    """The bracketed IPv6 literal ``inner`` (between the brackets), checked, in lower case."""
    address, _, zone = inner.partition("%")
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        raise ValidationError(f"{_shown(url)} is not a usable web address: [{inner}] is not an IPv6 address.", field) from None
    if "%" in inner:
        zone_name = unquote(zone[2:] if zone[:2] == "25" else zone)
        if not zone_name or not re.fullmatch(r"[A-Za-z0-9._~-]+", zone_name):
            raise ValidationError(f"{_shown(url)} is not a usable web address: bad IPv6 zone {zone!r}.", field)
        return f"{parsed.compressed}%25{zone_name}"
    return parsed.compressed


def _check_host(host: str, url: str, field: str) -> str:
    """The host part (no brackets, no port), checked, in the form kept in the URL."""
    if not host:
        raise ValidationError(f"{_shown(url)} has no host name.", field)
    if host.isascii():
        name = host.lower()
        labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
        if len(name.rstrip(".")) > 253 or not all(_ASCII_LABEL.match(label) for label in labels):
            raise ValidationError(f"{_shown(url)} is not a usable web address: {host!r} is not a valid host name.", field)
        if labels[-1].isdigit() or labels[-1].startswith("0x"):
            # No top-level domain is numeric: a host ending in a number is an IPv4
            # address, and only the dotted-quad form is accepted (browsers read
            # "127.1", "2130706433" and "0x7f.1" as 127.0.0.1; resolvers differ).
            try:
                ipaddress.IPv4Address(name.rstrip("."))
            except ValueError:
                raise ValidationError(f"{_shown(url)} is refused: {host!r} is a numeric address in a form that is not a dotted IPv4 address (a disguise for a local or private one).", field) from None
        for label in labels:
            if label.startswith("xn--"):
                # An already-encoded international label must decode, or no resolver finds it.
                try:
                    idna.decode(label)
                except (idna.IDNAError, UnicodeError, ValueError):
                    raise ValidationError(
                        f"{_shown(url)} is not a usable web address: {host!r} is not a valid international host name.", field
                    ) from None
        return name
    # An internationalised name: it must encode the way requests will encode it
    # (IDNA 2008 with UTS 46 mapping), or the fetch would fail later.
    try:
        encoded = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        raise ValidationError(f"{_shown(url)} is not a usable web address: {host!r} is not a valid international host name.", field) from None
    _check_host(encoded, url, field)
    return host.lower()


def _split(text: str, field: str) -> SplitResult:
    try:
        return urlsplit(text)
    except ValueError as exc:
        raise ValidationError(f"{_shown(text)} is not a usable web address ({exc}).", field) from None


def validate_url(text: str, *, field: str = "url") -> str:
    """``text`` as a checked, normalised absolute http(s) URL, or a ValidationError.

    Refuses: other schemes, no host, a user name or password, a port outside 1-65535,
    a malformed or unbracketed IPv6 literal, a host that is not a valid (or IDNA
    encodable) host name, control characters, lone surrogates or whitespace inside,
    and URLs longer than ``MAX_URL_LENGTH``. ``field`` names the field in the error.
    """
    if not isinstance(text, str):
        raise TypeError(f"validate_url takes a str, not {type(text).__name__}")
    url = text.strip()
    if not url:
        raise ValidationError("The web address is empty.", field)
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(f"{_shown(url)} is too long for a web address ({len(url)} characters, at most {MAX_URL_LENGTH}).", field)
    problem = _bad_character(url)
    if problem:
        raise ValidationError(f"{_shown(url)} is not a usable web address: it {problem}.", field)
    parts = _split(url, field)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise ValidationError(f"{_shown(url)} is not a web address: only http and https are allowed ({shown}).", field)
    netloc = parts.netloc
    if "@" in netloc:
        raise ValidationError(f"{_shown(url)} contains a user name or password; give the address without them.", field)
    if netloc.startswith("["):
        inner, bracket, rest = netloc[1:].partition("]")
        if not bracket:
            raise ValidationError(f"{_shown(url)} is not a usable web address: the IPv6 address has no closing ']'.", field)
        host = "[" + _check_ipv6(inner, url, field) + "]"
        if rest and not rest.startswith(":"):
            raise ValidationError(f"{_shown(url)} is not a usable web address: unexpected {rest!r} after the IPv6 address.", field)
        port_text = rest[1:] if rest else None
    else:
        if "[" in netloc or "]" in netloc:
            raise ValidationError(f"{_shown(url)} is not a usable web address: misplaced '[' or ']' in the host.", field)
        name, colon, port_text_raw = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
        if colon and ":" in name:
            raise ValidationError(f"{_shown(url)} is not a usable web address: an IPv6 address must be written in [brackets].", field)
        host = _check_host(name, url, field)
        port_text = port_text_raw if colon else None
    if port_text:
        if not _PORT.match(port_text) or not 1 <= int(port_text) <= 65535:
            raise ValidationError(f"{_shown(url)} has the port {port_text!r}; a port is a number from 1 to 65535.", field)
        host = f"{host}:{int(port_text)}"
    return urlunsplit((scheme, host, parts.path, parts.query, parts.fragment))


def url_host(hostname: str) -> str:
    """A host name as written inside a URL: IPv6 literals get their brackets back
    (``urlsplit().hostname`` drops them, and "http://::1:80/" is not a URL)."""
    return f"[{hostname}]" if ":" in hostname else hostname


def is_valid_url(text: str) -> bool:
    """True if ``validate_url`` accepts ``text`` (for links that are skipped when bad)."""
    try:
        validate_url(text)
    except ValidationError:
        return False
    return True


def literal_address_refusal(url: str) -> str | None:
    """Why ``url``'s host, when written as an IP address, is not a public one (or None).

    For doors that would store an address only ever refused when fetched: a host name
    needs a look-up at fetch time, but a literal address can be judged at once."""
    host = urlsplit(url).hostname or ""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    reason = non_public_reason(address)
    return f"{host} is a {reason} address" if reason else None
