"""Organisation facts and article metadata from JSON-LD, OpenGraph and meta tags.

JSON-LD comes from strangers: a block is skipped when it is too large or nested too
deeply for ``json.loads`` (which raises ``RecursionError`` near 1,000 levels), and the
graph is walked iteratively with a node budget, so no page can make this slow or crash.
"""

from __future__ import annotations

import json
import logging
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

log = logging.getLogger("precall.research")

MAX_JSONLD_CHARS = 1_000_000
MAX_JSONLD_DEPTH = 64
MAX_JSONLD_NODES = 5_000
MAX_FACT_CHARS = 2_000

ORGANISATION_TYPES = frozenset({
    "organization", "corporation", "localbusiness", "ngo", "educationalorganization", "governmentorganization",
    "newsmediaorganization", "medicalorganization", "sportsorganization", "airline", "store", "onlinebusiness",
    "onlinestore", "professionalservice", "financialservice", "researchorganization", "consortium",
})
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "techarticle", "scholarlyarticle",
    "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "report", "pressrelease",
    "liveblogposting", "socialmediaposting", "backgroundnewsarticle",
})
SOCIAL_HOSTS = ("linkedin.com", "twitter.com", "x.com", "facebook.com", "instagram.com", "youtube.com",
                "github.com", "xing.com", "tiktok.com", "mastodon.social", "threads.net", "bsky.app")


@dataclass
class PageMetadata:
    """What the markup says about itself, before looking at the visible text."""

    title: str = ""
    author: str = ""
    published: str = ""  # as written; parsed by the caller
    description: str = ""
    site_name: str = ""
    canonical: str = ""
    article_body: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


