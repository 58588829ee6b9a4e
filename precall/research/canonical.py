"""One address per page: the canonical form research items are deduplicated by.

Scheme and host lower-cased, default ports, fragments and tracking parameters
(``utm_*``, ``fbclid``, ...) dropped, remaining query parameters sorted. A page's own
``<link rel=canonical>`` is honoured only when it stays on the same site: a page must
not be able to file itself under another site's address.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

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
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        pass
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


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
