"""One address per page: the canonical form research items are deduplicated by.

Scheme and host lower-cased, default ports, fragments and tracking parameters
(``utm_*``, ``fbclid``, ...) dropped, remaining query parameters sorted. A page's own
``<link rel=canonical>`` is honoured only when it stays on the same site: a page must
not be able to file itself under another site's address.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import idna

from precall.net.urls import url_host

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_hsenc",
    "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "ref_src", "cmpid", "s_cid", "_ga",
    "ncid", "sr_share", "spm", "__s",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical form of an absolute http(s) URL (other input is returned trimmed)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = url_host(_canonical_host(parts.hostname))
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def _canonical_host(hostname: str) -> str:
    """Lower case, no trailing dot, international names in their ASCII (IDNA 2008,
    UTS 46) form as requests sends them, IPv6 literals compressed (zone id kept)."""
    host = hostname.lower().rstrip(".")
    if ":" in host:
        address, percent, zone = host.partition("%")
        try:
            address = ipaddress.IPv6Address(address).compressed
        except ValueError:
            return host
        return address + percent + zone
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            pass  # not encodable: validate_url refuses such hosts before they are fetched
    return host


def _site(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def choose_canonical(fetched_url: str, declared: str | None) -> str:
    """The canonical URL of a page fetched from ``fetched_url`` that declares ``declared``."""
    base = canonical_url(fetched_url)
    if not declared:
        return base
    try:
        candidate = canonical_url(urljoin(fetched_url, declared.strip()))
        fetched_host = urlsplit(base).hostname or ""
        declared_host = urlsplit(candidate).hostname or ""
    except ValueError:
        return base
    if not candidate.startswith(("http://", "https://")) or _site(fetched_host) != _site(declared_host):
        return base
    return candidate