def json_depth(text: str) -> int:
    """How deeply brackets nest in ``text``, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def load_jsonld(text: str) -> Any | None:
    """Parse one JSON-LD block, or None if it is unusable (too big, too deep, invalid)."""
    text = text.strip()
    if not text or len(text) > MAX_JSONLD_CHARS:
        return None
    if text.startswith("<!--"):  # some CMSs wrap the JSON in a comment
        text = text[4:].removesuffix("-->")
    if json_depth(text) > MAX_JSONLD_DEPTH:
        log.debug("JSON-LD nested too deeply; skipped")
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def iter_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document, breadth first, within a node budget."""
    queue: deque[Any] = deque([data])
    seen = 0
    while queue and seen < MAX_JSONLD_NODES:
        value = queue.popleft()
        seen += 1
        if isinstance(value, dict):
            yield value
            queue.extend(v for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            queue.extend(v for v in value if isinstance(v, (dict, list)))


def types_of(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def text_of(value: Any, limit: int = MAX_FACT_CHARS) -> str:
    """A plain string from a JSON-LD value (string, number, {"name": ...} or a list)."""
    if isinstance(value, str):
        return " ".join(value.split())[:limit]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "value", "text", "url", "@id"):
            if key in value:
                return text_of(value[key], limit)
    if isinstance(value, list):
        parts = [text_of(v, limit) for v in value[:10]]
        return ", ".join(p for p in parts if p)[:limit]
    return ""


def _address(value: Any) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        keys = ("streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry")
        return ", ".join(p for p in (text_of(value.get(k)) for k in keys) if p)
    return text_of(value)


def _employees(value: Any) -> str:
    if isinstance(value, dict):
        if "value" in value:
            return text_of(value["value"])
        low, high = text_of(value.get("minValue")), text_of(value.get("maxValue"))
        if low or high:
            return f"{low}–{high}" if low and high else low or high
    return text_of(value)


def organisation_facts(node: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    simple = {"name": "name", "legalName": "legal_name", "description": "description", "url": "website",
              "telephone": "telephone", "email": "email", "foundingDate": "founded", "slogan": "slogan",
              "industry": "industry", "tickerSymbol": "ticker", "founder": "founders"}
    for key, fact in simple.items():
        if key in node and (value := text_of(node[key])):
            facts[fact] = value
    if "logo" in node and (logo := text_of(node["logo"])):
        facts["logo"] = logo
    if "address" in node and (address := _address(node["address"])):
        facts["address"] = address
    elif "location" in node and (address := _address(node["location"].get("address") if isinstance(node["location"], dict) else node["location"])):
        facts["address"] = address
    if "numberOfEmployees" in node and (count := _employees(node["numberOfEmployees"])):
        facts["employee_count"] = count
    same_as = node.get("sameAs")
    links = same_as if isinstance(same_as, list) else [same_as]
    profiles = [link.strip() for link in links if isinstance(link, str) and link.strip().startswith("http")]
    if profiles:
        facts["social_profiles"] = profiles[:20]
    return facts


def _meta(tree: etree._Element) -> dict[str, str]:
    """<meta> values by lower-cased property/name/itemprop; the first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), " ".join(value.split())[:MAX_FACT_CHARS])
    return found


def read_metadata(tree: etree._Element) -> PageMetadata:
    """Metadata from ``<meta>``, ``<link rel=canonical>`` and JSON-LD of a parsed page."""
    meta = _meta(tree)
    result = PageMetadata()
    facts: dict[str, Any] = {}
    article: dict[str, Any] | None = None
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = load_jsonld(script.text or "")
        if data is None:
            continue
        for node in iter_nodes(data):
            kinds = types_of(node)
            if kinds & ORGANISATION_TYPES and not facts.get("name"):
                facts.update({k: v for k, v in organisation_facts(node).items() if k not in facts})
            if kinds & ARTICLE_TYPES and (article is None or ("articleBody" in node and "articleBody" not in article)):
                article = node
    if article is not None:
        result.title = text_of(article.get("headline") or article.get("name"))
        result.author = text_of(article.get("author"), 200)
        result.published = text_of(article.get("datePublished") or article.get("dateCreated"), 60)
        result.description = text_of(article.get("description"))
        body = article.get("articleBody")
        result.article_body = body.strip()[:MAX_JSONLD_CHARS] if isinstance(body, str) else ""
        publisher = article.get("publisher")
        if isinstance(publisher, dict) and not facts.get("name"):
            facts.update(organisation_facts(publisher))
    result.title = result.title or meta.get("og:title", "") or meta.get("twitter:title", "")
    result.author = result.author or meta.get("author", "") or meta.get("article:author", "") or meta.get("dc.creator", "")
    if result.author.startswith("http"):  # article:author is often a profile URL, not a name
        result.author = ""
    result.published = result.published or next(
        (meta[k] for k in ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
                           "dc.date.issued", "pubdate", "publishdate", "parsely-pub-date", "sailthru.date")
         if k in meta), "")
    result.description = result.description or meta.get("og:description", "") or meta.get("description", "") \
        or meta.get("twitter:description", "")
    result.site_name = meta.get("og:site_name", "") or meta.get("application-name", "")
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            result.canonical = link.get("href", "").strip()
            break
    result.canonical = result.canonical or meta.get("og:url", "")
    if result.site_name and "name" not in facts:
        facts["name"] = result.site_name
    # A page's own description describes the organisation only on non-article pages
    # (home, about); on a news page it describes the article.
    is_article = article is not None or meta.get("og:type", "").lower() == "article"
    if "description" not in facts and result.description and facts and not is_article:
        facts["description"] = result.description
    for key in ("twitter:site", "twitter:creator"):
        handle = meta.get(key, "")
        if re.fullmatch(r"@\w{1,30}", handle):
            facts.setdefault("social_profiles", [])
            profile = f"https://twitter.com/{handle[1:]}"
            if profile not in facts["social_profiles"]:
                facts["social_profiles"].append(profile)
    result.facts = facts
    return result


def social_links(tree: etree._Element, limit: int = 20) -> list[str]:
    """Links to known social networks anywhere on the page (footers list them)."""
    found: list[str] = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href.startswith(("http://", "https://")):
            continue
        host = href.split("/", 3)[2].lower().split(":")[0]
        if any(host == h or host.endswith("." + h) for h in SOCIAL_HOSTS) and href not in found:
            found.append(href)
            if len(found) >= limit:
                break
    return found
